"""Form fields shared by the apps' forms (this is the ground floor: every app may import it)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The widest integer column any of our databases holds (SQLite INTEGER, PostgreSQL bigint).
_ID_RANGE = range(-(2**63), 2**63)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses, as "not one of the choices", an id no integer
    column can hold. Django checks each posted id on its own (where such a number is simply not
    found) but then sends them together in one ``IN (...)``, which SQLite cannot bind past 64
    bits: an OverflowError, a 500, for ``makers=9223372036854775808``."""

    def clean(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.get_field(key) if key != "pk" else self.queryset.model._meta.pk
        if isinstance(value, (list, tuple)) and isinstance(field, models.IntegerField):
            for item in value:
                try:
                    number = int(item)
                except (TypeError, ValueError):
                    continue  # not a number at all: Django's own check says so
                if number not in _ID_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super().clean(value)
