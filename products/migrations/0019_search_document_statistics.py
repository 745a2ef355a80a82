"""Fuller statistics for the catalogue's search column, on PostgreSQL only.

With the default statistics target (100: a sample of 30,000 rows and 100 most common words) the
planner's estimate of how many products a word matches varied from one ANALYZE to the next, and
once (CI, 6 December 2026, the 50,000-product index test) it judged a word of a tenth of the
catalogue common enough to read the whole table instead of the GIN index. A target of 1,000 keeps
1,000 words and samples 300,000 rows, so the estimate holds at national scale. SQLite has no such
column: nothing to do there.
"""

from django.db import migrations


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("products", "0018_names_and_number_limits")]

    operations = [
        migrations.RunPython(
            _on_postgresql("ALTER TABLE products_product ALTER COLUMN search_document SET STATISTICS 1000"),
            _on_postgresql("ALTER TABLE products_product ALTER COLUMN search_document SET STATISTICS -1"),
            elidable=False,
        ),
    ]
