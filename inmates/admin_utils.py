"""Building blocks every app's admin shares: prison scoping, the CSV export action, and restoring
deleted rows from their history.

The export is registered once for the whole site (``admin.site.add_action`` in inmates/admin.py),
so every ModelAdmin offers it, now and when models are added.
"""

import csv
import datetime
import logging
import re
from collections.abc import Callable
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, label_for_field, lookup_field, unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, strip_tags
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from config.admin_input import acceptable_values, pk_or_404
from inmates.exports import CSV_DELIMITER, csv_decimal, formula_safe_text, spreadsheet_moment
from inmates.models import Prison
from inmates.roles import sees_all_prisons
from inmates.scoping import prison_scope

logger = logging.getLogger("etalase.admin")


def related_count(queryset, *, to: str):
    """The number of rows of ``queryset`` whose ``to`` is the listed row, as a column of a
    changelist (0 when there are none), e.g. ``related_count(Product.objects.all(), to="category")``.

    A correlated subquery, counted through the index on ``to`` for the 50 to 100 rows a page
    shows. ``Count("products")`` joins and groups every related row in the country before the
    page is cut: 20 ms for the categories at 50,000 products, and the list's total count had to
    join them as well."""
    counted = (
        queryset.filter(**{to: models.OuterRef("pk")})
        .order_by()
        .values(to)
        .annotate(n=models.Count("*"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def check_date_hierarchy(params, field_name: str) -> None:
    """Raise IncorrectLookupParameters when the date hierarchy's ``<field>__year`` / ``__month`` /
    ``__day`` in ``params`` name no period that can be queried. Django computes the period's
    end (the next day, month or year) and the database converts both ends to UTC without
    catching the errors at the edges of the calendar: ``?sold_at__year=9999`` (year 10000),
    ``=2147483648`` or ``=1`` (before year 1 in UTC) were server errors."""
    from django.conf import settings
    from django.contrib.admin.options import IncorrectLookupParameters

    year = params.getlist(f"{field_name}__year")
    if not year:
        return
    month, day = params.getlist(f"{field_name}__month"), params.getlist(f"{field_name}__day")
    try:
        start = datetime.datetime(int(year[-1]), int(month[-1]) if month else 1, int(day[-1]) if day else 1)
        if day:
            end = start + datetime.timedelta(days=1)
        elif month:
            end = (start + datetime.timedelta(days=32)).replace(day=1)
        else:
            end = start.replace(year=start.year + 1)
        if settings.USE_TZ:
            for moment in (start, end):
                timezone.make_aware(moment).astimezone(datetime.UTC)
    except (ValueError, OverflowError) as error:
        raise IncorrectLookupParameters(error) from error


class _AcceptableChoicesOnly:
    """Django's autocomplete widgets look the chosen ids up when a form is shown again, and an id
    that is not a number (``abc``, ``1,5``) raised ValueError there: a 500 instead of the form's
    own "not a valid choice" error. Ids the field cannot hold are left out of that lookup."""

    # ``{str(pk): row}`` the form already holds: its instance's related row, joined by the
    # inline's queryset (``SafeAutocompleteMixin.get_formset``). Drawn without asking the database
    # again: an exhibition's 66 delegation rows asked 132 times for their Kanwil and prison.
    known_objects: dict = {}

    def optgroups(self, name, value, attr=None):
        from django.db import connections

        value = acceptable_values(self.field.target_field, value, connections[self.db or "default"])
        wanted = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        queryset = self.choices.queryset
        if (
            wanted
            and wanted <= self.known_objects.keys()
            and not self.allow_multiple_selected
            and not queryset.query.where  # no limit_choices_to the known row might fall outside
        ):
            # Django's own options (AutocompleteMixin.optgroups), from the rows at hand.
            options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
            for key in sorted(wanted):
                row = self.known_objects[key]
                options.append(
                    self.create_option(name, row.pk, self.choices.field.label_from_instance(row), wanted, len(options))
                )
            return [(None, options, 0)]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(_AcceptableChoicesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_AcceptableChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For every ModelAdmin and inline with ``autocomplete_fields``: the autocomplete boxes are
    :class:`SafeAutocompleteSelect` (``tests/test_admin_bad_input.py`` checks that every one
    of them is)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # Inlines only (a ModelAdmin has no formset): each row's autocomplete box shows the
        # related row its instance already holds instead of querying for it.
        formset = super().get_formset(request, obj, **kwargs)
        names = [
            name
            for name in self.get_autocomplete_fields(request)
            if not formset.form._meta.model._meta.get_field(name).many_to_many
        ]
        if not names:
            return formset
        base_form = formset.form

        class KnownRelatedForm(base_form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name in names:
                    field = self.fields.get(name)
                    relation = self.instance._meta.get_field(name)
                    if field is None or not relation.is_cached(self.instance):
                        continue
                    row = relation.get_cached_value(self.instance)
                    widget = getattr(field.widget, "widget", field.widget)  # inside the +/✎ wrapper
                    if row is not None and isinstance(widget, _AcceptableChoicesOnly):
                        widget.known_objects = {str(row.pk): row}

        KnownRelatedForm.__name__ = base_form.__name__
        formset.form = KnownRelatedForm
        return formset


class ReadOnlyAdminMixin:
    """A list shown, never written from the back office (its rows come from a service elsewhere)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PrisonNarrowedAutocompleteMixin:
    """For the admins of prison-bound rows (inmates, workshops): an autocomplete request that names
    the prison chosen on the asking page (``prison``, added by static/js/admin_prison_autocomplete.js
    on the training, inmate and product pages) is answered with that prison's rows only, so a
    training of Lapas Cipinang offers Cipinang's inmates, not everybody's. Only narrows: the user's
    own scope still applies, and the saving form still checks the prison."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        prison = request.GET.get("prison", "")
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete" and re.fullmatch(r"[0-9]{1,18}", prison):
            queryset = queryset.filter(prison_id=int(prison))
        return queryset, may_have_duplicates


class PrisonAutocompleteMedia:
    """The page's inmate and workshop boxes ask only for the prison chosen in its prison box."""

    class Media:
        js = ("js/admin_prison_autocomplete.js",)


# Django's own message, translated by Django's catalogues (a variable, so that makemessages leaves
# it to them).
DJANGO_CHECKBOX_LABEL = "Select this object for an action - {}"


class LeanActionCheckboxMixin:
    """The action checkbox of each row written directly: Django renders it through the form
    widget templates, which for 50 rows cost a sixth of the product changelist's time. Same
    markup as Django's (``class="action-select"``, the same accessible name)."""

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext(DJANGO_CHECKBOX_LABEL), str(obj)),
        )


class DateHierarchyMixin:
    """For a ModelAdmin with ``date_hierarchy``: a date no period can be built from answers as
    Django answers any other bad filter (the list again with ?e=1), not with a server error."""

    def get_changelist_instance(self, request):
        if self.date_hierarchy:
            check_date_hierarchy(request.GET, self.date_hierarchy)
        return super().get_changelist_instance(request)


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

    def _require_in_scope(self, request, object_id, version_id=None):
        """404 for an id that is not one (``abc``, ``1.5``: a ValueError further on) or a row
        outside the user's scope."""
        object_pk = pk_or_404(self.model, unquote(object_id))
        if version_id is not None:
            pk_or_404(get_history_model_for_model(self.model), version_id)
        if sees_all_prisons(request.user):
            return
        if not self.get_queryset(request).filter(pk=object_pk).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id, version_id)
        # simple_history lets whoever may view the row POST this form, which saves it (a revert):
        # that is a change, and needs the change permission as the change form does.
        current = self.get_object(request, unquote(object_id))
        may_revert = self.has_change_permission(request, current) and not self.revert_disabled(request, current)
        if request.method == "POST" and not may_revert:
            raise PermissionDenied  # also where reverting is disabled: a hand-made POST saved it
        if not may_revert:
            # A version that cannot be saved back is shown as text, without boxes to type into
            # or a file picker, and without the Revert button (its POST would be refused).
            request._history_read_only = True
            extra_context = {**(extra_context or {}), "revert_disabled": True}
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        if getattr(request, "_history_read_only", False) and "adminform" in context:
            # Every field as text (as Django shows a change page to a view-only user), and no
            # prepopulated slug, which would need its box.
            shown = context["adminform"]
            context["adminform"] = helpers.AdminForm(
                shown.form, list(shown.fieldsets), {}, flatten_fieldsets(shown.fieldsets), model_admin=self
            )
        return super().render_history_view(request, template, context, **kwargs)


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
    return formula_safe_text(strip_tags(text))


def csv_cell(value, field=None):
    """One value as a spreadsheet cell: choices as their label, numbers as numbers, dates as ISO,
    times as ISO with their zone's offset (``spreadsheet_moment``), yes/no as words."""
    if field is not None and getattr(field, "flatchoices", None) and value is not None:
        value = dict(field.flatchoices).get(value, value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if isinstance(value, datetime.datetime):
        return spreadsheet_moment(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, Decimal, float)):
        return csv_decimal(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return _csv_text(str(value))


def _follow(obj, path: str):
    """The value at ``path`` (``"product__name"``) from ``obj`` and the model field it ends in (for
    its choices' labels); None when a relation on the way is empty."""
    value, field = obj, None
    for part in path.split("__"):
        if value is None:
            return None, None
        try:
            field = value._meta.get_field(part) if isinstance(value, models.Model) else None
        except FieldDoesNotExist:
            field = None
        try:
            value = getattr(value, part)
        except ObjectDoesNotExist:  # a reverse one-to-one without its row
            return None, None
    return value, field


def export_columns(modeladmin, request) -> list[tuple[str, Callable]]:
    """The export's columns: ``(header, function of a row giving (value, model field or None))``.

    A ModelAdmin may declare ``export_fields``: the columns of its list as data, each either a
    column name of the list (a model field, or a display method that gives plain text) or a
    ``(header, accessor)`` pair, the accessor a lookup path (``"inquiry__buyer_name"``) or a
    function of the row. Declared wherever a list column is drawn for the eye (joined lines,
    shortened text, "Rp 550.000", a link); such a column would reach a spreadsheet as the
    drawing. Without it the export has the columns of ``get_list_display`` (less those marked
    ``not_in_csv``). Either way it should carry nothing the list does not show, and read only
    what the changelist's queryset joins or prefetches, so the export takes the same few queries
    however many rows there are.
    """
    declared = getattr(modeladmin, "export_fields", None)
    entries = declared if declared is not None else modeladmin.get_list_display(request)
    columns = []
    for entry in entries:
        if isinstance(entry, str):
            if entry == "action_checkbox":
                continue
            label, attr = label_for_field(entry, modeladmin.model, modeladmin, return_attr=True)
            if getattr(attr, "csv_exclude", False):
                continue

            def value_of(obj, name=entry):
                field, _attr, value = lookup_field(name, obj, modeladmin)
                return value, field

            columns.append((str(label), value_of))
            continue
        header, accessor = entry
        if callable(accessor):
            columns.append((str(header), lambda obj, function=accessor: (function(obj), None)))
        else:
            columns.append((str(header), lambda obj, path=accessor: _follow(obj, path)))
    return columns


# Rows one export may hold. "Select all" of 250,000 inmates took 33 s, past the server's worker
# timeout (found by a probe at national scale): a bigger selection is narrowed with the filters.
CSV_EXPORT_MAX_ROWS = 50_000


@admin.action(description=_("Ekspor baris terpilih sebagai CSV"), permissions=["view"])
def export_as_csv(modeladmin, request, queryset):
    """The selected rows, with the columns of the changelist as data (``export_columns``: full
    text, money as whole rupiah, times as ISO with their offset), as a CSV download.

    ``queryset`` is the changelist's own (scoped by ``get_queryset``, filtered, ordered, joined as
    the list joins), narrowed to the selected rows: nothing the user cannot already see in the
    list can leave through an export. More than CSV_EXPORT_MAX_ROWS rows are refused with a
    message (the changelist again).
    """
    opts = modeladmin.model._meta
    selected = queryset.order_by().count()
    if selected > CSV_EXPORT_MAX_ROWS:
        modeladmin.message_user(
            request,
            gettext(
                "Ekspor paling banyak %(max)s baris sekaligus; Anda memilih %(count)s. Persempit pilihan "
                "dengan filter (mis. kanwil atau lapas/rutan), lalu ekspor per bagian."
            )
            % {
                "max": number_format(CSV_EXPORT_MAX_ROWS, 0, force_grouping=True),
                "count": number_format(selected, 0, force_grouping=True),
            },
            messages.ERROR,
        )
        return None
    columns = export_columns(modeladmin, request)

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(str(opts.verbose_name_plural)) or opts.model_name}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=CSV_DELIMITER)
    writer.writerow([_csv_text(capfirst(header)) for header, _value in columns])
    count = 0
    for obj in queryset.iterator(chunk_size=1000):
        writer.writerow([csv_cell(*value_of(obj)) for _header, value_of in columns])
        count += 1
    logger.info(
        "CSV export: user=%s model=%s.%s rows=%d",
        request.user.pk,
        opts.app_label,
        opts.model_name,
        count,
    )
    return response


# --- Restoring deleted rows from their django-simple-history records ---------------------------

# Rows of a cascade (an inmate's consents, a product's images) are deleted just before their
# parent; those deleted within this window before it come back with it.
RESTORE_CASCADE_WINDOW = datetime.timedelta(minutes=10)


def _history_model(model):
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def deleted_records(model) -> models.QuerySet:
    """The history rows of ``model``'s deleted objects: for each object that no longer exists,
    its latest history row, if that row is the deletion ('-'). Newest deletion first."""
    History = _history_model(model)
    pk_name = model._meta.pk.attname
    latest = (
        History.objects.filter(**{pk_name: models.OuterRef(pk_name)})
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        History.objects.filter(history_type="-", history_id=models.Subquery(latest))
        .exclude(**{f"{pk_name}__in": model._base_manager.values("pk")})
        .order_by("-history_date", "-history_id")
    )


def _missing_references(instance) -> list[str]:
    """Point nullable foreign keys whose target is gone to nothing (as SET_NULL would have done);
    name the required ones whose target is gone."""
    missing = []
    for field in instance._meta.concrete_fields:
        if not field.many_to_one and not field.one_to_one:
            continue
        value = getattr(instance, field.attname)
        if value is None or field.related_model._base_manager.filter(pk=value).exists():
            continue
        if field.null:
            setattr(instance, field.attname, None)
        else:
            missing.append(
                gettext("%(field)s #%(pk)s sudah terhapus; pulihkan dahulu data itu.")
                % {"field": capfirst(field.verbose_name), "pk": value}
            )
    return missing


def _restore_one(record, *, user, reason: str):
    instance = record.instance
    missing = _missing_references(instance)
    if missing:
        raise ValidationError(missing, code="missing_reference")
    instance.validate_unique()
    instance.validate_constraints()
    model = type(instance)
    # auto_now_add would stamp "now" on the insert: keep the original creation time.
    created = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) and getattr(instance, f.attname) is not None
    }
    instance._history_user = user
    instance._change_reason = reason
    instance.save(force_insert=True)
    if created:
        model._base_manager.filter(pk=instance.pk).update(**created)
        record.__class__.objects.filter(
            **{model._meta.pk.attname: instance.pk}, history_date__gte=record.history_date
        ).update(**created)
        for attname, value in created.items():
            setattr(instance, attname, value)
    return instance


def _restore_cascade(record, instance, *, user, reason: str, seen: set) -> int:
    """Restore the rows deleted by the cascade of ``record``'s deletion; returns how many."""
    restored = 0
    for relation in instance._meta.related_objects:
        # Reverse relations of a ForeignKey or OneToOneField to this model (not many-to-many).
        if not (relation.one_to_many or relation.one_to_one):
            continue
        if relation.on_delete is not models.CASCADE:
            continue
        child_model = relation.related_model
        if _history_model(child_model) is None:
            continue
        children = deleted_records(child_model).filter(
            **{relation.field.attname: instance.pk},
            history_date__gte=record.history_date - RESTORE_CASCADE_WINDOW,
            history_date__lte=record.history_date,
        )
        for child in children.order_by("history_date", "history_id"):
            key = (child_model, child.pk)
            if key in seen:
                continue
            seen.add(key)
            child_instance = _restore_one(child, user=user, reason=reason)
            restored += 1 + _restore_cascade(child, child_instance, user=user, reason=reason, seen=seen)
    return restored


def restore_deleted_record(*, record, user):
    """Bring back the object deleted in history row ``record`` with the same primary key and
    fields, and the rows its deletion cascaded to (deleted with it, within
    ``RESTORE_CASCADE_WINDOW``), all in one transaction recorded as ``user``'s change.

    Raises ValidationError, and nothing changes, when a row it needs is gone (restore that first)
    or when it would clash with a row that exists now (a unique value taken meanwhile). Returns
    ``(instance, number of cascaded rows restored)``. Many-to-many links are not in the history
    and do not come back.
    """
    reason = gettext("Dipulihkan dari data terhapus")[:100]
    with transaction.atomic():
        instance = _restore_one(record, user=user, reason=reason)
        cascaded = _restore_cascade(
            record, instance, user=user, reason=reason, seen={(type(instance), record.pk)}
        )
    return instance, cascaded


class RestoreDeletedMixin:
    """For a SimpleHistoryAdmin: a "Data terhapus" page (``<changelist>/terhapus/``) listing the
    model's deleted objects, each with a "Pulihkan" button that restores it from its history.

    Only users with the model's add permission may open the page or restore. A scoped admin
    (``prison_field``) lists only deletions within the user's prisons.
    """

    deleted_list_template = "admin/restore_deleted_list.html"
    change_list_template = "admin/restore_change_list.html"
    deleted_list_limit = 200
    deleted_list_prefetch: tuple[str, ...] = ()  # relations the model's __str__ reads

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "terhapus/",
                self.admin_site.admin_view(self.deleted_list_view),
                name="%s_%s_deleted" % info,
            ),
            path(
                "terhapus/<int:history_id>/pulihkan/",
                self.admin_site.admin_view(self.restore_view),
                name="%s_%s_restore" % info,
            ),
        ]
        # Before the admin's own patterns: "<path:object_id>/" would swallow these.
        return own + super().get_urls()

    def _admin_url_name(self, view: str) -> str:
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def has_restore_permission(self, request) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('add', opts)}")

    def _direct_prison_field(self) -> str | None:
        # A prison the history row itself points to (not through another row, maybe deleted too).
        prison_field = getattr(self, "prison_field", None)
        if prison_field and "__" not in prison_field and prison_field != "pk":
            return prison_field
        return None

    def get_deleted_queryset(self, request):
        queryset = deleted_records(self.model).select_related("history_user")
        prison_field = getattr(self, "prison_field", None)
        if prison_field:
            queryset = prison_scope(queryset, request.user, prison_field=prison_field)
        if self._direct_prison_field():
            queryset = queryset.select_related(self._direct_prison_field())
        return queryset

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_restore_permission(request):
            extra_context["deleted_records_url"] = reverse(self._admin_url_name("deleted"))
        return super().changelist_view(request, extra_context=extra_context)

    def deleted_list_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        queryset = self.get_deleted_queryset(request)
        total = queryset.count()
        records = list(queryset[: self.deleted_list_limit])
        prison_field = self._direct_prison_field()
        objects = [record.history_object for record in records]
        if self.deleted_list_prefetch:
            # What the model's __str__ reads (a consent names its inmate): one query, not one a row.
            prefetch_related_objects(objects, *self.deleted_list_prefetch)
        rows = [
            {
                "record": record,
                "label": str(obj),
                "object_pk": getattr(record, self.opts.pk.attname),
                "prison": getattr(record, prison_field) if prison_field else None,
                "restore_url": reverse(self._admin_url_name("restore"), args=[record.history_id]),
            }
            for record, obj in zip(records, objects, strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Data terhapus: %(name)s") % {"name": self.opts.verbose_name_plural},
            "subtitle": None,
            "rows": rows,
            "total": total,
            "limit": self.deleted_list_limit,
            "show_prison": prison_field is not None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.deleted_list_template, context)

    def restore_view(self, request, history_id):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = get_object_or_404(self.get_deleted_queryset(request), history_id=history_id)
        list_url = reverse(self._admin_url_name("deleted"))
        try:
            instance, cascaded = restore_deleted_record(record=record, user=request.user)
        except ValidationError as error:
            self.message_user(
                request,
                gettext("“%(object)s” tidak dapat dipulihkan: %(reason)s")
                % {"object": record.history_object, "reason": " ".join(error.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(list_url)
        except IntegrityError:
            self.message_user(
                request,
                gettext(
                    "“%(object)s” tidak dapat dipulihkan karena bentrok dengan data yang ada sekarang."
                )
                % {"object": record.history_object},
                messages.ERROR,
            )
            return HttpResponseRedirect(list_url)
        self.log_addition(request, instance, gettext("Dipulihkan dari data terhapus."))
        logger.info(
            "Restore: user=%s model=%s.%s pk=%s cascaded=%d",
            request.user.pk,
            self.opts.app_label,
            self.opts.model_name,
            instance.pk,
            cascaded,
        )
        text = gettext("“%(object)s” dipulihkan.") % {"object": instance}
        if cascaded:
            text += " " + gettext("%(count)d data terkait yang ikut terhapus juga dipulihkan.") % {
                "count": cascaded
            }
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse(self._admin_url_name("change"), args=[instance.pk]))


class PrisonInRegionFilter(admin.SimpleListFilter):
    """The prison filter of a big list, offered once a Kanwil is chosen: all 530 prisons as
    links would make every page of the list slow to draw and impossible to scan. Needs
    ``"prison__region"`` before it in ``list_filter`` (the prison is searchable too); for a
    prison reached through a relation, ``for_path``."""

    title = _("lapas/rutan")
    parameter_name = "prison__id__exact"
    region_parameter = "prison__region__id__exact"
    prison_path = "prison"

    @classmethod
    def for_path(cls, path: str) -> type["PrisonInRegionFilter"]:
        """The same filter for a list whose prison is reached through ``path`` (e.g.
        ``"training__prison"``); ``f"{path}__region"`` goes before it in ``list_filter``."""
        return type(
            f"PrisonInRegionFilter_{path}",
            (cls,),
            {
                "parameter_name": f"{path}__id__exact",
                "region_parameter": f"{path}__region__id__exact",
                "prison_path": path,
            },
        )

    @staticmethod
    def _id(text: str | None) -> int | None:
        # Decimal digits only (isdigit() also passes "²", which int() refuses), and few enough
        # for SQLite to bind (past 64 bits it raises OverflowError): anything else is no id.
        return int(text) if text and text.isdecimal() and len(text) <= 18 else None

    def lookups(self, request, model_admin):
        # The Kanwil's prisons, and the chosen prison even without its Kanwil (a link such as
        # "this prison's products" carries only the prison): a filter without choices is not
        # applied, so the list would silently show every prison.
        region = self._id(request.GET.get(self.region_parameter, ""))
        prison = self._id(request.GET.get(self.parameter_name, ""))
        wanted = Q(pk__in=[])
        if region is not None:
            wanted |= Q(region_id=region)
        if prison is not None:
            wanted |= Q(pk=prison)
        if region is None and prison is None:
            return []
        choices = [
            (str(pk), name)
            for pk, name in Prison.objects.filter(wanted).order_by("name").values_list("pk", "name")
        ]
        if prison is not None and str(prison) not in {pk for pk, _name in choices}:
            # A prison that does not exist (any more): answered like any bad filter (?e=1).
            from django.contrib.admin.options import IncorrectLookupParameters

            raise IncorrectLookupParameters(f"no prison {prison}")
        return choices

    def queryset(self, request, queryset):
        prison = self._id(self.value())
        if prison is not None:
            return queryset.filter(**{f"{self.prison_path}_id": prison})
        return queryset


class CheckedDateFieldListFilter(admin.DateFieldListFilter):
    """Django's date filter (Today, Past 7 days, This month, This year), refusing values its own
    links never carry: a date far outside the programme's years or, on a date-and-time field, a
    time without its zone would fail while the list is drawn (a 500). Refused values are answered
    like any bad filter, with the list and ``?e=1``."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        from django.contrib.admin.options import IncorrectLookupParameters
        from django.db import models as db_models
        from django.utils.dateparse import parse_date, parse_datetime

        with_time = isinstance(field, db_models.DateTimeField)
        for values in self.used_parameters.values():
            for value in values if isinstance(values, list) else [values]:
                text = str(value)
                try:
                    moment = parse_datetime(text) if with_time else parse_date(text)
                except ValueError:
                    moment = None
                if (
                    moment is None
                    or not 1900 <= moment.year <= 2200
                    or (with_time and moment.tzinfo is None)
                ):
                    raise IncorrectLookupParameters(f"bad date filter value {text!r}")


# Every date filter of the admin is the checked one, also where a list_filter names a date field
# by its name alone (Django would pick its own DateFieldListFilter): registered first, so Django
# asks this test before its own. ``?created_at__gte=0001-01-01`` was a 500 on such lists.
admin.FieldListFilter.register(
    lambda field: isinstance(field, models.DateField), CheckedDateFieldListFilter, take_priority=True
)
