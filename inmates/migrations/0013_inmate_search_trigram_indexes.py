"""Trigram indexes on the upper-cased name, registration number and display name of inmates, for
the back office's search (``config.admin_input.search_with_indexes``: Django's admin search asks
``UPPER(col::text) LIKE UPPER('%word%')``). Without them a search among 250,000 inmates read the
whole table. PostgreSQL only, and only where pg_trgm exists (migration 0012 creates it where the
database allows); elsewhere the search reads the table.
"""

from django.db import migrations

INDEXES = {
    "inmate_search_legal_name": "legal_name",
    "inmate_search_registration_number": "registration_number",
    "inmate_search_display_name": "display_name",
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
            f"CREATE INDEX IF NOT EXISTS {name} ON inmates_inmate USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("inmates", "0012_inmate_legal_name_trigram_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
