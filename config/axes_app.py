"""django-axes under a name the back office can show: its app is otherwise listed as "AXES"."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Keamanan masuk")
