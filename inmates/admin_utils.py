"""Building blocks every app's admin shares: prison scoping and the CSV export action.

The export is registered once for the whole site (``admin.site.add_action`` in inmates/admin.py),
so every ModelAdmin offers it, now and when models are added.
"""

import csv
import datetime
import logging
from decimal import Decimal

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field, unquote
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inmates.roles import sees_all_prisons
from inmates.scoping import prison_scope

logger = logging.getLogger("etalase.admin")

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class PrisonScopedMixin:
    """Narrows the admin's queryset through ``prison_scope``, like every portal queryset.

    ``prison_field`` is the lookup path from the model to Prison. The changelist, the change and
    delete pages, the actions (the CSV export too) and the autocomplete answers all start from
    ``get_queryset``, so a row outside the user's scope is never listed, exported or found.
    """

    prison_field: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.prison_field:
            queryset = prison_scope(queryset, request.user, prison_field=self.prison_field)
        return queryset


class ScopedHistoryMixin(PrisonScopedMixin):
    """For SimpleHistoryAdmin: its history pages look objects up without ``get_queryset``.

    Anybody who does not see every prison may only open the history of a row in their scope.
    """

    def _require_in_scope(self, request, object_id):
        if sees_all_prisons(request.user):
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


def not_in_csv(function):
    """Marks a list_display callable (a thumbnail, say) that means nothing in a spreadsheet."""
    function.csv_exclude = True
    return function


def names_for_message(names: list[str], *, limit: int = 10) -> str:
    """``a, b, c`` for an admin message; past ``limit`` names, how many more there are."""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        return gettext("%(names)s dan %(count)d lainnya") % {"names": shown, "count": len(names) - limit}
    return shown


def _csv_text(text: str) -> str:
    text = strip_tags(text)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value, field=None):
    """One value as a spreadsheet cell: choices as their label, dates as ISO, yes/no as words."""
    if field is not None and getattr(field, "flatchoices", None) and value is not None:
        value = dict(field.flatchoices).get(value, value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, Decimal, float)):
        return value
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return _csv_text(str(value))


@admin.action(description=_("Ekspor baris terpilih sebagai CSV"), permissions=["view"])
def export_as_csv(modeladmin, request, queryset):
    """The selected rows, with exactly the columns of the changelist, as a CSV download.

    ``queryset`` is the changelist's own (scoped by ``get_queryset``, filtered, ordered), narrowed
    to the selected rows; the columns are ``get_list_display``: nothing the user cannot already
    see in the list can leave through an export.
    """
    opts = modeladmin.model._meta
    columns = []
    for name in modeladmin.get_list_display(request):
        if name == "action_checkbox":
            continue
        label, attr = label_for_field(name, modeladmin.model, modeladmin, return_attr=True)
        if getattr(attr, "csv_exclude", False):
            continue
        columns.append((name, label))

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{opts.model_name}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([_csv_text(capfirst(label)) for _name, label in columns])
    count = 0
    for obj in queryset.iterator(chunk_size=1000):
        row = []
        for name, _label in columns:
            field, _attr, value = lookup_field(name, obj, modeladmin)
            row.append(csv_cell(value, field))
        writer.writerow(row)
        count += 1
    logger.info(
        "CSV export: user=%s model=%s.%s rows=%d",
        request.user.pk,
        opts.app_label,
        opts.model_name,
        count,
    )
    return response
