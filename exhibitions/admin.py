"""Back-office for exhibitions: delegations, the programme, competitions, sales, visitors, inquiries."""

import datetime
import functools
import json
import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.admin_input import pk_or_404, reason_confirmation_response
from config.lean_widgets import LeanSelect
from config.validators import validate_plausible_date
from exhibitions import fair_admin
from exhibitions.models import (
    ZONE_ABBREVIATIONS,
    Booth,
    Competition,
    CompetitionEntry,
    Criterion,
    Delegation,
    Exhibition,
    Inquiry,
    InquiryReply,
    JudgeScore,
    ProgrammeItem,
    Sale,
    StockLine,
    VisitorCount,
    VisitorFeedback,
)
from exhibitions.money import sale_shares
from exhibitions.reply_messages import resend_and_tell, tell_reply_outcome
from exhibitions.report_admin import ExhibitionReportsMixin
from exhibitions.selectors import exhibition_days, inquiry_for_ministry_q, on_venue_day_q
from exhibitions.services import (
    REJECTABLE_STATUSES,
    competition_assign_all_jurors,
    competition_drop_stale_assignments,
    delegation_accept,
    delegation_reject,
    stock_record,
    visitor_count_record,
)
from inmates.admin_utils import (
    DateHierarchyMixin,
    PrisonAutocompleteMedia,
    PrisonScopedMixin,
    ReadOnlyAdminMixin,
    SafeAutocompleteMixin,
    names_for_message,
    related_count,
)
from inmates.kept_uploads import KeptUploadsAdminMixin
from inmates.templatetags.etalase import format_moment, format_rupiah


def venue_time(moment, exhibition) -> str:
    """``moment`` on the hall's clock: a sale in Makassar reads in WITA wherever staff sit."""
    local = moment.astimezone(exhibition.tzinfo)
    return f"{format_moment(local, short=True, localise=False)} {exhibition.zone_abbreviation}"


def inquiry_time(moment, inquiry) -> str:
    """``moment`` (of ``inquiry`` or its answers) in the inquiry's zone (``Inquiry.tzinfo``: its
    exhibition's venue, else WIB), as Django draws a time in a list: "6 Des. 2026, 09.32 WIT"."""
    return date_format(moment.astimezone(inquiry.tzinfo), "DATETIME_FORMAT") if moment else "–"


def at_venue(field: str, exhibition: str = "exhibition"):
    """An export accessor (``export_fields``): the row's time ``field`` on the clock of the hall
    (its ``exhibition``), so the CSV carries the venue's offset as the list shows its zone."""

    def value(obj):
        moment = getattr(obj, field)
        return moment.astimezone(getattr(obj, exhibition).tzinfo) if moment else None

    return value


class VenueTimeMixin:
    """The page's dates and times are typed and shown in the venue's zone, as the public pages
    and the programme show them: 10.00 in Makassar's programme is 10.00 WITA, not 10.00 WIB (the
    server's zone) shown to visitors as 11.00 WITA. ``venue_zone`` names the zone for the page;
    the response is drawn inside it (a TemplateResponse is otherwise drawn later, outside)."""

    # The form field choosing the exhibition, whose zone the time boxes then follow in the
    # browser (admin_venue_zone.js) before the form is sent: on a new programme item the page
    # knows no zone until one is chosen, and the time is read in the chosen one (found by a probe:
    # the boxes said WIB while 09.00 was saved as 09.00 WITA).
    zone_follows_field: str | None = None

    def venue_zone(self, request, object_id) -> str | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.venue_zone(request, object_id)
        if self.zone_follows_field:
            zones = dict(Exhibition.objects.order_by().values_list("pk", "timezone"))
            extra_context = {
                **(extra_context or {}),
                "zone_field": self.zone_follows_field,
                "exhibition_zones": json.dumps({pk: ZONE_ABBREVIATIONS.get(tz, "") for pk, tz in zones.items()}),
            }
        if zone not in ZONE_ABBREVIATIONS:
            return super().changeform_view(request, object_id, form_url, extra_context)
        extra_context = {**(extra_context or {}), "venue_zone": ZONE_ABBREVIATIONS[zone]}
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def _zone_of_row(self, request, object_id, model) -> str | None:
        """The zone of the exhibition chosen on the form being sent, else of ``model``'s row
        ``object_id`` (a row with an ``exhibition``)."""
        if request.method == "POST" and request.POST.get("exhibition"):
            return self._zone_of_exhibition(request.POST["exhibition"])
        if object_id and str(unquote(object_id)).isdecimal() and len(str(unquote(object_id))) < 19:
            exhibition_id = model.objects.filter(pk=unquote(object_id)).values_list("exhibition_id", flat=True).first()
            return self._zone_of_exhibition(exhibition_id)
        return None

    @staticmethod
    def _zone_of_exhibition(pk) -> str | None:
        if pk is None or not str(pk).isdecimal() or len(str(pk)) > 18:
            return None
        return Exhibition.objects.filter(pk=int(pk)).values_list("timezone", flat=True).first()


class VenueDayFilter(admin.SimpleListFilter):
    """The rows of one day at the venue, as the report and the sales desk count days: the
    ModelAdmin's ``venue_day_field`` (a moment) on the clock of each row's own exhibition. It
    stands where ``date_hierarchy`` stood, whose days are the server's (WIB): a sale at 00.30 WIT
    on 6 December was listed under the 5th. The days offered are those of the exhibition chosen
    in the list's exhibition filter (a day chosen without one is still shown, as chosen)."""

    title = _("hari (waktu setempat)")
    parameter_name = "hari"
    EXHIBITION_PARAMETER = "exhibition__id__exact"

    def __init__(self, request, params, model, model_admin):
        self.field = model_admin.venue_day_field
        super().__init__(request, params, model, model_admin)

    def day(self) -> datetime.date | None:
        """The chosen day; IncorrectLookupParameters (the list again with ?e=1) for one that
        names no plausible day."""
        if self.value() is None:
            return None
        try:
            day = datetime.date.fromisoformat(self.value())
            validate_plausible_date(day)
        except (ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error
        return day

    def lookups(self, request, model_admin):
        exhibition_id = request.GET.get(self.EXHIBITION_PARAMETER, "")
        exhibition = (
            Exhibition.objects.filter(pk=int(exhibition_id)).only("start_date", "end_date").first()
            if exhibition_id.isdecimal() and len(exhibition_id) < 19
            else None
        )
        days = exhibition_days(exhibition) if exhibition is not None else []
        chosen = self.day()
        if chosen is not None and chosen not in days:
            days.append(chosen)
        return [(day.isoformat(), date_format(day, "D, j M Y")) for day in days]

    def queryset(self, request, queryset):
        day = self.day()
        if day is None:
            return queryset
        return queryset.filter(on_venue_day_q(day=day, field=self.field))


class ProgrammeItemInline(SafeAutocompleteMixin, admin.TabularInline):
    """A clash (same place, overlapping times) or an item outside the exhibition's days is an
    error on its row; the rows are saved through ``programme_item_save``."""

    model = ProgrammeItem
    formset = fair_admin.ProgrammeItemFormSet
    fields = ("starts_at", "ends_at", "kind", "title", "place", "host", "host_prison")
    autocomplete_fields = ("host_prison",)
    extra = 0


class BoothInline(admin.TabularInline):
    """The exhibition's booths; assignments go through ``booth_assign`` (accepted delegations of
    this exhibition, within their booth quota)."""

    model = Booth
    formset = fair_admin.BoothFormSet
    fields = ("code", "zone", "size", "delegation")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["delegation"]
        fair_admin.limit_booth_delegations(field, obj)
        # A delegation added on this page is still "Mendaftar": say where it is accepted, or the
        # empty box looks broken (found by a probe).
        field.help_text = _(
            "Hanya delegasi yang sudah diterima. Delegasi baru diterima dengan aksi “Terima delegasi” di "
            "menu Delegasi."
        )
        # Read once for all booth rows (a ModelChoiceField queries again for every row it draws);
        # what is posted is still checked against the queryset.
        field.choices = list(field.choices)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "delegation":
            # Every booth row offers every accepted delegation: written without a template per
            # option (4,000 options at 60 booths and 66 delegations).
            kwargs.setdefault("widget", LeanSelect)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DelegationInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Delegation
    form = fair_admin.DelegationRegionForm
    fields = ("name", "region", "prison", "status", "booth_quota", "product_quota", "contact_phone")
    # Decisions go through the "Terima/Tolak delegasi" actions, which record who decided.
    readonly_fields = ("status",)
    autocomplete_fields = ("region", "prison")
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # Each row's title (Delegation.__str__) names its exhibition, and its Kanwil and prison
        # boxes show theirs: joined, not fetched per row.
        return super().get_queryset(request).select_related("exhibition", "region", "prison")


class DelegationNameColumn:
    """A list column with the delegation's name alone: its string ("Lapas Kelas I Cipinang
    (Pameran Produk Unggulan Narapidana)") repeats the exhibition, which the list filters by,
    and took half of each row."""

    @admin.display(description=_("delegasi"), ordering="delegation__name")
    def delegation_name(self, obj):
        return obj.delegation.name if obj.delegation_id else "–"


@admin.register(Exhibition)
class ExhibitionAdmin(KeptUploadsAdminMixin, VenueTimeMixin, DateHierarchyMixin, ExhibitionReportsMixin, admin.ModelAdmin):
    form = fair_admin.ExhibitionAdminForm
    list_display = (
        "title",
        "edition",
        "city",
        "venue",
        "start_date",
        "end_date",
        "timezone",
        "is_published",
        "delegation_count",
    )
    list_filter = ("is_published", "timezone", "city")
    search_fields = ("title", "venue", "city")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ProgrammeItemInline, DelegationInline, BoothInline)
    readonly_fields = ("closed_at", "closed_by")
    fieldsets = (
        (
            None,
            {"fields": ("title", "edition", "slug", "is_published", "description", "organisers", "banner")},
        ),
        (_("Tempat"), {"fields": ("venue", "address", "city", "timezone")}),
        (
            _("Waktu"),
            {
                "fields": ("start_date", "end_date", "opening_time", "closing_time"),
                "description": _(
                    "Semua jam di halaman ini (jam buka, pendaftaran, acara) adalah waktu setempat "
                    "di tempat pameran, menurut zona waktu di atas."
                ),
            },
        ),
        (_("Pendaftaran delegasi"), {"fields": ("registration_opens", "registration_closes")}),
        (
            _("Pembagian hasil penjualan"),
            {
                # Found by a ministry probe: the split behind every report was set nowhere, so a
                # market trial with another split could not be set up.
                "fields": ("share_inmate_pct", "share_pnbp_pct", "share_programme_pct"),
                "description": _(
                    "Bagian tiap pihak dari hasil penjualan, berjumlah 100%. Tidak dapat diubah lagi "
                    "setelah ada penjualan tercatat: laporan yang sudah dibuat memakainya."
                ),
            },
        ),
        (
            _("Penutupan"),
            {
                "fields": ("closed_at", "closed_by"),
                "description": _("Pameran ditutup dari halaman Rekonsiliasi stok, setelah semua stok cocok."),
            },
        ),
    )

    SHARE_FIELDS = ("share_inmate_pct", "share_pnbp_pct", "share_programme_pct")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk and Sale.objects.filter(exhibition=obj).exists():
            return (*readonly, *self.SHARE_FIELDS)  # sales were split this way
        return readonly

    def venue_zone(self, request, object_id):
        # The zone chosen on the form being sent (a new exhibition, or a changed zone), else the
        # stored one.
        if request.method == "POST" and request.POST.get("timezone") in ZONE_ABBREVIATIONS:
            return request.POST["timezone"]
        return self._zone_of_exhibition(unquote(object_id)) if object_id else None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delegation_count=related_count(Delegation.objects.all(), to="exhibition"))

    def get_urls(self):
        from django.urls import path

        def page(function, name: str, route: str):
            def view(request, object_id):
                return function(self, request, object_id)

            return path(
                f"<path:object_id>/{route}/",
                self.admin_site.admin_view(view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_{name}",
            )

        pages = [
            page(fair_admin.booth_list_view, "booths", "stan"),
            page(fair_admin.floor_list_view, "floor", "denah"),
            page(fair_admin.stock_view, "stock", "stok"),
            page(fair_admin.visitor_count_view, "visitors", "pengunjung"),
        ]
        return [*pages, *super().get_urls()]  # before "<path:object_id>/", which would catch them

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BoothInline) and request.method == "POST":
            kwargs["posted_quotas"] = fair_admin.posted_booth_quotas(request.POST)
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and {"opening_time", "closing_time", "timezone"} & set(form.changed_data):
            fair_admin.warn_programme_outside_hours(request, exhibition=form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is Booth:
            changed = formset.save(commit=False)
            for booth in formset.deleted_objects:
                booth.delete()
            fair_admin.save_booths(request, booths=changed)
            formset.save_m2m()
        elif formset.model is ProgrammeItem:
            fair_admin.save_programme(request, formset=formset)
        else:
            super().save_formset(request, form, formset, change)

    @admin.display(description=_("jumlah delegasi"), ordering="delegation_count")
    def delegation_count(self, obj):
        return obj.delegation_count


class StockLineInline(SafeAutocompleteMixin, admin.TabularInline):
    """Stock a delegation brought, saved through ``stock_record``; sold comes from the sales
    (see the exhibition's stock reconciliation page)."""

    model = StockLine
    form = fair_admin.StockLineAdminForm
    fields = ("product", "brought_in", "returned", "lost", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")
    autocomplete_fields = ("product",)
    extra = 0

    def has_delete_permission(self, request, obj=None):
        closed = fair_admin.stock_closed(obj.exhibition if obj is not None else None)
        return not closed and super().has_delete_permission(request, obj)


class DelegationRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Petugas lapas membaca alasan ini di portal, pada pendaftaran mereka."),
        error_messages={"required": _("Tulis alasan penolakan: petugas lapas perlu tahu mengapa pendaftarannya ditolak.")},
    )


@admin.register(Delegation)
class DelegationAdmin(VenueTimeMixin, PrisonAutocompleteMedia, SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    form = fair_admin.DelegationAdminForm
    # Applied and decided on the venue's clock, as the portal shows them to the officers (a staff
    # probe: "Diputuskan pada 11.13 WIB" for an exhibition in Makassar).
    zone_follows_field = "exhibition"

    def venue_zone(self, request, object_id):
        return self._zone_of_row(request, object_id, Delegation)

    @admin.display(description=_("mendaftar pada"), ordering="applied_at")
    def applied_at_venue(self, obj):
        """On the venue's clock with its zone, as the change page and the portal show it (the
        list was on the server's clock: 11.13 for an application made at 12.13 WITA)."""
        return venue_time(obj.applied_at, obj.exhibition)

    list_display = (
        "name",
        "exhibition",
        "region",
        "prison",
        "booth_codes",
        "status",
        "applied_at_venue",
        "decided_by",
    )
    export_fields = (
        "name", "exhibition", "region", "prison", "booth_codes", "status",
        (_("mendaftar pada"), at_venue("applied_at")), "decided_by",
    )
    list_filter = ("status", "exhibition", "region")
    search_fields = ("name", "booths__code", "exhibition__title", "prison__name", "region__province")
    autocomplete_fields = ("exhibition", "region", "prison", "products", "contact_officer")
    date_hierarchy = "applied_at"
    readonly_fields = ("status", "decided_at", "decided_by", "booth_codes")
    actions = ("accept_delegations", "reject_delegations")

    def get_readonly_fields(self, request, obj=None):
        # A new application is made now: its moment is taken on saving, not typed. The add page
        # knows no venue until an exhibition is chosen, so the box showed the server's clock
        # (13.09 WIB) and the time was then read on the venue's (13.09 WIT, two hours early;
        # found by a ministry-staff probe).
        if obj is None:
            return (*self.readonly_fields, "applied_at")
        return self.readonly_fields
    inlines = (StockLineInline,)
    fieldsets = (
        (None, {"fields": ("exhibition", "name", "region", "prison")}),
        (
            _("Stan dan kuota"),
            {
                "fields": ("booth_codes", "booth_quota", "product_quota"),
                "description": _("Stan ditetapkan di halaman pameran (bagian Stan) atau di menu Stan."),
            },
        ),
        (_("Penghubung"), {"fields": ("contact_officer", "contact_phone")}),
        (_("Produk"), {"fields": ("products",)}),
        (_("Keputusan"), {"fields": ("status", "applied_at", "decided_at", "decided_by", "notes")}),
    )

    def get_queryset(self, request):
        # Delegation.__str__ names the exhibition (also in autocomplete answers of other admins).
        return (
            super()
            .get_queryset(request)
            .select_related("exhibition", "region", "prison", "decided_by")
            .prefetch_related("booths")
        )

    @admin.display(description=_("stan"))
    def booth_codes(self, obj):
        return obj.booth_code or "–"

    def save_formset(self, request, form, formset, change):
        if formset.model is not StockLine:
            return super().save_formset(request, form, formset, change)
        changed = formset.save(commit=False)
        for line in formset.deleted_objects:
            line.delete()
        for line in changed:
            stock_record(
                delegation=form.instance,
                product=line.product,
                brought_in=line.brought_in,
                returned=line.returned,
                lost=line.lost,
                user=request.user,
            )

    def _decide_all(self, request, queryset, *, service, verb: str, log: str):
        done, skipped = [], []
        for delegation in queryset:
            try:
                service(delegation=delegation, user=request.user)
            except ValidationError:
                skipped.append(delegation)
                continue
            self.log_change(request, delegation, log)
            done.append(delegation)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d delegasi %(verb)s.", "%(count)d delegasi %(verb)s.", len(done))
                % {"count": len(done), "verb": verb},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delegasi dilewati karena statusnya tidak sesuai: %(names)s.",
                    "%(count)d delegasi dilewati karena statusnya tidak sesuai: %(names)s.",
                    len(skipped),
                )
                % {"count": len(skipped), "names": names_for_message([d.name for d in skipped])},
                messages.WARNING,
            )

    @admin.action(description=_("Terima delegasi"), permissions=["change"])
    def accept_delegations(self, request, queryset):
        self._decide_all(
            request, queryset, service=delegation_accept, verb=gettext("diterima"), log=gettext("Diterima.")
        )

    @admin.action(description=_("Tolak delegasi"), permissions=["change"])
    def reject_delegations(self, request, queryset):
        """Asks for the reason on an intermediate page (the prison's officers read it in the
        portal); an empty reason is refused there."""
        form = DelegationRejectForm(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._decide_all(
                request,
                queryset,
                service=functools.partial(delegation_reject, reason=reason),
                verb=gettext("ditolak"),
                log=gettext("Ditolak: %(reason)s") % {"reason": reason},
            )
            return None  # back to the changelist
        delegations = list(queryset.select_related("exhibition"))
        return reason_confirmation_response(
            self,
            request,
            template="admin/exhibitions/delegation/reject_confirmation.html",
            title=gettext("Tolak delegasi terpilih"),
            form=form,
            delegations=delegations,
            rejectable=[d for d in delegations if d.status in REJECTABLE_STATUSES],
            not_rejectable=[d for d in delegations if d.status not in REJECTABLE_STATUSES],
        )


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(VenueTimeMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "exhibition", "starts_local", "ends_local", "place", "host", "host_prison")
    export_fields = (
        "title", "kind", "exhibition", (_("mulai"), at_venue("starts_at")), (_("selesai"), at_venue("ends_at")),
        "place", "host", "host_prison",
    )
    list_filter = ("kind", "exhibition", VenueDayFilter)
    list_select_related = ("exhibition", "host_prison")
    search_fields = ("title", "host", "place", "exhibition__title")
    autocomplete_fields = ("exhibition", "host_prison")
    # Days at the venue (VenueDayFilter), not date_hierarchy's days in the server's zone.
    venue_day_field = "starts_at"

    def save_model(self, request, obj, form, change):
        fair_admin.save_programme_item(request, item=obj)

    zone_follows_field = "exhibition"

    def venue_zone(self, request, object_id):
        if request.method == "POST" and request.POST.get("exhibition"):
            return self._zone_of_exhibition(request.POST["exhibition"])
        if not object_id and request.GET.get("exhibition"):  # "Tambah acara" from an exhibition
            return self._zone_of_exhibition(request.GET["exhibition"])
        if object_id and str(unquote(object_id)).isdecimal() and len(str(unquote(object_id))) < 19:
            item = ProgrammeItem.objects.filter(pk=unquote(object_id)).values_list("exhibition_id", flat=True).first()
            return self._zone_of_exhibition(item)
        return None

    @admin.display(description=_("mulai"), ordering="starts_at")
    def starts_local(self, obj):
        return venue_time(obj.starts_at, obj.exhibition)

    @admin.display(description=_("selesai"), ordering="ends_at")
    def ends_local(self, obj):
        return venue_time(obj.ends_at, obj.exhibition)


@admin.register(Booth)
class BoothAdmin(DelegationNameColumn, SafeAutocompleteMixin, admin.ModelAdmin):
    """A booth; its assignment goes through ``booth_assign``. Booths are usually made in the
    exhibition's page (section Stan)."""

    form = fair_admin.BoothAdminForm
    list_display = ("code", "zone", "size", "exhibition", "delegation_name", "assigned_by", "assigned_at")
    list_filter = ("exhibition", "zone")
    list_select_related = ("exhibition", "delegation", "assigned_by")
    search_fields = ("code", "zone", "delegation__name", "exhibition__title")
    autocomplete_fields = ("exhibition", "delegation")
    readonly_fields = ("assigned_by", "assigned_at")
    fields = ("exhibition", "code", "zone", "size", "delegation", "assigned_by", "assigned_at")

    def save_model(self, request, obj, form, change):
        fair_admin.save_booths(request, booths=[obj])


@admin.register(StockLine)
class StockLineAdmin(DelegationNameColumn, SafeAutocompleteMixin, admin.ModelAdmin):
    """Stock brought to the fair; saved through ``stock_record`` (which refuses once the
    exhibition is closed). Sold and the reconciliation: the exhibition's stock page."""

    list_display = (
        "product",
        "delegation_name",
        "exhibition",
        "brought_in",
        "returned",
        "lost",
        "recorded_by",
        "recorded_at_venue",
    )
    form = fair_admin.StockLineAdminForm
    list_filter = ("delegation__exhibition",)
    list_select_related = ("product", "delegation__exhibition", "recorded_by")
    search_fields = ("product__name", "delegation__name")
    autocomplete_fields = ("delegation", "product")
    readonly_fields = ("recorded_by", "recorded_at_venue")
    fields = ("delegation", "product", "brought_in", "returned", "lost", "recorded_by", "recorded_at_venue")

    @admin.display(description=_("pameran"), ordering="delegation__exhibition__start_date")
    def exhibition(self, obj):
        return obj.delegation.exhibition.title

    @admin.display(description=_("dicatat pada"), ordering="recorded_at")
    def recorded_at_venue(self, obj):
        # On the hall's clock, as the delegation's page shows it (found by a staff probe: 15.16
        # WIB here, 17.16 WIT there, for a fair in Jayapura).
        return venue_time(obj.recorded_at, obj.delegation.exhibition) if obj.recorded_at else "–"

    def has_delete_permission(self, request, obj=None):
        closed = fair_admin.stock_closed(obj.delegation.exhibition if obj is not None else None)
        return not closed and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = stock_record(
            delegation=obj.delegation,
            product=obj.product,
            brought_in=obj.brought_in,
            returned=obj.returned,
            lost=obj.lost,
            user=request.user,
        )
        obj.pk = saved.pk


class CriterionInline(admin.TabularInline):
    """The weights must add up to exactly 100 (checked by the formset)."""

    model = Criterion
    formset = fair_admin.CriterionFormSet
    fields = ("name", "weight", "position")
    extra = 0


class CompetitionEntryInline(SafeAutocompleteMixin, admin.TabularInline):
    """Entries with blind codes (a blank code is generated) and the jurors assigned to each."""

    model = CompetitionEntry
    form = fair_admin.CompetitionEntryAdminForm
    formset = fair_admin.CompetitionEntryFormSet
    fields = ("entry_code", "title", "delegation", "product", "assigned_jurors", "rank", "award_shown")
    readonly_fields = ("rank", "award_shown")
    autocomplete_fields = ("product",)
    extra = 0
    show_change_link = True

    @admin.display(description=_("penghargaan"))
    def award_shown(self, obj):
        # "Juara 1" in the reader's language (the award is stored empty for a ranked winner).
        return obj.award_label if obj is not None and obj.pk else ""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        fair_admin.limit_entry_delegations(formset.form.base_fields["delegation"], obj)
        fair_admin.limit_entry_products(formset.form.base_fields, obj)
        return formset


@admin.register(Competition)
class CompetitionAdmin(VenueTimeMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    form = fair_admin.CompetitionAdminForm
    zone_follows_field = "exhibition"

    def venue_zone(self, request, object_id):
        return self._zone_of_row(request, object_id, Competition)

    list_display = (
        "title",
        "exhibition",
        "organiser",
        "entry_count",
        "scoring_closed",
        "results_published",
    )
    list_filter = ("scoring_closed", "results_published", "exhibition")
    list_select_related = ("exhibition",)
    search_fields = ("title", "organiser", "exhibition__title")
    autocomplete_fields = ("exhibition", "jurors")
    inlines = (CriterionInline, CompetitionEntryInline)
    readonly_fields = (
        "scoring_closed",
        "scoring_closed_at",
        "scoring_closed_by",
        "results_published",
        "results_published_at",
        "results_published_by",
    )
    actions = ("assign_all_jurors",)
    fieldsets = (
        (None, {"fields": ("exhibition", "title", "organiser", "description")}),
        (_("Juri"), {"fields": ("jurors", "tie_break_rule")}),
        (
            _("Status"),
            {
                "fields": (
                    ("scoring_closed", "scoring_closed_at", "scoring_closed_by"),
                    ("results_published", "results_published_at", "results_published_by"),
                ),
                "description": _("Penilaian ditutup dan pemenang diumumkan dari halaman Hasil penilaian."),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=related_count(CompetitionEntry.objects.all(), to="competition"))

    def get_inlines(self, request, obj):
        # Entries come once the competition is saved: their delegations, products and jurors are
        # chosen from its exhibition and its jury (found by a probe: on the add page every
        # delegation of every exhibition was offered, and refused on saving).
        return self.inlines if obj is not None else tuple(i for i in self.inlines if i is not CompetitionEntryInline)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        first = (fieldsets[0][0], {**fieldsets[0][1], "description": _(
            "Simpan lomba lebih dulu; peserta lomba ditambahkan sesudahnya, dari delegasi dan produk pameran ini."
        )})
        return (first, *fieldsets[1:])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A juror taken off the panel keeps no entry assignments (the entries' checkboxes were
        # validated against the panel as it was before this save).
        competition_drop_stale_assignments(competition=form.instance)

    def get_urls(self):
        from django.urls import path

        def results(request, object_id):
            return fair_admin.competition_results_view(self, request, object_id)

        page = path(
            "<path:object_id>/hasil/",
            self.admin_site.admin_view(results),
            name=f"{self.opts.app_label}_{self.opts.model_name}_results",
        )
        return [page, *super().get_urls()]

    @admin.action(description=_("Tugaskan semua juri ke semua peserta"), permissions=["change"])
    def assign_all_jurors(self, request, queryset):
        added = sum(competition_assign_all_jurors(competition=c, user=request.user) for c in queryset)
        self.message_user(
            request, gettext("%(count)d penugasan juri ditambahkan.") % {"count": added}, messages.SUCCESS
        )

    @admin.display(description=_("jumlah peserta"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdminMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    """A list to look at: criteria are added, weighed and removed together on their competition's
    page, where the weights are checked to add up to 100%."""

    list_display = ("name", "competition", "weight", "position")
    list_filter = ("competition",)
    list_select_related = ("competition",)
    search_fields = ("name", "competition__title")
    autocomplete_fields = ("competition",)



@admin.register(CompetitionEntry)
class CompetitionEntryAdmin(DelegationNameColumn, SafeAutocompleteMixin, admin.ModelAdmin):
    form = fair_admin.CompetitionEntryAdminForm
    list_display = ("entry_code", "title", "competition", "delegation_name", "product", "rank", "award_shown")
    list_filter = ("competition",)
    search_fields = ("entry_code", "title", "delegation__name", "product__name")
    autocomplete_fields = ("competition", "delegation", "product")

    @admin.display(description=_("penghargaan"), ordering="award")
    def award_shown(self, obj):
        return obj.award_label

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("competition", "delegation__exhibition", "product")
        )


@admin.register(JudgeScore)
class JudgeScoreAdmin(ReadOnlyAdminMixin, SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    """The jurors' scores, to look at. A score is given only by a juror of the entry, on the jury
    page, while scoring is open (``exhibitions.services.judge_scores_submit``): here staff added
    scores under any account's name, also after scoring was closed, and changed and deleted the
    jurors' own (found by a ministry-staff probe: an entry's final score moved after the close)."""

    list_display = ("entry", "criterion", "judge", "score", "scored_at")
    list_filter = ("entry__competition",)
    list_select_related = ("entry", "criterion", "judge")
    search_fields = ("entry__entry_code", "entry__title", "criterion__name", "judge__username")
    date_hierarchy = "scored_at"


@admin.register(Sale)
class SaleAdmin(DelegationNameColumn, VenueTimeMixin, SafeAutocompleteMixin, PrisonScopedMixin, admin.ModelAdmin):
    """A sale, once recorded, is never edited or deleted: a mistake is corrected by a reversing
    sale (``reverses``), so the booth's totals can always be traced. Its page shows the time in
    the venue's zone, as the list does."""

    def venue_zone(self, request, object_id):
        if object_id and str(unquote(object_id)).isdecimal() and len(str(unquote(object_id))) < 19:
            exhibition_id = Sale.objects.filter(pk=unquote(object_id)).values_list("exhibition_id", flat=True).first()
            return self._zone_of_exhibition(exhibition_id)
        return None

    prison_field = "delegation__prison"
    list_display = (
        "sold_at_venue",
        "product",
        "delegation_name",
        "quantity_display",
        "unit_price_display",
        "total_display",
        "payment_method",
        "reversal",
        "recorded_by",
    )
    # Money as whole rupiah and the time with the venue's offset, for a spreadsheet to add up and
    # sort (the list's "Rp 550.000" reached the CSV as text: found by a ministry-staff probe).
    export_fields = (
        (_("waktu penjualan"), at_venue("sold_at")),
        "product",
        "delegation_name",
        (_("jumlah"), "signed_quantity"),
        (_("harga satuan"), "unit_price"),
        (_("total"), "total"),
        "payment_method",
        (_("membatalkan penjualan nomor"), "reverses_id"),
        (_("dibatalkan oleh penjualan nomor"), "reversed_by__pk"),
        "recorded_by",
    )
    list_filter = ("payment_method", "exhibition", VenueDayFilter)
    search_fields = ("product__name", "delegation__name", "booth__code")
    autocomplete_fields = ("exhibition", "delegation", "product", "reverses")
    # Days at the venue (VenueDayFilter), as the report and the sales desk count them; not
    # date_hierarchy's days in the server's zone.
    venue_day_field = "sold_at"
    fields = (
        "exhibition",
        "delegation",
        "product",
        "quantity",
        "unit_price",
        "payment_method",
        "sold_at",
        "reverses",
        "recorded_by",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "product", "delegation__exhibition", "exhibition", "reversed_by", "recorded_by"
            )
        )

    readonly_fields = ("recorded_by",)

    def get_fields(self, request, obj=None):
        # A sale is only ever shown: its price and total as money ("Rp 150.000", not the bare
        # 150000 a read-only integer showed; a staff probe), its time on the venue's clock.
        if obj is None:
            return self.fields
        shown = {"unit_price": "unit_price_display", "sold_at": "sold_at_venue"}
        fields = [shown.get(name, name) for name in self.fields]
        fields.insert(fields.index("unit_price_display") + 1, "total_display")
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        # Sales are recorded at the booth's sales desk (exhibitions.services.sale_record), which
        # checks who may record, the exhibition's dates, the booth and the idempotency key.
        return False

    def has_change_permission(self, request, obj=None):
        # Existing sales are shown read-only; the changelist's actions still need the permission.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("jumlah"), ordering="quantity")
    def quantity_display(self, obj):
        return number_format(obj.signed_quantity, force_grouping=True)

    @admin.display(description=_("harga satuan"), ordering="unit_price")
    def unit_price_display(self, obj):
        return format_rupiah(obj.unit_price)

    @admin.display(description=_("total"))
    def total_display(self, obj):
        return format_rupiah(obj.total)

    @admin.display(description=_("waktu penjualan"), ordering="sold_at")
    def sold_at_venue(self, obj):
        return venue_time(obj.sold_at, obj.exhibition)

    @admin.display(description=_("pembatalan"))
    def reversal(self, obj):
        """Which sale a reversal cancels, or which reversal cancelled this sale, linked (a
        reversal repeats its sale's product, price and time, so the number is what tells)."""
        if obj.reverses_id:
            text, other = gettext("membatalkan penjualan #%(number)s"), obj.reverses_id
        elif getattr(obj, "reversed_by", None) is not None:
            text, other = gettext("dibatalkan oleh #%(number)s"), obj.reversed_by.pk
        else:
            return None
        url = reverse("admin:exhibitions_sale_change", args=[other])
        return format_html('<a href="{}">{}</a>', url, text % {"number": other})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            for field, value in sale_shares(
                exhibition=obj.exhibition, quantity=obj.quantity, unit_price=obj.unit_price
            ).items():
                setattr(obj, field, value)
        super().save_model(request, obj, form, change)


@admin.register(VisitorCount)
class VisitorCountAdmin(SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    """Visitors per day; today's count is quickest from the exhibition's "Pengunjung hari ini"."""

    form = fair_admin.VisitorCountAdminForm
    list_display = ("exhibition", "day", "count", "recorded_by", "recorded_at_venue")
    list_filter = ("exhibition",)
    list_select_related = ("exhibition", "recorded_by")
    search_fields = ("exhibition__title",)
    autocomplete_fields = ("exhibition",)
    date_hierarchy = "day"
    # Who and when are the service's to write: shown, never a box (the moment on the venue's clock).
    fields = ("exhibition", "day", "count", "recorded_by", "recorded_at_venue")
    readonly_fields = ("recorded_by", "recorded_at_venue")

    @admin.display(description=_("dicatat pada"), ordering="recorded_at")
    def recorded_at_venue(self, obj):
        # On the hall's clock (found by a staff probe: WIB for a fair in Jayapura).
        if obj is None or obj.pk is None or not obj.recorded_at:
            return "–"
        return venue_time(obj.recorded_at, obj.exhibition)

    def save_model(self, request, obj, form, change):
        saved = visitor_count_record(
            exhibition=obj.exhibition, day=obj.day, count=obj.count, user=request.user
        )
        obj.pk = saved.pk


@admin.register(VisitorFeedback)
class VisitorFeedbackAdmin(SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    """Visitors' ratings and comments, as sent from the QR code on a booth label (staff may also
    type in those written on paper at the booth)."""

    list_display = ("created_at", "rating", "short_comment", "exhibition", "booth", "product")
    export_fields = ("created_at", "rating", (_("komentar"), "comment"), "exhibition", "booth", "product")
    list_filter = ("rating", "exhibition")
    list_select_related = ("exhibition", "booth", "product")
    search_fields = ("comment", "product__name", "booth__code")
    date_hierarchy = "created_at"
    autocomplete_fields = ("exhibition", "booth", "product")
    readonly_fields = ("created_at",)

    @admin.display(description=_("komentar"))
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else f"{obj.comment[:79]}…"


class InquiryReplyInline(admin.TabularInline):
    """The answers e-mailed to the buyer from the portal, read-only: what was sent stays as sent."""

    model = InquiryReply
    extra = 0
    can_delete = False
    fields = ("sent_at", "sent_by", "channel", "body", "delivered")
    readonly_fields = fields
    verbose_name_plural = _("balasan dan catatan telepon")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sent_by")

    @admin.display(description=_("surel terkirim"), boolean=True)
    def delivered(self, obj):
        # Green for sent, red for failed (a "failed" column drew a red cross for good news);
        # nothing for a phone note, which is not sent.
        return None if obj.channel == InquiryReply.Channel.PHONE else not obj.email_failed


@admin.register(InquiryReply)
class InquiryReplyAdmin(VenueTimeMixin, ReadOnlyAdminMixin, SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    """Every answer e-mailed to a buyer, newest first: who answered what, and which mails failed.
    Read-only; answers are written from an inquiry's page in the portal. Times are the
    inquiry's (``Inquiry.tzinfo``: its exhibition's venue, else WIB)."""

    list_display = ("sent_local", "inquiry", "short_body", "sent_by", "delivered")
    export_fields = (
        (_("dikirim pada"), lambda reply: reply.sent_at.astimezone(reply.inquiry.tzinfo)),
        "inquiry", (_("balasan"), "body"), "sent_by", "delivered",
    )
    list_filter = ("email_failed",)
    list_select_related = ("inquiry__exhibition", "inquiry__prison__region", "sent_by")
    search_fields = ("body", "inquiry__buyer_name", "inquiry__organisation")
    date_hierarchy = "sent_at"
    fields = ("inquiry", "sent_at", "sent_by", "body", "delivered")
    readonly_fields = fields

    def venue_zone(self, request, object_id):
        if object_id and str(unquote(object_id)).isdecimal() and len(str(unquote(object_id))) < 19:
            exhibition_id = (
                InquiryReply.objects.filter(pk=unquote(object_id)).values_list("inquiry__exhibition", flat=True).first()
            )
            return self._zone_of_exhibition(exhibition_id)
        return None

    @admin.display(description=_("dikirim pada"), ordering="sent_at")
    def sent_local(self, obj):
        return inquiry_time(obj.sent_at, obj.inquiry)

    @admin.display(description=_("surel terkirim"), boolean=True, ordering="email_failed")
    def delivered(self, obj):
        return not obj.email_failed

    @admin.display(description=_("balasan"))
    def short_body(self, obj):
        return obj.body if len(obj.body) <= 80 else f"{obj.body[:79]}…"



class InquiryAddresseeFilter(admin.SimpleListFilter):
    """Who answers: the ministry (an inquiry about an exhibition, or to a prison without an
    officer in Etalase: ``inquiry_for_ministry_q``) or a prison's officers."""

    title = _("dijawab oleh")
    parameter_name = "dijawab_oleh"
    MINISTRY, PRISON = "kementerian", "lapas"

    def lookups(self, request, model_admin):
        return (
            (self.MINISTRY, _("Kementerian (pameran, atau lapas tanpa petugas)")),
            (self.PRISON, _("Petugas lapas/rutan")),
        )

    def queryset(self, request, queryset):
        ministry = inquiry_for_ministry_q()
        if self.value() == self.MINISTRY:
            return queryset.filter(ministry)
        if self.value() == self.PRISON:
            return queryset.exclude(ministry)
        return queryset


@admin.register(Inquiry)
class InquiryAdmin(VenueTimeMixin, SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    """Buyers' inquiries. Their times are read in the inquiry's zone (``Inquiry.tzinfo``: its
    exhibition's venue, else WIB) in the list, the export, the inquiry's page and its answer page."""

    # Eight columns fit beside the filters in a 1366 px window: the buyer with their organisation,
    # and what they ask about (a product, else the exhibition), each in one column.
    list_display = ("received", "buyer", "subject", "prison", "quantity", "status", "answer_link")
    # The list's two-line columns as one value a column, without the "Jawab" link, and with what
    # staff follow a buyer up with: how to reach them and what they asked.
    export_fields = (
        (_("dikirim pada"), lambda inquiry: inquiry.created_at.astimezone(inquiry.tzinfo)),
        "reference",
        (_("pembeli"), "buyer_name"),
        (_("instansi/usaha"), "organisation"),
        "email",
        "phone",
        (_("produk"), "product__name"),
        (_("pameran"), "exhibition__title"),
        "prison",
        "quantity",
        (_("pesan"), "message"),
        "status",
    )
    list_filter = ("status", InquiryAddresseeFilter, "exhibition")
    list_select_related = ("product", "exhibition", "prison__region")
    search_fields = ("reference", "buyer_name", "organisation", "email", "phone", "message", "product__name")
    autocomplete_fields = ("product", "exhibition", "prison")
    date_hierarchy = "created_at"
    readonly_fields = ("reference", "created_at")
    fieldsets = (
        (None, {"fields": ("reference", "status", "created_at", "answered_at")}),
        (_("Pembeli"), {"fields": ("buyer_name", "organisation", "email", "phone", "language")}),
        (_("Permintaan"), {"fields": ("product", "exhibition", "prison", "quantity", "message")}),
    )
    inlines = (InquiryReplyInline,)
    # What the buyer wrote is the buyer's: shown, not editable, once the inquiry exists (staff
    # still route it: product, exhibition, prison and status stay editable).
    BUYER_WROTE = ("buyer_name", "organisation", "email", "phone", "language", "quantity", "message")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, *self.BUYER_WROTE) if obj is not None else fields

    def venue_zone(self, request, object_id):
        # The zone the page was shown in, also for what is posted from it: a time typed there
        # is read on the clock it was shown on, whichever exhibition is chosen in the form.
        if object_id and str(unquote(object_id)).isdecimal() and len(str(unquote(object_id))) < 19:
            exhibition_id = Inquiry.objects.filter(pk=unquote(object_id)).values_list("exhibition", flat=True).first()
            return self._zone_of_exhibition(exhibition_id)
        return None

    @admin.display(description=_("dikirim pada"), ordering="created_at")
    def received(self, obj):
        return inquiry_time(obj.created_at, obj)

    @admin.display(description=_("pembeli"), ordering="buyer_name")
    def buyer(self, obj):
        if not obj.organisation:
            return obj.buyer_name
        return format_html('{}<br><span class="etalase-quiet">{}</span>', obj.buyer_name, obj.organisation)

    @admin.display(description=_("tentang"))
    def subject(self, obj):
        if obj.product_id and obj.exhibition_id:
            return format_html('{}<br><span class="etalase-quiet">{}</span>', obj.product.name, obj.exhibition.title)
        return obj.product.name if obj.product_id else (obj.exhibition.title if obj.exhibition_id else "–")

    @admin.display(description=_("balasan"))
    def answer_link(self, obj):
        """The next step from the list: the answer page (answers, phone notes, the reply form)."""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:exhibitions_inquiry_answer", args=[obj.pk]),
            gettext("Jawab") if obj.status == Inquiry.Status.NEW else gettext("Lihat balasan"),
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/jawab/",
                self.admin_site.admin_view(self.answer_view),
                name="exhibitions_inquiry_answer",
            )
        ]
        return own + super().get_urls()

    def answer_view(self, request, object_id):
        """Answer the buyer from the back office, as officers do in the portal (the same service:
        e-mailed, kept, checked), for inquiries about an exhibition that no prison answers. Who
        may see the inquiry sees the answers; who may change it writes one."""
        from exhibitions.forms import CallNoteForm, InquiryReplyForm
        from exhibitions.services import inquiry_call_note, inquiry_reply, inquiry_reply_reply_to

        inquiry = get_object_or_404(Inquiry, pk=pk_or_404(Inquiry, object_id))
        if not self.has_view_permission(request, inquiry):
            raise PermissionDenied
        may_answer = self.has_change_permission(request, inquiry)
        form, call_note_form = InquiryReplyForm(), CallNoteForm()
        if request.method == "POST":
            if not may_answer:
                raise PermissionDenied
            here = reverse("admin:exhibitions_inquiry_answer", args=[inquiry.pk])
            if request.POST.get("action") == "resend":
                resend_and_tell(request, inquiry=inquiry, reply_id=request.POST.get("reply"))
                return redirect(here)
            if request.POST.get("action") == "call_note":
                call_note_form = CallNoteForm(request.POST)
                if call_note_form.is_valid():
                    try:
                        inquiry_call_note(inquiry=inquiry, user=request.user, body=call_note_form.cleaned_data["body"])
                    except ValidationError as error:
                        call_note_form.add_error("body", error.messages)
                    else:
                        self.log_change(request, inquiry, gettext("Catatan telepon ditambahkan."))
                        messages.success(request, gettext("Catatan telepon disimpan bersama balasan."))
                        return redirect(here)
            elif (form := InquiryReplyForm(request.POST)).is_valid():
                try:
                    reply = inquiry_reply(inquiry=inquiry, user=request.user, body=form.cleaned_data["body"])
                except ValidationError as error:
                    form.add_error("body", error.messages)
                else:
                    if reply.created_now:
                        self.log_change(request, inquiry, gettext("Dijawab lewat surel."))
                        tell_reply_outcome(request, reply=reply, email=inquiry.email)
                    else:
                        messages.info(request, gettext("Balasan yang sama sudah dikirim; tidak dikirim dua kali."))
                    return redirect(here)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": inquiry,
            "inquiry": inquiry,
            "title": gettext("Jawab pembeli"),
            "replies": list(inquiry.replies.select_related("sent_by")),
            "form": form,
            "call_note_form": call_note_form,
            "may_answer": may_answer and bool(inquiry.email),
            "may_note_call": may_answer and bool(inquiry.phone),
            "reply_to": inquiry_reply_reply_to(inquiry=inquiry, user=request.user) if inquiry.email else [],
        }
        return TemplateResponse(request, "admin/exhibitions/inquiry/answer.html", context)
