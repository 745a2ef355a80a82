"""An index for looking inmates up by the first letters of their legal name in any case
(``people_named_anywhere``: a curator's check that a product names no inmate of any prison,
``UPPER(legal_name) LIKE 'WORD%'`` for each word of the text). PostgreSQL only: its LIKE on an
expression index needs the pattern operator class; SQLite has none (and no national data).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS inmate_legal_name_upper_prefix "
            "ON inmates_inmate (UPPER(legal_name::text) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS inmate_legal_name_upper_prefix")


class Migration(migrations.Migration):
    dependencies = [("inmates", "0010_alter_historicalinmate_display_name_and_more")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
