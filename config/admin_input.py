"""What every admin page does with ids and filters that its own links never send.

``EtalaseAdminSite.register`` puts :class:`AdminInputChecksMixin` in front of every ModelAdmin
it registers (ours, Django's users and groups, axes' logs), so no admin can be left out:

- a changelist's query string may filter on any field with any lookup (Django allows it);
  a value the database cannot take (``?created_at__year=10000``, ``?created_at=0001-01-01``,
  ``?pk__in=abc``) failed while the list was counted: a 500. It is now answered like any bad
  filter: the list again with ``?e=1``;
- an action's selected ids (``_selected_action``) that are not ids (``abc``) made
  ``filter(pk__in=…)`` raise ValueError; they are dropped, and with none left Django says that
  items must be selected;
- a save that breaks a unique rule only the database sees (two inline rows swapping their booth
  codes or participants: Django updates them one at a time) saved nothing and was a 500; it
  is now the same page again with a message saying so;
- every date-and-time box takes only plausible years (``config.validators``), also on models
  that are not ours (a user's "date joined" of 0001-01-01 00:00 failed on saving).
"""

import datetime
import logging

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.db import DataError, IntegrityError, connections, router
from django.db.models import IntegerField
from django.utils import formats
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inmates.form_fields import WholeNumberInput

# Query-string keys of the changelist itself (ordering, page, search, popups…), not filters.
_CHANGELIST_KEYS = {"o", "p", "q", "e", "all", "_to_field", "_popup", "_changelist_filters", "_facets"}


def acceptable_values(field, values, connection) -> list:
    """Those of ``values`` that ``field`` can hold: its ``to_python`` takes them and, for an
    integer field, they are within the database's range. The others can match no row."""
    from django.core.exceptions import ValidationError

    accepted = []
    for value in values:
        try:
            python_value = field.to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            continue
        if isinstance(field, IntegerField) and isinstance(python_value, int):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            if (low is not None and python_value < low) or (high is not None and python_value > high):
                continue
        accepted.append(value)
    return accepted


logger = logging.getLogger("etalase.admin")


# A search word matching more related rows than this (an inmate's name in the participants'
# list) is looked up with a subquery rather than a list of ids.
SEARCH_RELATED_IDS_MAX = 1000


def search_lookups(model, search_fields) -> list[tuple[str, str]] | None:
    """For each of ``search_fields``, the lookup Django's admin search makes of it (``^name``
    starts with, ``=name`` is exactly, ``@name`` full text, a bare path contains, case aside),
    as (path, lookup). None if one of them names its own lookup (``number__exact``) or goes
    through a many-valued relation (``booths__code``): such searches are left to Django."""
    from django.core.exceptions import FieldDoesNotExist

    lookups = []
    for spec in map(str, search_fields):
        lookup = {"^": "istartswith", "=": "iexact", "@": "search"}.get(spec[:1], "icontains")
        path = spec[1:] if lookup != "icontains" else spec
        opts = model._meta
        for part in path.split("__"):
            try:
                field = opts.get_field(opts.pk.name if part == "pk" else part)
            except FieldDoesNotExist:
                return None
            if field.is_relation:
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    return None
                opts = field.related_model._meta
        lookups.append((path, lookup))
    return lookups


def search_with_indexes(queryset, lookups: list[tuple[str, str]], words: list[str], *, memo: dict | None = None):
    """Django's admin search (every word in some search field), written so that PostgreSQL can
    answer it from indexes at national scale.

    Django asks ``WHERE name LIKE … OR number LIKE … OR prison.name LIKE …``. An OR that reaches
    into a joined table cannot be answered from the columns' indexes, so PostgreSQL read every
    row: 180 ms to count the inmates matching "budi" among 250,000, and a second for "bu". Here a
    field of a related row (the prison's name) is looked up first, in that table, and the OR asks
    for those ids (``prison_id IN (…)``, or a subquery when there are more than
    ``SEARCH_RELATED_IDS_MAX``): every arm of the OR is then a column of the listed table, and
    PostgreSQL combines their trigram indexes (migrations ``inmates.0013`` and
    ``products.0016``). The same rows as Django's search, and, as every path here is a
    single-valued relation, no duplicates. ``memo`` keeps the related ids of a request's
    look-ups, which Django repeats for each list filter's counts."""
    from django.db.models import Q
    from django.utils.text import unescape_string_literal

    model = queryset.model
    for word in words:
        if word[:1] in ('"', "'") and word[0] == word[-1]:
            word = unescape_string_literal(word)
        arms, related_arms = Q(), {}
        for path, lookup in lookups:
            first, _, rest = path.partition("__")
            field = model._meta.get_field(model._meta.pk.name if first == "pk" else first)
            if rest and field.is_relation:
                related_arms[field] = related_arms.get(field, Q()) | Q((f"{rest}__{lookup}", word))
            else:
                arms |= Q((f"{path}__{lookup}", word))
        for field, found in related_arms.items():
            target = field.target_field.attname
            related = field.related_model._base_manager.filter(found).order_by().values_list(target, flat=True)
            # Looked up once per request: Django searches again for each filter's counts (facets).
            key = (model._meta.label, field.name, word, tuple(lookups))
            if memo is not None and key in memo:
                ids = memo[key]
            else:
                ids = list(related[: SEARCH_RELATED_IDS_MAX + 1])
                if memo is not None:
                    memo[key] = ids
            if len(ids) > SEARCH_RELATED_IDS_MAX:
                arms |= Q((f"{field.attname}__in", related))
            elif ids:
                arms |= Q((f"{field.attname}__in", ids))
        queryset = queryset.filter(arms) if arms else queryset.none()
    return queryset


class LabelledUniqueErrorsMixin:
    """For inline formsets: Django names the duplicated columns by their code names ("Perbaiki
    data ganda untuk code."); this names them as the form's labels do."""

    def get_unique_error_message(self, unique_check):
        from django.utils.text import get_text_list

        opts = self.model._meta
        parent = getattr(getattr(self, "fk", None), "name", None)  # the same in every row
        labels = [str(opts.get_field(name).verbose_name) for name in unique_check if name != parent]
        if len(labels) == 1:
            return gettext("Perbaiki data ganda: %(field)s harus berbeda di setiap baris.") % {
                "field": labels[0]
            }
        return gettext("Perbaiki data ganda: gabungan %(fields)s harus berbeda di setiap baris.") % {
            "fields": get_text_list(labels, gettext("dan"))
        }


    def get_form_error(self):
        # Django puts "Perbaiki nilai ganda di bawah ini." on every repeated row, under the same
        # words at the top of the table: the row's own message says which row and what to do.
        return gettext("Baris ini sama dengan baris lain; ubah atau hapus salah satunya.")


class CaseFreeUniqueRowsMixin:
    """For inline formsets whose ``case_free_unique`` field is unique per parent whatever its case
    (a UniqueConstraint on ``Lower(field)``). Django checks each row against the saved ones, but
    compares the rows of one page with each other only on plain fields: "A-1" and "a-1" added
    together both passed, and the second insert broke the constraint. The later row is marked."""

    case_free_unique = ""

    def clean(self):
        super().clean()
        from django.utils.text import capfirst

        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            value = data.get(self.case_free_unique)
            if not value or data.get("DELETE"):
                continue
            key = value.casefold()
            if key in seen:
                label = self.model._meta.get_field(self.case_free_unique).verbose_name
                form.add_error(
                    self.case_free_unique,
                    gettext(
                        "%(field)s ini sama dengan baris lain (huruf besar dan kecil tidak dibedakan); "
                        "ubah salah satunya."
                    )
                    % {"field": capfirst(label)},
                )
            seen.add(key)


def labelled_inline_formset():
    """An inline formset class whose duplicate messages name fields by their labels."""
    from django.forms.models import BaseInlineFormSet

    return type("LabelledInlineFormSet", (LabelledUniqueErrorsMixin, BaseInlineFormSet), {})


def pk_or_404(model, object_id):
    """``object_id`` (from an admin URL) as ``model``'s primary key; Http404 for one that is not
    a key (``abc``, ``1.5``), which a lookup would answer with ValueError."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    try:
        return model._meta.pk.to_python(object_id)
    except ValidationError:
        raise Http404 from None


class _ToTheMinute:
    """An admin time box showing a time to the minute (09.00, the first of the language's
    TIME_INPUT_FORMATS, which the admin's clock writes too), and with its seconds only when it
    has some: a recorded moment such as a delegation's sign-up time keeps them when its form is
    saved for another change (written to the minute, it would be cut short and its history
    would show a change nobody made)."""

    def format_value(self, value):
        if isinstance(value, datetime.time) and value.second:
            with_seconds = next((f for f in formats.get_format("TIME_INPUT_FORMATS") if "%S" in f), None)
            if with_seconds:
                return formats.localize_input(value, with_seconds)
        return super().format_value(value)


class MinuteTimeWidget(_ToTheMinute, admin_widgets.AdminTimeWidget):
    """The box of a time-of-day field."""


class _MinuteTimePart(_ToTheMinute, admin_widgets.BaseAdminTimeWidget):
    """The time half of a date-and-time field (without the paragraph of a whole field)."""


class MinuteSplitDateTimeWidget(admin_widgets.AdminSplitDateTime):
    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, [admin_widgets.BaseAdminDateWidget, _MinuteTimePart], attrs)


class AdminInputChecksMixin:
    def get_deleted_objects(self, objs, request):
        """While protected rows (recorded sales) stand in the way, the delete page says that, not
        that the user lacks the right to delete rows nobody may delete (found by a bad-input
        probe: deleting an exhibition with sales asked for a "permission" to delete sales).
        Django shows missing permissions first; once nothing is protected they are shown again."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def to_field_allowed(self, request, to_field):
        # "?_to_field=+" named a hidden reverse relation (a historical model's foreign key has
        # related_name "+"), which Django then asked for ``primary_key``: a 500 (found by the
        # changelist fuzzing). A hidden relation is never a field to select by: a 400, as for
        # any other field that is not allowed.
        if to_field and to_field.endswith("+"):
            return False
        return super().to_field_allowed(request, to_field)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        from django.contrib import messages
        from django.http import HttpResponseRedirect

        try:  # Django's changeform_view saves in a transaction: on this error nothing is saved
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            if request.method != "POST":
                raise
            logger.info("Admin save refused by the database: %s", request.path, exc_info=True)
            messages.error(
                request,
                gettext(
                    "Tidak ada yang disimpan: dua baris tidak boleh memakai nilai yang sama (misalnya "
                    "kode stan, wilayah delegasi atau peserta yang sama). Untuk menukar nilai dua "
                    "baris, beri dulu satu baris nilai sementara (misalnya kode stan “A-01-x”) dan "
                    "simpan; lalu isi kedua baris dengan nilai yang diinginkan dan simpan lagi."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        from django.db import models

        from config.validators import validate_plausible_datetime

        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            formfield is not None
            and isinstance(db_field, models.DateTimeField)
            and validate_plausible_datetime not in formfield.validators
        ):
            formfield.validators.append(validate_plausible_datetime)
        if (
            formfield is not None
            and isinstance(db_field, models.DateTimeField)
            and isinstance(formfield.widget, forms.MultiWidget)
            and len(formfield.widget.widgets) == 2
        ):
            # The date box and the time box each get a name ("Pendaftaran dibuka: tanggal"): the
            # field's label reached only the first, and the time box had none (an accessibility
            # check).
            date_box, time_box = formfield.widget.widgets
            date_box.attrs["aria-label"] = format_lazy("{}: {}", capfirst(formfield.label), _("tanggal"))
            time_box.attrs["aria-label"] = format_lazy("{}: {}", capfirst(formfield.label), _("jam"))
        return formfield

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and request.GET.get("e") == "1":
            # Django's answer to a bad filter is the whole list with ?e=1, and no word about it.
            from django.contrib import messages

            messages.warning(
                request,
                gettext(
                    "Saringan pada alamat halaman tidak dapat dipakai, jadi diabaikan: daftar ini "
                    "menampilkan semua data. Pilih saringan dari panel di samping."
                ),
            )
        return super().changelist_view(request, extra_context)

    def lookup_allowed(self, lookup, value, request=None):
        """A parameter that one of the list's own filters (a SimpleListFilter) reads is allowed:
        the filter applies it, not the ORM. Django means to allow those too, but takes a name
        such as ``training__prison__id__exact`` for a lookup across relations and refuses it."""
        from django.contrib.admin import SimpleListFilter

        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter) and item.parameter_name == lookup:
                return True
        return super().lookup_allowed(lookup, value, request)

    # Django searches every word of the box in every search field, ANDed: a pasted paragraph of
    # hundreds of words made a query PostgreSQL planned for minutes, holding gigabytes.
    SEARCH_MAX_WORDS = 8

    def get_search_results(self, request, queryset, search_term):
        from django.utils.text import smart_split

        # PostgreSQL refuses a NUL in a text (a 500 from the autocomplete's ?term=a%00b).
        search_term = search_term.replace("\x00", "")
        words = list(smart_split(search_term))
        if len(words) > self.SEARCH_MAX_WORDS:
            search_term = " ".join(words[: self.SEARCH_MAX_WORDS])
            words = words[: self.SEARCH_MAX_WORDS]
        lookups = search_lookups(queryset.model, self.get_search_fields(request))
        if not words or not lookups:
            return super().get_search_results(request, queryset, search_term)
        # What the admins further down the line add to a search (an autocomplete narrowed to a
        # prison) still applies; the words are searched here.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, "")
        memo = request.__dict__.setdefault("_etalase_search_ids", {})
        return search_with_indexes(queryset, lookups, words, memo=memo), may_have_duplicates

    def get_changelist_instance(self, request):
        from django.contrib.admin.options import IncorrectLookupParameters

        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError, DataError) as error:
            if not set(request.GET) - _CHANGELIST_KEYS:
                raise  # no filter of the user's: a fault of ours, not bad input
            raise IncorrectLookupParameters(error) from error

    def response_action(self, request, queryset):
        from django.contrib.admin import helpers

        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if selected:
            connection = connections[router.db_for_write(self.model)]
            kept = acceptable_values(self.model._meta.pk, selected, connection)
            if kept != selected:
                request.POST = request.POST.copy()
                request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, kept)
        return super().response_action(request, queryset)


class PickerRelatedWidgetWrapper(admin_widgets.RelatedFieldWidgetWrapper):
    """Django's +/✎/✖ links beside a related-row picker, without the ✖ (delete the chosen row:
    on a training's participant row, the inmate's whole record), and for the records prisons keep
    themselves (people, prisons, workshops, accounts) without + and ✎ as well: a picker picks.
    The 👁 link to the chosen row stays. Put in place of Django's by ``EtalaseAdminConfig``."""

    KEPT_ELSEWHERE = {"inmates.inmate", "inmates.prison", "inmates.workshop", "auth.user"}

    def __init__(self, widget, rel, admin_site, **kwargs):
        kwargs["can_delete_related"] = False
        if rel.model._meta.label_lower in self.KEPT_ELSEWHERE:
            view = kwargs.get("can_view_related") or kwargs.get("can_change_related")
            kwargs.update(can_add_related=False, can_change_related=False, can_view_related=view)
        super().__init__(widget, rel, admin_site, **kwargs)


class AdminWholeNumberWidget(WholeNumberInput):
    """The admin's box for an integer column: a text box that a phone types digits into, as
    wide as Django's own integer box (``vIntegerField``). ``inmates.form_fields.WholeNumberField``
    reads it."""

    def __init__(self, attrs=None):
        super().__init__({"class": "vIntegerField", **(attrs or {})})


def reason_confirmation_response(model_admin, request, *, template: str, title: str, form, **context):
    """The confirmation page of an admin action that asks for a reason (reject, revoke):
    ``template`` with the admin's context, ``form`` (its ``reason``) and ``context``; the page's
    form is ``admin/includes/etalase_reason_form.html``."""
    from django.contrib.admin import helpers
    from django.template.response import TemplateResponse

    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.model._meta,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": model_admin.media,
            **context,
        },
    )
