from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, apps=None, **kwargs):
    # The data migrations create the role groups once; a flush (``manage.py flush``, and every
    # transactional test) empties them again and then sends post_migrate. Re-creating them here
    # keeps the roles and their permissions in place after either.
    from django.apps import apps as global_apps

    from inmates.roles import sync_role_groups

    # migrate passes the migrated state's registry; flush passes none.
    sync_role_groups(apps or global_apps)


class InmatesConfig(AppConfig):
    name = "inmates"
    verbose_name = _("Warga binaan dan lapas")

    def ready(self):
        import config.db_lookups  # noqa: F401  (registers IntegerFieldIn)

        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="etalase-sync-role-groups")
