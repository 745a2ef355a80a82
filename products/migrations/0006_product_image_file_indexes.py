"""Indexes on the four file columns of product images: the media view (config/media.py,
``products.selectors.product_image_file_access``) finds the rows that refer to a requested file
with ``WHERE image = %s OR thumb_small = %s OR thumb_medium = %s OR thumb_large = %s`` on every
image request; without them each request would read the whole table.

Written as SQL, like 0005, so that products/models.py (which other work changes) stays as it is;
the statements work on SQLite too.
"""

from django.db import migrations

COLUMNS = ("image", "thumb_small", "thumb_medium", "thumb_large")


class Migration(migrations.Migration):
    dependencies = [("products", "0005_product_featured_index")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS product_image_{column}_file "
            f"ON products_productimage ({column})",
            f"DROP INDEX IF EXISTS product_image_{column}_file",
            elidable=False,
        )
        for column in COLUMNS
    ]
