"""Form fields shared by the apps' forms (this is the ground floor: every app may import it)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import JsonResponse
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from inmates.templatetags.etalase import format_rupiah

# The widest integer column any of our databases holds (SQLite INTEGER, PostgreSQL bigint).
_ID_RANGE = range(-(2**63), 2**63)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses, as "not one of the choices", an id no integer
    column can hold. Django checks each posted id on its own (where such a number is simply not
    found) but then sends them together in one ``IN (...)``, which SQLite cannot bind past 64
    bits: an OverflowError, a 500, for ``makers=9223372036854775808``. A choice no longer
    offered is told without its raw id (Django's "14 bukan salah satu pilihan" names nothing a
    person chose)."""

    default_error_messages = {
        "invalid_choice": _(
            "Salah satu pilihan tidak tersedia lagi (mungkin baru saja diubah). Daftar pilihan sudah "
            "diperbarui; periksa lalu kirim lagi."
        ),
    }

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


# A list of checkboxes longer than this becomes the chosen ones and a search box: the largest
# prisons have thousands of inmates and products, far more than a page can list or a person scan.
SEARCH_ABOVE = 150
SEARCH_RESULTS = 20


def offer_by_search(form: forms.Form, name: str, *, search_url: str) -> None:
    """When ``form``'s checkbox field ``name`` has more than ``SEARCH_ABOVE`` choices, its page
    shows only the chosen ones (posted, or the initial value) and a search box that adds others
    from ``search_url`` (templates/portal/includes/choice_search.html, static/js/choice_search.js).
    What may be chosen does not change: the field still checks every id against its queryset."""
    field = form.fields[name]
    field.search_url = None
    if field.queryset.count() <= SEARCH_ABOVE:
        return
    if form.is_bound:
        raw = form.data.getlist(form.add_prefix(name)) if hasattr(form.data, "getlist") else []
    else:
        raw = form.initial.get(name, field.initial) or []
    ids = {int(value) for value in raw if str(value).isdecimal() and len(str(value)) <= 18}
    chosen = field.queryset.filter(pk__in=ids) if ids else field.queryset.none()
    field.widget.choices = [(obj.pk, field.label_from_instance(obj)) for obj in chosen]
    field.search_url = search_url


def choice_search_response(request, *, find, field_class) -> JsonResponse:
    """The JSON answer of a choice-search view: ``find(query)`` gives the matching rows (the
    view's own scoping), labelled as ``field_class`` labels its checkboxes."""
    query = search_query(request)
    if not query:
        return JsonResponse({"results": [], "more": False})
    found = find(query)
    return JsonResponse(search_results(found, field=field_class(queryset=found)))


def search_query(request) -> str:
    """The ``q`` of a choice search: printable characters only (PostgreSQL refuses a NUL in a
    query), spaces collapsed, at most 100 characters; too short to search ("") under two."""
    text = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = " ".join(text.split())[:100]
    return query if len(query) >= 2 else ""


def search_results(objects, *, field: forms.ModelMultipleChoiceField) -> dict:
    """The JSON answer of a choice search: at most ``SEARCH_RESULTS`` of ``objects``, labelled as
    ``field`` labels its checkboxes, and whether there were more."""
    found = list(objects[: SEARCH_RESULTS + 1])
    return {
        "results": [{"id": obj.pk, "label": field.label_from_instance(obj)} for obj in found[:SEARCH_RESULTS]],
        "more": len(found) > SEARCH_RESULTS,
    }


_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
# English pages show 1,500 (the language's grouping); a number typed as shown is read there.
_GROUPED_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3})+")
_PLAIN = re.compile(r"\d+")
_DECIMAL = re.compile(r"[\d.]*[.,]\d*")
_MAX_TYPED = 40  # characters: longer is refused, never cut


def _too_large(limit: int) -> str:
    return gettext("Terlalu besar: paling banyak %(limit)s.") % {"limit": format_rupiah(limit)}


class WholeNumberInput(forms.TextInput):
    """The box of a whole number: text with ``inputmode="numeric"``, so a phone shows its digit
    keyboard while "1.000" reaches the server as typed (a browser's number box reads or refuses
    the dot by its own language, and sends "1" or nothing). Not ``autocomplete="off"``: a browser
    empties such a box when the reader comes Back to the page (a buyer's quantity of 200 was lost
    after an error page; found by a visitor probe)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})


class WholeNumberField(forms.IntegerField):
    """A whole number as people write it: ``1000`` or ``1.000`` (a dot groups thousands, as
    Indonesians write them). Django's IntegerField read ``1.000`` as 1 (it drops a trailing
    ``.000``) without a word, so a buyer's thousand pieces or a kilo of batik became one; a
    fraction (``1,5``, ``1.5``) is refused saying a whole number is wanted. Used for every
    quantity, count and score a person types, and by the admin for every integer column
    (``EtalaseAdminConfig``)."""

    widget = WholeNumberInput
    default_error_messages = {
        "invalid": _("Tulis bilangan bulat dengan angka, misalnya 1000 atau 1.000."),
        "decimal": _("Tulis bilangan bulat, tanpa koma atau pecahan: misalnya 1.000 (titik sebagai pemisah ribuan)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):  # JSON's true is no number
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, int):
            return value
        if isinstance(value, float):  # a JSON number (the sales desk's queue sends them)
            if value.is_integer():
                return int(value)
            raise ValidationError(self.error_messages["decimal"], code="decimal")
        text = re.sub(r"\s+", "", str(value))
        if len(text) > _MAX_TYPED:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        negative = text.startswith(("-", "−"))
        number = self.read_digits(text[1:] if negative else text)
        return -number if negative else number

    def read_digits(self, text: str) -> int:
        """``text`` (no spaces, no sign) as a whole number: plain digits, or grouped by dots."""
        if _GROUPED.fullmatch(text):
            return int(text.replace(".", ""))
        if _GROUPED_ENGLISH.fullmatch(text) and get_language() == "en":
            return int(text.replace(",", ""))
        if _PLAIN.fullmatch(text):
            return int(text)
        if _DECIMAL.fullmatch(text):
            raise ValidationError(self.error_messages["decimal"], code="decimal")
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class RupiahField(WholeNumberField):
    """A sum in whole rupiah as people write it: ``12.500.000``, ``12500000``, ``Rp 12.500.000``
    or ``Rp12.500.000,-``. Django's IntegerField read ``150.000`` as 150 (it drops a trailing
    ``.000``) and refused ``12.500.000``; here a dot groups thousands, and a negative sum or cents
    are refused saying why. Used by every form with money, and by the admin for every money
    column (``EtalaseAdminConfig``)."""

    default_error_messages = {
        "invalid": _("Tulis jumlah dalam rupiah, misalnya 150.000 atau 150000."),
        "negative": _("Jumlah rupiah tidak boleh negatif."),
        "decimal": _("Tulis rupiah utuh, tanpa sen: misalnya 150.000 (titik sebagai pemisah ribuan)."),
    }

    def __init__(self, **kwargs):
        # The admin's form field of a money column is bounded by the database's largest integer
        # (Django's BigIntegerField.formfield); the column's own limit (AtMost, MAX_PRICE) is the
        # one to tell: "paling banyak Rp 9.223.372.036.854.775.807" named no real limit (found by
        # a staff probe).
        if kwargs.get("max_value") == models.BigIntegerField.MAX_BIGINT:
            kwargs["max_value"] = None
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 40})  # restored on Back
        )
        super().__init__(**kwargs)
        if self.max_value is not None:
            self.validators = [
                MaxValueValidator(self.max_value, lazy(_too_large, str)(self.max_value))
                if isinstance(validator, MaxValueValidator)
                else validator
                for validator in self.validators
            ]

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_rupiah(value).replace("Rp ", "")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = re.sub(r"\s+", "", str(value))
        if len(text) > _MAX_TYPED:  # refused, never cut: 39 zeros and "1500000" is not Rp 1 (found by a review)
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = re.sub(r"^rp\.?", "", text, flags=re.IGNORECASE)
        if text.startswith(("-", "−")):
            raise ValidationError(self.error_messages["negative"], code="negative")
        text = text.removesuffix(",-").removesuffix(",00").removesuffix(",0")
        return self.read_digits(text)
