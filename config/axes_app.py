"""django-axes under a name the back office can show: its app is otherwise listed as "AXES"."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "-"


def _attempt_str(attempt) -> str:
    return gettext("Percobaan masuk gagal: %(username)s, %(time)s") % {
        "username": attempt.username or "-",
        "time": _moment(attempt.attempt_time),
    }


def _log_str(log) -> str:
    return gettext("Masuk: %(username)s, %(time)s") % {"username": log.username or "-", "time": _moment(log.attempt_time)}


class AxesConfig(AxesAppConfig):
    verbose_name = _("Keamanan masuk")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessLog

        # The back office titles, breadcrumbs and delete pages with a record's name; axes' own
        # reads "Access Log for staf @ 2026-12-06 00:42:51.173592+00:00" (UTC, microseconds, English).
        AccessAttempt.__str__ = _attempt_str
        AccessLog.__str__ = _log_str
