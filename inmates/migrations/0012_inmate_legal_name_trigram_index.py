"""A trigram index on the legal name, for a curator's check that a product's text names no inmate
of any prison (``people_named_anywhere``: ``legal_name ~* '(^|[^a-z])(word|word…)([^a-z]|$)'``,
any word of the name). Replaces 0011's index of the name's first letters, which found a name by
its first word only. PostgreSQL only, and only where the pg_trgm extension can be created (it is
a trusted extension: a database owner may); elsewhere the check reads the table.
"""

from django.db import migrations, transaction


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS inmate_legal_name_upper_prefix")
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - without the right to create it, the check reads the table
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS inmate_legal_name_trgm ON inmates_inmate USING gin (legal_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS inmate_legal_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("inmates", "0011_inmate_legal_name_prefix_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
