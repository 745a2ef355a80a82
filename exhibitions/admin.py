"""Back-office for exhibitions: delegations, the programme, competitions, sales, visitors, inquiries."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exhibitions.models import (
    Competition,
    CompetitionEntry,
    Criterion,
    Delegation,
    Exhibition,
    Inquiry,
    JudgeScore,
    ProgrammeItem,
    Sale,
    VisitorCount,
)
from exhibitions.money import sale_shares
from exhibitions.services import delegation_accept, delegation_reject
from inmates.admin_utils import PrisonScopedMixin, names_for_message
from inmates.templatetags.etalase import format_rupiah


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    fields = ("starts_at", "ends_at", "kind", "title", "place", "host", "host_prison")
    autocomplete_fields = ("host_prison",)
    extra = 0


class DelegationInline(admin.TabularInline):
    model = Delegation
    fields = ("name", "region", "prison", "booth_code", "status", "contact_phone")
    # Decisions go through the "Terima/Tolak delegasi" actions, which record who decided.
    readonly_fields = ("status",)
    autocomplete_fields = ("region", "prison")
    extra = 0
    show_change_link = True


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
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
    inlines = (ProgrammeItemInline, DelegationInline)
    fieldsets = (
        (
            None,
            {"fields": ("title", "edition", "slug", "is_published", "description", "organisers", "banner")},
        ),
        (_("Tempat"), {"fields": ("venue", "address", "city", "timezone")}),
        (_("Waktu"), {"fields": ("start_date", "end_date", "opening_time", "closing_time")}),
        (_("Pendaftaran delegasi"), {"fields": ("registration_opens", "registration_closes")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delegation_count=Count("delegations"))

    @admin.display(description=_("jumlah delegasi"), ordering="delegation_count")
    def delegation_count(self, obj):
        return obj.delegation_count


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "exhibition",
        "region",
        "prison",
        "booth_code",
        "status",
        "applied_at",
        "decided_by",
    )
    list_filter = ("status", "exhibition", "region")
    search_fields = ("name", "booth_code", "exhibition__title", "prison__name", "region__province")
    autocomplete_fields = ("exhibition", "region", "prison", "products", "contact_officer")
    date_hierarchy = "applied_at"
    readonly_fields = ("status", "decided_at", "decided_by")
    actions = ("accept_delegations", "reject_delegations")
    fieldsets = (
        (None, {"fields": ("exhibition", "name", "region", "prison", "booth_code")}),
        (_("Penghubung"), {"fields": ("contact_officer", "contact_phone")}),
        (_("Produk"), {"fields": ("products",)}),
        (_("Keputusan"), {"fields": ("status", "applied_at", "decided_at", "decided_by", "notes")}),
    )

    def get_queryset(self, request):
        # Delegation.__str__ names the exhibition (also in autocomplete answers of other admins).
        return (
            super().get_queryset(request).select_related("exhibition", "region", "prison", "decided_by")
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
                gettext("%(count)d delegasi %(verb)s.") % {"count": len(done), "verb": verb},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                gettext("%(count)d delegasi dilewati karena statusnya tidak sesuai: %(names)s.")
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
        self._decide_all(
            request, queryset, service=delegation_reject, verb=gettext("ditolak"), log=gettext("Ditolak.")
        )


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "exhibition", "starts_at", "ends_at", "place", "host", "host_prison")
    list_filter = ("kind", "exhibition")
    list_select_related = ("exhibition", "host_prison")
    search_fields = ("title", "host", "place", "exhibition__title")
    autocomplete_fields = ("exhibition", "host_prison")
    date_hierarchy = "starts_at"


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ("name", "weight", "position")
    extra = 0


class CompetitionEntryInline(admin.TabularInline):
    model = CompetitionEntry
    fields = ("entry_code", "title", "delegation", "product", "rank", "award")
    autocomplete_fields = ("delegation", "product")
    extra = 0
    show_change_link = True


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("jumlah peserta"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "competition", "weight", "position")
    list_filter = ("competition",)
    list_select_related = ("competition",)
    search_fields = ("name", "competition__title")
    autocomplete_fields = ("competition",)


@admin.register(CompetitionEntry)
class CompetitionEntryAdmin(admin.ModelAdmin):
    list_display = ("entry_code", "title", "competition", "delegation", "product", "rank", "award")
    list_filter = ("competition",)
    search_fields = ("entry_code", "title", "delegation__name", "product__name")
    autocomplete_fields = ("competition", "delegation", "product")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("competition", "delegation__exhibition", "product")
        )


@admin.register(JudgeScore)
class JudgeScoreAdmin(admin.ModelAdmin):
    list_display = ("entry", "criterion", "judge", "score", "scored_at")
    list_filter = ("entry__competition",)
    list_select_related = ("entry", "criterion", "judge")
    search_fields = ("entry__entry_code", "entry__title", "criterion__name", "judge__username")
    autocomplete_fields = ("entry", "criterion", "judge")
    date_hierarchy = "scored_at"


@admin.register(Sale)
class SaleAdmin(PrisonScopedMixin, admin.ModelAdmin):
    """A sale, once recorded, is never edited or deleted: a mistake is corrected by a reversing
    sale (``reverses``), so the booth's totals can always be traced."""

    prison_field = "delegation__prison"
    list_display = (
        "sold_at",
        "product",
        "delegation",
        "quantity",
        "unit_price_display",
        "total_display",
        "payment_method",
        "reverses",
        "recorded_by",
    )
    list_filter = ("payment_method", "exhibition")
    search_fields = ("product__name", "delegation__name", "delegation__booth_code")
    autocomplete_fields = ("exhibition", "delegation", "product", "reverses")
    date_hierarchy = "sold_at"
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
                "product", "delegation__exhibition", "exhibition", "reverses__product", "recorded_by"
            )
        )

    readonly_fields = ("recorded_by",)

    def has_change_permission(self, request, obj=None):
        # Existing sales are shown read-only; the changelist's actions still need the permission.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("harga satuan"), ordering="unit_price")
    def unit_price_display(self, obj):
        return format_rupiah(obj.unit_price)

    @admin.display(description=_("jumlah (Rp)"))
    def total_display(self, obj):
        return format_rupiah(obj.total)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            for field, value in sale_shares(
                exhibition=obj.exhibition, quantity=obj.quantity, unit_price=obj.unit_price
            ).items():
                setattr(obj, field, value)
        super().save_model(request, obj, form, change)


@admin.register(VisitorCount)
class VisitorCountAdmin(admin.ModelAdmin):
    list_display = ("exhibition", "day", "count")
    list_filter = ("exhibition",)
    list_select_related = ("exhibition",)
    search_fields = ("exhibition__title",)
    autocomplete_fields = ("exhibition",)
    date_hierarchy = "day"


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "buyer_name",
        "organisation",
        "product",
        "exhibition",
        "prison",
        "quantity",
        "status",
    )
    list_filter = ("status", "exhibition")
    list_select_related = ("product", "exhibition", "prison")
    search_fields = ("buyer_name", "organisation", "email", "phone", "message", "product__name")
    autocomplete_fields = ("product", "exhibition", "prison")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at",)
    fieldsets = (
        (None, {"fields": ("status", "created_at", "answered_at")}),
        (_("Pembeli"), {"fields": ("buyer_name", "organisation", "email", "phone")}),
        (_("Permintaan"), {"fields": ("product", "exhibition", "prison", "quantity", "message")}),
    )
