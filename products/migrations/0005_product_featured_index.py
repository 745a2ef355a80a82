"""An index for the home page's products: featured first, then newest (``public_featured_products``:
``WHERE status = 'approved' ORDER BY is_featured DESC, created_at DESC, id DESC LIMIT 8``). Without
it PostgreSQL reads every product to pick eight (tests/test_indexes.py).

Written as SQL (this migration is its only definition) so that products/models.py, which other
work changes, stays as it is; the statement works on SQLite too.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("products", "0004_product_search_document")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS product_status_featured_created "
            "ON products_product (status, is_featured DESC, created_at DESC, id DESC)",
            "DROP INDEX IF EXISTS product_status_featured_created",
            elidable=False,
        ),
    ]
