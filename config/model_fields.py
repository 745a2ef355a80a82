"""Field shapes the apps' models share.

Most records say who did something and when ("dicatat oleh", "diputuskan pada"). The link to the
account survives the account's deletion (it empties) and adds no reverse accessor to the user; the
moment is checked for a plausible year (a typo such as 0201 is refused).
"""

from django.conf import settings
from django.db import models

from config.validators import validate_plausible_datetime


def optional_user(verbose_name) -> models.ForeignKey:
    """A link to an account (who recorded, decided, closed...); empty when unknown or gone."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def optional_datetime(verbose_name) -> models.DateTimeField:
    """A moment that may be empty (until something happens, or when not set)."""
    return models.DateTimeField(verbose_name, null=True, blank=True, validators=[validate_plausible_datetime])
