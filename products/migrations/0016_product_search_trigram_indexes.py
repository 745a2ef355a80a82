"""Trigram indexes on the upper-cased name, slug and materials of products, for the back office's
search (``config.admin_input.search_with_indexes``: Django's admin search asks
``UPPER(col::text) LIKE UPPER('%word%')``); without them a search among 50,000 products read the
whole table. PostgreSQL only, and only where pg_trgm exists (``inmates`` migration 0012 creates
it where the database allows); elsewhere the search reads the table.
"""

from django.db import migrations

INDEXES = {
    "product_search_name": "name",
    "product_search_slug": "slug",
    "product_search_materials": "materials",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON products_product USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0015_alter_historicalproduct_name_alter_product_name"),
        ("inmates", "0013_inmate_search_trigram_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
