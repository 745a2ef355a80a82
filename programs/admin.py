"""Back-office for the cooperation agreement and its obligations, trainings, certificates and aid;
and the dashboard of what needs attention on the admin index (this app is the top floor, the
only one that may read products, exhibitions and programmes together)."""

import datetime
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from exhibitions.models import Delegation
from inmates.admin_utils import PrisonScopedMixin
from inmates.templatetags.etalase import format_rupiah
from products.models import Product
from programs.models import (
    Agreement,
    Aid,
    Certificate,
    Obligation,
    Training,
    TrainingParticipant,
)
from programs.selectors import backoffice_attention_counts, obligations_overdue


class ObligationInline(admin.TabularInline):
    model = Obligation
    fields = ("position", "party", "area", "text", "due_date")
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "signed_on", "valid_from", "valid_to", "obligation_count")
    search_fields = ("number", "title", "first_party", "second_party")
    date_hierarchy = "signed_on"
    inlines = (ObligationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(obligation_count=Count("obligations"))

    @admin.display(description=_("jumlah kewajiban"), ordering="obligation_count")
    def obligation_count(self, obj):
        return obj.obligation_count


class DueDateFilter(admin.SimpleListFilter):
    title = _("tenggat")
    parameter_name = "tenggat"
    OVERDUE = "lewat"

    def lookups(self, request, model_admin):
        return (
            (self.OVERDUE, _("Lewat tenggat")),
            ("30hari", _("Dalam 30 hari")),
            ("tanpa", _("Tanpa tenggat")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == self.OVERDUE:
            return queryset & obligations_overdue(today=today)
        if self.value() == "30hari":
            return queryset.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=30))
        if self.value() == "tanpa":
            return queryset.filter(due_date__isnull=True)
        return queryset


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ("short_text", "agreement", "party", "area", "due_date", "is_overdue")
    list_filter = (DueDateFilter, "party", "area", "agreement")
    list_select_related = ("agreement",)
    search_fields = ("text", "agreement__number", "agreement__title")
    autocomplete_fields = ("agreement",)
    date_hierarchy = "due_date"

    @admin.display(description=_("kewajiban"), ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(90)

    @admin.display(description=_("lewat tenggat"), boolean=True)
    def is_overdue(self, obj):
        return obj.due_date is not None and obj.due_date < timezone.localdate()


class TrainingParticipantInline(admin.TabularInline):
    model = TrainingParticipant
    fields = ("inmate", "status", "days_attended", "passed", "score", "proposed_by")
    readonly_fields = ("proposed_by",)
    autocomplete_fields = ("inmate",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inmate", "proposed_by")


@admin.register(Training)
class TrainingAdmin(PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "prison"
    list_display = (
        "title",
        "skill_area",
        "prison",
        "workshop_name",
        "starts_on",
        "ends_on",
        "status",
        "participant_count",
        "capacity",
    )
    list_filter = ("status", "prison__region", "prison")
    search_fields = ("title", "skill_area", "prison__name")
    autocomplete_fields = ("prison", "workshop", "obligations")
    date_hierarchy = "starts_on"
    inlines = (TrainingParticipantInline,)

    def get_queryset(self, request):
        # Training.__str__ names the prison (also in autocomplete answers of other admins).
        return (
            super()
            .get_queryset(request)
            .select_related("prison", "workshop")
            .annotate(participant_count=Count("participants"))
        )

    @admin.display(description=_("bengkel kerja"), ordering="workshop__name")
    def workshop_name(self, obj):
        return obj.workshop.name if obj.workshop else None

    @admin.display(description=_("jumlah peserta"), ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count

    def save_formset(self, request, form, formset, change):
        if formset.model is TrainingParticipant:
            for participant_form in formset.forms:
                participant = participant_form.instance
                if participant.pk is None and participant_form.has_changed():
                    participant.proposed_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(TrainingParticipant)
class TrainingParticipantAdmin(PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "training__prison"
    list_display = ("inmate", "training", "status", "days_attended", "passed", "score", "proposed_by")
    list_filter = ("status", "passed", "training__prison")
    search_fields = (
        "inmate__legal_name",
        "inmate__registration_number",
        "training__title",
        "training__prison__name",
    )
    autocomplete_fields = ("training", "inmate")
    readonly_fields = ("proposed_by",)

    def get_queryset(self, request):
        # TrainingParticipant.__str__ names the inmate and the training (and its prison).
        return (
            super()
            .get_queryset(request)
            .select_related("inmate", "training__prison", "proposed_by")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.proposed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Certificate)
class CertificateAdmin(PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "participant__training__prison"
    list_display = ("number", "participant", "issued_on", "verification_code", "revoked_at", "issued_by")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "participant__training__prison")
    search_fields = (
        "number",
        "verification_code",
        "participant__inmate__legal_name",
        "participant__training__title",
    )
    autocomplete_fields = ("participant",)
    date_hierarchy = "issued_on"
    readonly_fields = ("verification_code", "issued_by")
    fields = (
        "participant",
        "number",
        "issued_on",
        "verification_code",
        "issued_by",
        "revoked_at",
        "revoke_reason",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("participant__inmate", "participant__training__prison", "issued_by")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.issued_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Aid)
class AidAdmin(PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "prison"
    list_display = ("given_on", "kind", "prison", "workshop_name", "short_items", "quantity", "value_display")
    list_filter = ("kind", "prison__region", "prison")
    list_select_related = ("prison", "workshop")
    search_fields = ("items", "prison__name", "workshop__name")
    autocomplete_fields = ("prison", "workshop", "obligations")
    date_hierarchy = "given_on"

    @admin.display(description=_("bengkel kerja"), ordering="workshop__name")
    def workshop_name(self, obj):
        return obj.workshop.name if obj.workshop else None

    @admin.display(description=_("barang/kegiatan"), ordering="items")
    def short_items(self, obj):
        return Truncator(obj.items).chars(80)

    @admin.display(description=_("nilai"), ordering="value")
    def value_display(self, obj):
        return format_rupiah(obj.value)


# --- The dashboard on the admin index -----------------------------------------------------------


def _changelist_url(model, **params) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?" + urlencode(params)


def attention_items(request) -> list[dict]:
    """The dashboard rows the user may open: label, count and the filtered changelist."""
    counts = backoffice_attention_counts(user=request.user)
    rows = (
        (
            Product,
            counts["products_submitted"],
            _("produk menunggu kurasi"),
            {"status__exact": Product.Status.SUBMITTED},
        ),
        (
            Delegation,
            counts["delegations_applied"],
            _("delegasi menunggu keputusan"),
            {"status__exact": Delegation.Status.APPLIED},
        ),
        (
            Obligation,
            counts["obligations_overdue"],
            _("kewajiban PKS lewat tenggat"),
            {DueDateFilter.parameter_name: DueDateFilter.OVERDUE},
        ),
    )
    items = []
    for model, count, label, params in rows:
        model_admin = admin.site.get_model_admin(model)
        if model_admin.has_view_permission(request):
            items.append({"label": label, "count": count, "url": _changelist_url(model, **params)})
    return items


_default_index = admin.site.index


def index_with_attention(request, extra_context=None):
    """The admin index with "what needs attention" above the list of apps."""
    context = {"attention": attention_items(request)}
    context.update(extra_context or {})
    return _default_index(request, extra_context=context)


# The project uses Django's default site (config/ wires ``admin.site``): its index view gains the
# dashboard's context; templates/admin/index.html shows it.
admin.site.index = index_with_attention
