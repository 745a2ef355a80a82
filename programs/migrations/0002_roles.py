from django.db import migrations


def create_roles(apps, schema_editor):
    from inmates.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    """The role groups (see inmates/roles.py). Depends on every app so their permissions exist."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("inmates", "0001_initial"),
        ("products", "0001_initial"),
        ("exhibitions", "0001_initial"),
        ("programs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
