"""The rows of every admin changelist, rendered as Django renders them, at a fraction of the cost.

Django's ``items_for_result`` works out, for every cell of every row, what the column is (a
model field, an admin method, a model attribute), whether it links to the change page, its CSS
classes and its empty value; it reverses the change URL and re-parses the preserved filters once
per row. For the product changelist (50 rows, 11 columns) that was half of the page's time.

``LeanRows`` works all of that out once per page, per column, and then writes each row as one
string. The HTML is byte for byte Django's (``tests/test_admin_lean_rows.py`` renders every
registered changelist both ways and compares). Whatever this module does not handle itself,
an editable list (``list_editable``), a popup, a ``to_field`` link or a primary key that is not an
integer, goes through Django's own code.
"""

import datetime

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    _coerce_field_name,
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.admin_list import results as django_results
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# A change URL is reversed once per page with this in place of the primary key.
_PK_PLACEHOLDER = "0etalasepk0"

_NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)


class _Column:
    """One column of ``list_display``, resolved once per page: which kind of value it shows, its
    CSS classes, its empty value, whether it links to the change page."""

    __slots__ = (
        "name",
        "kind",
        "field",
        "attr",
        "choices",
        "boolean",
        "empty",
        "admin_empty",
        "base_css",
        "css",
        "link",
        "tag",
        "icons",
        "model_admin",
    )

    def __init__(self, *, cl, name, index, link: bool, tag: str, admin_empty, icons):
        self.name, self.link, self.tag, self.icons = name, link, tag, icons
        self.model_admin = cl.model_admin
        self.admin_empty = self.empty = admin_empty
        self.field = self.attr = self.choices = None
        self.boolean = False
        self.base_css = self.css = "field-%s" % _coerce_field_name(name, index)
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            field = None
        if field is not None and not field.auto_created:
            self.field = field
            if isinstance(field.remote_field, models.ManyToOneRel):
                self.kind = "foreign_key"
            elif getattr(field, "flatchoices", None):
                self.kind = "choices"
                try:
                    self.choices = dict(field.flatchoices)  # Django builds this for every cell
                except TypeError:  # list-like choices: Django's own code, cell by cell
                    self.kind = "field"
            elif isinstance(field, models.BooleanField):
                self.kind = "boolean"
            else:
                self.kind = "field"
            if isinstance(field, _NOWRAP_FIELDS):
                self.css += " nowrap"
            return
        if field is not None:
            self.kind = "value"  # an automatic field (the implicit id): shown as a plain value
        elif callable(name):
            self.kind, self.attr = "callable", name
        elif hasattr(self.model_admin, name) and name != "__str__":
            self.kind, self.attr = "callable", getattr(self.model_admin, name)
        else:
            self.kind = "lookup"  # a model attribute or property: Django's lookup, row by row
        if self.attr is not None:
            self.empty = getattr(self.attr, "empty_value_display", admin_empty)
            self.boolean = getattr(self.attr, "boolean", False)
        if name == "action_checkbox":
            self.css = "action-checkbox"

    def cell(self, result) -> tuple[object, str]:
        """The cell's content (not yet escaped) and its CSS classes, as Django works them out."""
        try:
            return self._cell(result)
        except ObjectDoesNotExist:
            return self.admin_empty, self.base_css

    def _cell(self, result):
        kind = self.kind
        if kind == "choices":
            value = _blank_to_empty(getattr(result, self.name))
            try:
                return self.choices.get(value, self.empty), self.css
            except TypeError:  # an unhashable value
                return display_for_field(value, self.field, self.empty), self.css
        if kind == "boolean":
            return self._icon(getattr(result, self.name)), self.css
        if kind == "field":
            value = _blank_to_empty(getattr(result, self.name))
            return display_for_field(value, self.field, self.empty, avoid_link=self.link), self.css
        if kind == "foreign_key":
            getattr(result, self.name)  # as Django reads it (a missing row: the empty value)
            value = getattr(result, self.field.name)
            return (self.empty if value is None else value), self.css
        if kind == "callable":
            value, empty, boolean = self.attr(result), self.empty, self.boolean
        elif kind == "value":
            value, empty, boolean = getattr(result, self.name), self.empty, False
        else:
            _field, attr, value = lookup_field(self.name, result, self.model_admin)
            empty = getattr(attr, "empty_value_display", self.admin_empty)
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
        value = _blank_to_empty(value)
        shown = self._icon(value) if boolean else display_for_value(value, empty)
        if isinstance(value, (datetime.date, datetime.time)):
            return shown, self.css + " nowrap"
        return shown, self.css

    def _icon(self, value):
        """Django's yes/no/unknown icon, made once per page."""
        icon = self.icons.get(value) if isinstance(value, (bool, type(None))) else None
        return icon if icon is not None else _boolean_icon(value)


def _blank_to_empty(value):
    """A text of only spaces is shown as the empty value, as Django shows it."""
    return "" if isinstance(value, str) and value.strip() == "" else value


class LeanRows:
    """The rows of changelist ``cl``: ``rows()`` gives what Django's ``results(cl)`` gives, one
    ``ResultList`` per row, each holding the whole row as one string."""

    def __init__(self, cl):
        self.cl = cl
        admin_empty = cl.model_admin.get_empty_value_display()
        icons = {value: _boolean_icon(value) for value in (True, False, None)}
        links = cl.list_display_links
        first = True
        self.columns = []
        for index, name in enumerate(cl.list_display):
            if links is None:
                link = False
            elif first and not links:
                link = True
            else:
                link = name in links
            tag = "td"
            if link:
                tag = "th" if first else "td"
                first = False
            self.columns.append(
                _Column(
                    cl=cl, name=name, index=index, link=link, tag=tag, admin_empty=admin_empty, icons=icons
                )
            )
        self.url_template = self._url_template()

    @staticmethod
    def handles(cl) -> bool:
        """False for what goes through Django's own code: editable lists, popups, to_field links,
        primary keys that are not integers."""
        return (
            not cl.formset
            and not cl.is_popup
            and not cl.to_field
            and isinstance(cl.lookup_opts.pk, (models.AutoField, models.BigAutoField, models.IntegerField))
        )

    def _url_template(self) -> str | None:
        """The change URL with the preserved filters, the primary key still a placeholder; None
        if the model has no change URL (the cell is then shown without a link, as in Django)."""
        cl = self.cl
        try:
            url = reverse(
                "admin:%s_%s_change" % (cl.opts.app_label, cl.opts.model_name),
                args=(_PK_PLACEHOLDER,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return None
        url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
        return str(conditional_escape(url))

    def row(self, result) -> str:
        parts = []
        pk = None
        for column in self.columns:
            shown, css = column.cell(result)
            content = conditional_escape(shown)
            if column.link and self.url_template is not None:
                if pk is None:
                    pk = str(result.pk)
                content = '<a href="%s">%s</a>' % (self.url_template.replace(_PK_PLACEHOLDER, pk, 1), content)
            parts.append('<%s class="%s">%s</%s>' % (column.tag, css, content, column.tag))
        # Every part is escaped above (conditional_escape), the URL template when it was made.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703

    def rows(self):
        return [ResultList(None, [self.row(result)]) for result in self.cl.result_list]


def result_list(cl) -> dict:
    """The context of ``admin/change_list_results.html``, as Django's ``result_list`` tag makes
    it, with the rows from ``LeanRows`` where it handles the changelist."""
    headers = list(result_headers(cl))
    rows = LeanRows(cl).rows() if LeanRows.handles(cl) else list(django_results(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }
