"""A GIN index for the catalogue's full-text search, on PostgreSQL only.

The indexed expression is exactly the one ``products.selectors.product_search_document()``
builds (name weighted A; description and materials weighted B; the 'simple' configuration, as
PostgreSQL has no Indonesian stemmer), so PostgreSQL uses the index for ``document @@ query``.
Change both together; tests/exhibitions/test_catalogue.py checks that the plan uses the index.
SQLite has no full-text search of this kind: there the catalogue falls back to ``icontains`` and
this migration does nothing.
"""

from django.db import migrations

INDEX_NAME = "product_search_gin"

CREATE_SQL = f"""
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON products_product USING gin ((
    setweight(to_tsvector('simple'::regconfig, COALESCE(name, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig,
                             COALESCE(description, '') || ' ' || COALESCE(materials, '')), 'B')
))
"""

DROP_SQL = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("products", "0002_product_revision")]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE_SQL), _on_postgresql(DROP_SQL), elidable=False),
    ]
