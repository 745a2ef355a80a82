from django.db import migrations


def sync_roles(apps, schema_editor):
    from inmates.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    """Give the role groups the permissions of the models added since 0002_roles."""

    dependencies = [
        ("inmates", "0002_alter_consent_document"),
        ("products", "0003_product_search_index"),
        ("exhibitions", "0003_market_trial"),
        ("programs", "0004_evidence_attendance_followup"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
