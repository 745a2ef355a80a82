from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _user_label(user) -> str:
    """How a user is named in lists and records ("Diusulkan oleh", "Dicatat oleh", history): the
    person's name with the login after it, "Rina Wulandari (staf)"; the login alone when no name
    is given. Django's own ``User.__str__`` gives the login only."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


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
        from django.contrib.auth.models import User

        import config.db_lookups  # noqa: F401  (registers IntegerFieldIn)
        from config import date_input

        date_input.install()  # date boxes read "17 Agustus 2018" as well as "17 August 2018"

        User.__str__ = _user_label

        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="etalase-sync-role-groups")
