"""Back-office for the cooperation agreement and its obligations, trainings, certificates and aid;
and the dashboard of what needs attention on the admin index (this app is the top floor, the
only one that may read products, exhibitions and programmes together)."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from config.admin_input import labelled_inline_formset, reason_confirmation_response
from exhibitions.admin import InquiryAddresseeFilter
from exhibitions.models import Delegation, Inquiry
from inmates.admin_utils import (
    DateHierarchyMixin,
    PrisonAutocompleteMedia,
    PrisonInRegionFilter,
    PrisonScopedMixin,
    SafeAutocompleteMixin,
    not_in_csv,
    related_count,
)
from inmates.charts import SOGA, bar_chart
from inmates.exports import FORMATS, table_response
from inmates.kept_uploads import KeptUploadsAdminMixin
from inmates.models import Inmate
from inmates.roles import sees_all_prisons, sits_on_a_jury
from inmates.templatetags.etalase import format_rupiah
from products.models import Product
from programs.certificates import certificate_pdf_response
from programs.forms import (
    AttendanceGridForm,
    CertificateIssueForm,
    CertificateRevokeForm,
    EvidenceFromObjectsForm,
    OutcomeFilterForm,
    ResultGridForm,
)
from programs.models import (
    EVIDENCE_KIND_OF_AREA,
    Agreement,
    Aid,
    Certificate,
    CertificateCounter,
    Evidence,
    FollowUp,
    Obligation,
    Training,
    TrainingAttendance,
    TrainingParticipant,
)
from programs.selectors import (
    OUTCOME_STAGES,
    agreement_progress,
    agreements_for_dashboard,
    aid_totals,
    backoffice_attention_counts,
    obligations_needing_attention,
    obligations_overdue,
    obligations_with_progress,
    outcome_report,
    training_attendance_grid,
)
from programs.services import (
    attendance_record,
    certificate_check_eligible,
    certificate_issue,
    certificate_issue_bulk,
    certificate_number_format,
    certificate_replace,
    certificate_revoke,
    evidence_record,
    followup_check,
    followup_record,
    training_confirm,
    training_decline,
    training_fill_seats,
    training_result_record,
    training_withdraw,
)


class ObligationInline(admin.TabularInline):
    model = Obligation
    fields = ("position", "party", "area", "text", "due_date", "target_quantity", "unit")
    extra = 0


def progress_badge(status: str) -> str:
    """An obligation's status as a coloured label (admin.css: .etalase-progress-*)."""
    return format_html(
        '<span class="etalase-progress-badge etalase-progress-{}">{}</span>',
        status,
        Obligation.Progress(status).label,
    )


@admin.register(Agreement)
class AgreementAdmin(KeptUploadsAdminMixin, DateHierarchyMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "title",
        "signed_on",
        "valid_from",
        "valid_to",
        "obligation_count",
        "progress_link",
    )
    search_fields = ("number", "title", "first_party", "second_party")
    date_hierarchy = "signed_on"
    inlines = (ObligationInline,)
    progress_template = "admin/programs/agreement/progress.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(obligation_count=related_count(Obligation.objects.all(), to="agreement"))

    @admin.display(description=_("jumlah kewajiban"), ordering="obligation_count")
    def obligation_count(self, obj):
        return obj.obligation_count

    @not_in_csv
    @admin.display(description=_("kemajuan"))
    def progress_link(self, obj):
        url = reverse("admin:programs_agreement_progress", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Lihat kemajuan"))

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/kemajuan/",
                self.admin_site.admin_view(self.progress_view),
                name="programs_agreement_progress",
            ),
        ]
        return own + super().get_urls()

    def progress_view(self, request, object_id):
        """Progress of one agreement: per party and area, every obligation with its evidence,
        what is overdue first. A fixed number of queries, however many rows."""
        agreement = self.get_object(request, unquote(object_id))
        if agreement is None:
            raise Http404
        if not self.has_view_permission(request, agreement):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": agreement,
            "agreement": agreement,
            "title": gettext("Kemajuan perjanjian kerja sama"),
            "subtitle": agreement.number,
            "may_record_evidence": request.user.has_perm("programs.add_evidence"),
            **agreement_progress(agreement=agreement),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.progress_template, context)


class DueDateFilter(admin.SimpleListFilter):
    title = _("tenggat")
    parameter_name = "tenggat"
    OVERDUE = "lewat"
    OVERDUE_IN_FORCE = "lewat-berjalan"

    def lookups(self, request, model_admin):
        return (
            (self.OVERDUE, _("Lewat tenggat")),
            (self.OVERDUE_IN_FORCE, _("Lewat tenggat, PKS masih berjalan")),
            ("30hari", _("Dalam 30 hari")),
            ("tanpa", _("Tanpa tenggat")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == self.OVERDUE:
            # Past due and not fulfilled by the evidence (computed by the database).
            return queryset.filter(pk__in=obligations_overdue(today=today).values("pk"))
        if self.value() == self.OVERDUE_IN_FORCE:
            return queryset.filter(pk__in=obligations_needing_attention(today=today).values("pk"))
        if self.value() == "30hari":
            return queryset.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=30))
        if self.value() == "tanpa":
            return queryset.filter(due_date__isnull=True)
        return queryset


class ProgressFilter(admin.SimpleListFilter):
    title = _("status pemenuhan")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Obligation.Progress.choices

    def queryset(self, request, queryset):
        if self.value() in Obligation.Progress.values:
            return queryset.filter(progress_status=self.value())
        return queryset


# Links typed without a scheme are taken as https (and Django 6 will do the same by default).
URL_FORMFIELD = {models.URLField: {"assume_scheme": "https"}}


class EvidenceFormSet(forms.BaseInlineFormSet):
    """Each row is checked against the saved evidence (``Evidence.clean``); this checks the rows
    against each other: the same training, aid or exhibition of the same kind twice in one save
    (found by a verification probe: two new rows saved together were both kept)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            for link in ("training", "aid", "exhibition"):
                if data.get(link) is not None:
                    key = (data.get("kind"), link, data[link].pk)
                    if key in seen:
                        form.add_error(
                            link,
                            gettext("Baris lain sudah mencatat bukti yang sama; catat sekali saja."),
                        )
                    seen.add(key)


class EvidenceInline(SafeAutocompleteMixin, admin.StackedInline):
    model = Evidence
    formset = EvidenceFormSet
    fk_name = "obligation"
    formfield_overrides = URL_FORMFIELD
    fields = (
        ("kind", "quantity", "date"),
        "description",
        ("training", "aid", "exhibition"),
        ("url", "document"),
        "recorded_by",
    )
    readonly_fields = ("recorded_by",)
    autocomplete_fields = ("training", "aid", "exhibition")
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("training__prison", "aid__prison", "exhibition", "recorded_by")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "kind" in formset.form.base_fields:
            # A new row starts with the kind the obligation's area is usually fulfilled by.
            formset.form.base_fields["kind"].initial = EVIDENCE_KIND_OF_AREA.get(obj.area)
        return formset


class LinkedEvidenceInline(admin.TabularInline):
    """On a training's or aid's page: the obligations it counts for (recorded with the action
    "Catat sebagai bukti pemenuhan kewajiban")."""

    model = Evidence
    fields = ("obligation_link", "kind", "quantity", "date", "description", "recorded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("bukti pemenuhan kewajiban")
    verbose_name_plural = _("memenuhi kewajiban PKS")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("obligation__agreement", "recorded_by")

    @admin.display(description=_("kewajiban"))
    def obligation_link(self, obj):
        url = reverse("admin:programs_obligation_change", args=[obj.obligation_id])
        return format_html(
            '<a href="{}">{}</a><br><span class="etalase-quiet">{}</span>',
            url,
            Truncator(obj.obligation.text).chars(90),
            obj.obligation.agreement.number,
        )


class TrainingEvidenceInline(LinkedEvidenceInline):
    fk_name = "training"


class AidEvidenceInline(LinkedEvidenceInline):
    fk_name = "aid"


def _record_as_evidence(modeladmin, request, queryset, *, source: str, kinds, default_kind: str):
    """The intermediate page of "record as evidence": pick the obligation, then one Evidence row
    per selected training/aid, all or none (evidence_record for each, in one transaction)."""
    form = EvidenceFromObjectsForm(
        request.POST if "apply" in request.POST else None, kinds=kinds, initial={"kind": default_kind}
    )
    objects = list(queryset)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                for obj in objects:
                    if source == "training":
                        date, description = obj.ends_on, obj.title
                        quantity = data["quantity"]
                        if quantity is None and data["kind"] == Evidence.Kind.CERTIFICATES:
                            quantity = Certificate.objects.filter(
                                participant__training=obj, revoked_at__isnull=True
                            ).count()
                            if quantity == 0:
                                raise ValidationError(
                                    gettext("%(title)s belum menerbitkan sertifikat.") % {"title": obj.title}
                                )
                    else:
                        date, description, quantity = obj.given_on, obj.items, data["quantity"]
                    evidence_record(
                        obligation=data["obligation"],
                        user=request.user,
                        kind=data["kind"],
                        quantity=quantity or 1,
                        date=date,
                        description=data["description"] or description,
                        **{source: obj},
                    )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d bukti dicatat untuk kewajiban “%(obligation)s”.",
                    "%(count)d bukti dicatat untuk kewajiban “%(obligation)s”.",
                    len(objects),
                )
                # Without the obligation's own full stop: "…lapas/rutan.”." read doubled (a PKS probe).
                % {"count": len(objects), "obligation": Truncator(data["obligation"].text.rstrip(" .")).chars(80)},
                messages.SUCCESS,
            )
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": gettext("Catat sebagai bukti pemenuhan kewajiban"),
        "subtitle": None,
        "form": form,
        "objects": objects,
        "labels": [
            str(obj) if source == "training" else f"{obj.items} ({obj.prison}, {obj.given_on:%d-%m-%Y})"
            for obj in objects
        ],
        "action": request.POST.get("action", ""),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/programs/evidence_from_objects.html", context)


@admin.register(Obligation)
class ObligationAdmin(KeptUploadsAdminMixin, SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    list_display = ("short_text", "status_badge", "progress", "due_date", "party", "area", "agreement_number")
    export_fields = (
        (_("kewajiban"), "text"),
        (_("status"), lambda obligation: Obligation.Progress(obligation.progress_status).label),
        (_("bukti"), "evidence_total"),
        (_("target"), "target_quantity"),
        (_("satuan"), "unit"),
        "due_date",
        "party",
        "area",
        "agreement_number",
    )
    list_filter = (ProgressFilter, DueDateFilter, "party", "area", "agreement")
    list_select_related = ("agreement",)
    search_fields = ("text", "agreement__number", "agreement__title")
    autocomplete_fields = ("agreement",)
    date_hierarchy = "due_date"
    inlines = (EvidenceInline,)

    def get_queryset(self, request):
        return obligations_with_progress(super().get_queryset(request))

    @admin.display(description=_("kewajiban"), ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(90)

    @admin.display(description=_("perjanjian"), ordering="agreement__number")
    def agreement_number(self, obj):
        return obj.agreement.number

    @admin.display(description=_("bukti / target"), ordering="evidence_total")
    def progress(self, obj):
        return (
            f"{number_format(obj.evidence_total, 0, force_grouping=True)} / "
            f"{number_format(obj.target_quantity, 0, force_grouping=True)} {obj.unit}"
        ).strip()

    @admin.display(description=_("status"), ordering="progress_status")
    def status_badge(self, obj):
        return progress_badge(obj.progress_status)

    def save_formset(self, request, form, formset, change):
        if formset.model is Evidence:
            for evidence_form in formset.forms:
                if evidence_form.instance.pk is None and evidence_form.has_changed():
                    evidence_form.instance.recorded_by = request.user
        super().save_formset(request, form, formset, change)


PARTICIPANT_SERVICE_FIELDS = (
    "status",
    "waitlist_position",
    "days_attended",
    "passed",
    "score",
    "proposed_by",
    "confirmed_by",
    "confirmed_at",
    "status_changed_by",
    "status_changed_at",
    "result_recorded_by",
    "result_recorded_at",
)


class TrainingParticipantFormSet(labelled_inline_formset()):
    """Every participant kept is an inmate of the training's prison. A row's own check cannot
    see a training that is being added (it has no id yet), so the list checks them here; rows
    ticked for deletion are not checked."""

    def clean(self):
        super().clean()
        prison_id = self.instance.prison_id
        status = self.instance.status
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            inmate = form.cleaned_data.get("inmate")
            if inmate is not None and prison_id and inmate.prison_id != prison_id:
                form.add_error("inmate", _("Peserta harus warga binaan lapas tempat pelatihan."))
            elif form.instance.pk is None and inmate is not None:
                # Refused here, not at the confirm step that came later (found by a staff probe:
                # a released inmate and a training saved as finished both passed this page, and
                # their participants could then never be confirmed).
                if inmate.status != Inmate.Status.ACTIVE:
                    form.add_error(
                        "inmate",
                        _("%(name)s tidak lagi aktif di lapas (%(status)s); hanya warga binaan aktif yang dapat diusulkan.")
                        % {"name": inmate.legal_name, "status": inmate.get_status_display()},
                    )
                elif status not in Training.OPEN_STATUSES:
                    form.add_error(
                        "inmate",
                        _(
                            "Pelatihan berstatus “%(status)s”: peserta baru tidak dapat dikonfirmasi lagi. Untuk "
                            "mencatat pelatihan yang sudah lewat, simpan dulu dengan status Berlangsung, usulkan "
                            "dan konfirmasi pesertanya, catat kehadirannya, lalu ubah statusnya menjadi Selesai."
                        )
                        % {"status": Training.Status(status).label},
                    )


class TrainingParticipantInline(SafeAutocompleteMixin, admin.TabularInline):
    """Staff may add proposals here; confirming, declining (with the waiting list) and results go
    through the participant list's actions and the attendance page, never a plain edit."""

    model = TrainingParticipant
    formset = TrainingParticipantFormSet
    fields = ("inmate", "status", "waitlist_position", "days_attended", "passed", "score", "proposed_by")
    readonly_fields = ("status", "waitlist_position", "days_attended", "passed", "score", "proposed_by")
    autocomplete_fields = ("inmate",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inmate", "proposed_by")


@admin.register(Training)
class TrainingAdmin(
    KeptUploadsAdminMixin,
    PrisonAutocompleteMedia, SafeAutocompleteMixin, DateHierarchyMixin, PrisonScopedMixin, admin.ModelAdmin
):
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
        "waitlisted_count",
    )
    list_filter = ("status", "prison__region", PrisonInRegionFilter)
    search_fields = ("title", "skill_area", "prison__name")
    autocomplete_fields = ("prison", "workshop")
    date_hierarchy = "starts_on"
    inlines = (TrainingParticipantInline, TrainingEvidenceInline)
    actions = ("issue_certificates", "record_as_evidence", "fill_seats")
    attendance_template = "admin/programs/training/attendance.html"

    def has_issue_certificates_permission(self, request):
        return request.user.has_perm("programs.add_certificate")

    @admin.action(
        description=_("Terbitkan sertifikat untuk peserta yang lulus"), permissions=["issue_certificates"]
    )
    def issue_certificates(self, request, queryset, *, issued_on=None):
        """One certificate for every confirmed participant who passed and has none yet, dated
        ``issued_on`` or else each training's last day."""
        issued, refused = [], []
        for training in queryset:
            try:
                issued += certificate_issue_bulk(training=training, user=request.user, issued_on=issued_on)
            except ValidationError as error:  # not ended yet: nothing of it issued
                refused.append(f"{training.title}: {' '.join(error.messages)}")
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)
        if refused and not issued:
            return
        if len(issued) == 1:
            self.message_user(
                request, gettext("Sertifikat %(number)s diterbitkan.") % {"number": issued[0].number}
            )
        elif issued:
            self.message_user(
                request,
                gettext("%(count)d sertifikat diterbitkan, nomor %(first)s sampai %(last)s.")
                % {"count": len(issued), "first": issued[0].number, "last": issued[-1].number},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("Tidak ada sertifikat baru: semua peserta yang lulus sudah memilikinya."),
                messages.WARNING,
            )

    def get_queryset(self, request):
        # Training.__str__ names the prison (also in autocomplete answers of other admins).
        Status = TrainingParticipant.Status
        participants = TrainingParticipant.objects.all()
        return (
            super()
            .get_queryset(request)
            .select_related("prison", "workshop")
            .annotate(
                participant_count=related_count(participants.filter(status=Status.CONFIRMED), to="training"),
                waitlisted_count=related_count(participants.filter(status=Status.WAITLISTED), to="training"),
            )
        )

    @admin.display(description=_("daftar tunggu"), ordering="waitlisted_count")
    def waitlisted_count(self, obj):
        return obj.waitlisted_count

    def has_evidence_permission(self, request):
        return request.user.has_perm("programs.add_evidence")

    @admin.action(description=_("Catat sebagai bukti pemenuhan kewajiban PKS"), permissions=["evidence"])
    def record_as_evidence(self, request, queryset):
        return _record_as_evidence(
            self,
            request,
            queryset,
            source="training",
            kinds=(
                Evidence.Kind.TRAINING,
                Evidence.Kind.INSTRUCTORS,
                Evidence.Kind.CERTIFICATES,
                Evidence.Kind.KITS,
                Evidence.Kind.OTHER,
            ),
            default_kind=Evidence.Kind.TRAINING,
        )

    @admin.action(description=_("Isi kursi kosong dari daftar tunggu"), permissions=["change"])
    def fill_seats(self, request, queryset):
        promoted, refused = [], []
        for training in queryset:
            try:
                promoted += training_fill_seats(training=training, user=request.user)
            except ValidationError as error:
                refused.append(f"{training.title}: {' '.join(error.messages)}")
        names = ", ".join(p.inmate.legal_name for p in promoted) or gettext("tidak ada")
        self.message_user(request, gettext("Naik dari daftar tunggu: %(names)s.") % {"names": names})
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/kehadiran/",
                self.admin_site.admin_view(self.attendance_view),
                name="programs_training_attendance",
            ),
            path(
                "<path:object_id>/sertifikat/",
                self.admin_site.admin_view(self.issue_certificates_view),
                name="programs_training_issue_certificates",
            ),
        ]
        return own + super().get_urls()

    def issue_certificates_view(self, request, object_id):
        """The attendance page's "issue certificates" button (POST): the list's action for this
        one training, back to the page it was pressed on."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        training = self.get_object(request, unquote(object_id))
        if training is None:
            raise Http404
        if not self.has_issue_certificates_permission(request):
            raise PermissionDenied
        form = CertificateIssueForm(request.POST)
        if form.is_valid():
            issued_on = form.cleaned_data["issued_on"]  # None: the training's last day
            self.issue_certificates(request, Training.objects.filter(pk=training.pk), issued_on=issued_on)
        else:
            for message in form.errors.get("issued_on", []):
                self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:programs_training_attendance", args=[training.pk]))

    def attendance_view(self, request, object_id):
        """Attendance per day (a grid of confirmed participants x training days) and results
        (pass or fail, score 0-100), saved together through the services."""
        training = self.get_object(request, unquote(object_id))
        if training is None:
            raise Http404
        if not self.has_view_permission(request, training):
            raise PermissionDenied
        may_change = request.user.has_perm("programs.change_trainingparticipant")
        today = timezone.localdate()
        days, participants = training_attendance_grid(training=training)
        data = request.POST if request.method == "POST" and may_change else None
        attendance = AttendanceGridForm(data, days=days, participants=participants, today=today)
        results = ResultGridForm(data, participants=participants)
        errors = []
        if data is not None and attendance.is_valid() and results.is_valid():
            try:
                with transaction.atomic():
                    cells = attendance_record(training=training, marks=attendance.marks(), user=request.user)
                    changed = results.results()
                    for participant, passed, score in changed:
                        training_result_record(
                            participant=participant, passed=passed, score=score, user=request.user
                        )
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request,
                    gettext("Kehadiran disimpan (%(cells)d isian); nilai %(results)d peserta dicatat.")
                    % {"cells": cells, "results": len(changed)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": training,
            "training": training,
            "title": gettext("Kehadiran dan nilai"),
            "subtitle": training.title,
            "days": days,
            "attendance_form": attendance,
            "results_form": results,
            "show_results": training.starts_on <= today,
            # Planned or running in the records, yet its last day has passed: said, not hidden
            # behind "Direncanakan" (found by a probe).
            "status_behind": training.status in Training.OPEN_STATUSES and training.ends_on < today,
            "may_change": may_change,
            # Certificates once it has ended, for those who passed and have none yet.
            "certificates_due": self.has_issue_certificates_permission(request)
            and training.ends_on <= today
            and any(p.passed and p.certificate is None for p in participants),
            "issue_form": CertificateIssueForm(initial={"issued_on": training.ends_on}),
            "errors": errors,
            "participants_url": reverse("admin:programs_trainingparticipant_changelist")
            + f"?training__id__exact={training.pk}",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.attendance_template, context)

    @admin.display(description=_("bengkel kerja"), ordering="workshop__name")
    def workshop_name(self, obj):
        return obj.workshop.name if obj.workshop else None

    @admin.display(description=_("peserta dikonfirmasi"), ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count

    def save_formset(self, request, form, formset, change):
        if formset.model is TrainingParticipant:
            for participant_form in formset.forms:
                participant = participant_form.instance
                if participant.pk is None and participant_form.has_changed():
                    participant.proposed_by = request.user
        super().save_formset(request, form, formset, change)


def _names_shortened(names: list[str], *, shown: int = 10) -> str:
    """``names`` joined with commas; past ``shown`` of them, the rest as "and N more"."""
    if len(names) <= shown:
        return ", ".join(names)
    rest = len(names) - shown
    return ngettext("%(names)s dan %(count)d lainnya", "%(names)s dan %(count)d lainnya", rest) % {
        "names": ", ".join(names[:shown]),
        "count": rest,
    }


@admin.register(TrainingParticipant)
class TrainingParticipantAdmin(SafeAutocompleteMixin, PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "training__prison"
    # The list's columns after the person and the training, in the list and in its export alike.
    COLUMNS = ("status", "waitlist_position", "days_attended", "passed", "score", "proposed_by", "confirmed_by")
    list_display = ("inmate", "training_title", *COLUMNS)
    export_fields = (
        "inmate",
        (_("pelatihan"), "training__title"),
        (_("pelatihan dimulai"), "training__starts_on"),
        *COLUMNS,
    )
    list_filter = (
        "status",
        "passed",
        "training__prison__region",
        PrisonInRegionFilter.for_path("training__prison"),
    )
    actions = ("confirm_selected", "decline_selected", "withdraw_selected")
    search_fields = (
        "inmate__legal_name",
        "inmate__registration_number",
        "training__title",
        "training__prison__name",
    )
    autocomplete_fields = ("training", "inmate")
    readonly_fields = PARTICIPANT_SERVICE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        # A saved participant stays who and where it is (TrainingParticipant.clean).
        if obj is not None:
            return ("training", "inmate", *self.readonly_fields)
        return self.readonly_fields

    def get_queryset(self, request):
        # TrainingParticipant.__str__ names the inmate and the training (and its prison).
        return (
            super()
            .get_queryset(request)
            .select_related("inmate", "training__prison", "proposed_by", "confirmed_by")
        )

    @admin.display(description=_("pelatihan"), ordering="training__title")
    def training_title(self, obj):
        # The date as everywhere else ("23 Nov 2026", not "23-11-2026": a ministry-staff probe).
        return f"{Truncator(obj.training.title).chars(48)} ({date_format(obj.training.starts_on, 'j M Y')})"

    def _apply(self, request, queryset, service, done_message):
        """Run ``service`` for each selected participant in the order they were proposed (so the
        waiting list keeps that order); each is its own transaction. Refusals are reported once
        per reason, naming whom it stopped (a finished training refuses every row alike)."""
        done, promoted = [], []
        refused: dict[str, list[str]] = {}
        for participant in queryset.order_by("created_at", "pk"):
            try:
                result = service(participant=participant, user=request.user)
            except ValidationError as error:
                refused.setdefault(" ".join(error.messages), []).append(participant.inmate.legal_name)
                continue
            if isinstance(result, list):
                promoted += result
                participant.refresh_from_db()
                done.append(participant)
            else:
                done.append(result)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        if promoted:
            self.message_user(
                request,
                gettext("Naik dari daftar tunggu: %(names)s.")
                % {"names": ", ".join(p.inmate.legal_name for p in promoted)},
                messages.INFO,
            )
        for reason, names in refused.items():
            if any(name in reason for name in names):
                text = reason  # the reason already names its participant
            else:
                text = ngettext(
                    "%(reason)s Tidak diubah: %(names)s.",
                    "%(reason)s Tidak diubah (%(count)d peserta): %(names)s.",
                    len(names),
                ) % {"reason": reason, "names": _names_shortened(names), "count": len(names)}
            self.message_user(request, text, messages.WARNING)

    @admin.action(description=_("Konfirmasi peserta terpilih (sesuai kapasitas, sisanya daftar tunggu)"),
                  permissions=["change"])
    def confirm_selected(self, request, queryset):
        def message(done):
            seated = [p for p in done if p.status == TrainingParticipant.Status.CONFIRMED]
            waiting = [p for p in done if p.status == TrainingParticipant.Status.WAITLISTED]
            text = gettext("%(count)d peserta dikonfirmasi.") % {"count": len(seated)}
            if waiting:
                text += " " + gettext("Pelatihan penuh; masuk daftar tunggu: %(names)s.") % {
                    "names": ", ".join(f"{p.inmate.legal_name} (#{p.waitlist_position})" for p in waiting)
                }
            return text

        self._apply(request, queryset, training_confirm, message)

    @admin.action(description=_("Tolak peserta terpilih"), permissions=["change"])
    def decline_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            training_decline,
            lambda done: gettext("%(count)d peserta ditolak.") % {"count": len(done)},
        )

    @admin.action(description=_("Catat peserta terpilih mengundurkan diri"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            training_withdraw,
            lambda done: gettext("%(count)d peserta mengundurkan diri.") % {"count": len(done)},
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.proposed_by = request.user
        super().save_model(request, obj, form, change)


class CertificateAddForm(forms.ModelForm):
    """Issuing in the admin: the participant and the date; the number comes from the year's
    counter (programs.services), never from a person typing it."""

    class Meta:
        model = Certificate
        fields = ("participant", "issued_on")

    def clean(self):
        cleaned = super().clean()
        participant = cleaned.get("participant")
        if participant is not None:
            try:
                certificate_check_eligible(participant)
            except ValidationError as error:
                self.add_error("participant", error.error_dict["participant"])
        return cleaned


class CertificateStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return (("berlaku", _("Berlaku")), ("dicabut", pgettext_lazy("certificate", "Dicabut")))

    def queryset(self, request, queryset):
        if self.value() == "berlaku":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "dicabut":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(Certificate)
class CertificateAdmin(SafeAutocompleteMixin, DateHierarchyMixin, PrisonScopedMixin, admin.ModelAdmin):
    """Certificates are issued through programs.services (numbers from the year's counter, never
    typed) and revoked with a reason through the action; the PDF is a download for staff, and
    a revoked one carries "DICABUT" across the page."""

    prison_field = "participant__training__prison"
    list_display = ("number", "holder", "training_title", "prison_name", "issued_on", "status", "pdf_link")
    list_filter = (
        CertificateStatusFilter,
        "participant__training__prison__region",
        PrisonInRegionFilter.for_path("participant__training__prison"),
    )
    search_fields = (
        "number",
        "verification_code",
        "participant__inmate__legal_name",
        "participant__training__title",
    )
    autocomplete_fields = ("participant",)
    date_hierarchy = "issued_on"
    actions = ("revoke_certificates", "replace_certificates")
    add_form = CertificateAddForm

    def has_delete_permission(self, request, obj=None):
        # A certificate once issued is revoked with a reason, never deleted: its number is never
        # reused and its verification page must keep saying what happened to it.
        return False
    fields = (
        "participant",
        "number",
        "issued_on",
        "verification_code",
        "issued_by",
        "revoked_at",
        "revoke_reason",
        "replaces",
        "replaced_by",
        "pdf_link",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("participant__inmate", "participant__training__prison", "issued_by", "replacement")
        )

    @admin.display(description=_("diganti dengan"))
    def replaced_by(self, obj):
        replacement = getattr(obj, "replacement", None) if obj is not None and obj.pk else None
        if replacement is None:
            return "-"
        url = reverse("admin:programs_certificate_change", args=[replacement.pk])
        return format_html('<a href="{}">{}</a>', url, replacement.number)

    def get_fields(self, request, obj=None):
        return ("participant", "issued_on") if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        # Nothing of an issued certificate is edited in place: revoking has its own action.
        return () if obj is None else self.fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"issued_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if change:
            return
        issued = certificate_issue(participant=obj.participant, user=request.user, issued_on=obj.issued_on)
        # The admin goes on with ``obj`` (log entry, redirect): make it the issued certificate.
        for field in Certificate._meta.concrete_fields:
            setattr(obj, field.attname, getattr(issued, field.attname))
        obj._state.adding = False

    @admin.display(description=_("pemegang"), ordering="participant__inmate__legal_name")
    def holder(self, obj):
        return obj.participant.inmate.legal_name

    @admin.display(description=_("pelatihan"), ordering="participant__training__title")
    def training_title(self, obj):
        return obj.participant.training.title

    @admin.display(description=_("lapas/rutan"), ordering="participant__training__prison__name")
    def prison_name(self, obj):
        return obj.participant.training.prison.name

    @admin.display(description=_("status"), ordering="revoked_at")
    def status(self, obj):
        if obj.revoked_at is None:
            return _("Berlaku")
        replacement = getattr(obj, "replacement", None)
        if replacement is not None:
            return _("Dicabut, diganti %(number)s") % {"number": replacement.number}
        return pgettext_lazy("certificate", "Dicabut")

    @admin.action(description=_("Terbitkan pengganti sertifikat yang dicabut"), permissions=["change"])
    def replace_certificates(self, request, queryset):
        """A new certificate (new number, today's date) for each selected revoked one not replaced
        yet; the others are named in a message, nothing else happens to them."""
        replaced, refused = [], []
        for certificate in queryset.order_by("number"):
            try:
                new = certificate_replace(certificate=certificate, user=request.user)
            except ValidationError as error:
                refused.append(f"{certificate.number}: {' '.join(error.messages)}")
                continue
            replaced.append(new)
            self.log_addition(request, new, gettext("Pengganti %(number)s") % {"number": certificate.number})
        if replaced:
            self.message_user(
                request,
                ngettext(
                    "%(count)d sertifikat pengganti diterbitkan: %(numbers)s.",
                    "%(count)d sertifikat pengganti diterbitkan: %(numbers)s.",
                    len(replaced),
                )
                % {"count": len(replaced), "numbers": ", ".join(c.number for c in replaced)},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, gettext("Tidak diganti: %(why)s") % {"why": line}, messages.WARNING)

    @not_in_csv
    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:programs_certificate_pdf", args=[obj.pk])
        label = _("Unduh PDF (bertanda DICABUT)") if obj.revoked_at else _("Unduh PDF")
        return format_html('<a href="{}">{}</a>', url, label)

    def get_urls(self):
        pdf = path(
            "<path:object_id>/pdf/",
            self.admin_site.admin_view(self.pdf_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_pdf",
        )
        return [pdf, *super().get_urls()]

    def pdf_view(self, request, object_id):
        """The staff's download of a certificate (revoked ones too, marked as such)."""
        certificate = self.get_object(request, unquote(object_id))
        if certificate is None:
            raise Http404
        if not self.has_view_permission(request, certificate):
            raise PermissionDenied
        return certificate_pdf_response(certificate, request=request)

    @admin.action(description=_("Cabut sertifikat terpilih"), permissions=["change"])
    def revoke_certificates(self, request, queryset):
        """Asks for the reason on an intermediate page; an empty reason is refused there."""
        form = CertificateRevokeForm(request.POST if request.POST.get("post") else None)
        certificates = list(queryset)
        revocable = [c for c in certificates if c.revoked_at is None]
        if form.is_valid() and revocable:
            for certificate in revocable:
                reason = form.cleaned_data["reason"]
                certificate_revoke(certificate=certificate, user=request.user, reason=reason)
                self.log_change(request, certificate, gettext("Dicabut: %(reason)s") % {"reason": reason})
            self.message_user(
                request,
                ngettext("%(count)d sertifikat dicabut.", "%(count)d sertifikat dicabut.", len(revocable))
                % {"count": len(revocable)},
                messages.SUCCESS,
            )
            return None  # back to the changelist
        return reason_confirmation_response(
            self,
            request,
            template="admin/programs/certificate/revoke_confirmation.html",
            title=gettext("Cabut sertifikat terpilih"),
            form=form,
            certificates=certificates,
            revocable=revocable,
            already_revoked=[c for c in certificates if c.revoked_at is not None],
        )


@admin.register(Aid)
class AidAdmin(KeptUploadsAdminMixin, PrisonAutocompleteMedia, SafeAutocompleteMixin, DateHierarchyMixin, PrisonScopedMixin, admin.ModelAdmin):
    prison_field = "prison"
    list_display = ("given_on", "kind", "prison", "workshop_name", "short_items", "quantity", "value_display")
    export_fields = (
        "given_on", "kind", "prison", "workshop_name", (_("barang/kegiatan"), "items"), "quantity",
        (pgettext_lazy("nilai rupiah", "nilai"), "value"),
    )
    list_filter = ("kind", "prison__region", PrisonInRegionFilter)
    list_select_related = ("prison", "workshop")
    search_fields = ("items", "prison__name", "workshop__name")
    autocomplete_fields = ("prison", "workshop")
    date_hierarchy = "given_on"
    inlines = (AidEvidenceInline,)
    actions = ("record_as_evidence",)

    def has_evidence_permission(self, request):
        return request.user.has_perm("programs.add_evidence")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["aid_totals"] = aid_totals(queryset=changelist.queryset)
        return response

    @admin.action(description=_("Catat sebagai bukti pemenuhan kewajiban PKS"), permissions=["evidence"])
    def record_as_evidence(self, request, queryset):
        return _record_as_evidence(
            self,
            request,
            queryset,
            source="aid",
            kinds=(Evidence.Kind.AID, Evidence.Kind.KITS, Evidence.Kind.OTHER),
            default_kind=Evidence.Kind.AID,
        )

    @admin.display(description=_("bengkel kerja"), ordering="workshop__name")
    def workshop_name(self, obj):
        return obj.workshop.name if obj.workshop else None

    @admin.display(description=_("barang/kegiatan"), ordering="items")
    def short_items(self, obj):
        return Truncator(obj.items).chars(80)

    @admin.display(description=pgettext_lazy("nilai rupiah", "nilai"), ordering="value")
    def value_display(self, obj):
        return format_rupiah(obj.value)


@admin.register(Evidence)
class EvidenceAdmin(KeptUploadsAdminMixin, SafeAutocompleteMixin, DateHierarchyMixin, admin.ModelAdmin):
    list_display = ("date", "kind", "quantity", "obligation_text", "agreement_number", "linked", "recorded_by")
    export_fields = (
        "date", "kind", "quantity", (_("kewajiban"), "obligation__text"), "agreement_number", "linked", "recorded_by",
    )
    list_filter = ("kind", "obligation__party", "obligation__area", "obligation__agreement")
    list_select_related = (
        "obligation__agreement",
        "training__prison",
        "aid__prison",
        "exhibition",
        "recorded_by",
    )
    search_fields = ("description", "obligation__text", "training__title", "aid__items", "exhibition__title")
    autocomplete_fields = ("obligation", "training", "aid", "exhibition")
    readonly_fields = ("recorded_by", "recorded_at")
    formfield_overrides = URL_FORMFIELD
    date_hierarchy = "date"

    @admin.display(description=_("kewajiban"), ordering="obligation__text")
    def obligation_text(self, obj):
        return Truncator(obj.obligation.text).chars(70)

    @admin.display(description=_("perjanjian"), ordering="obligation__agreement__number")
    def agreement_number(self, obj):
        return obj.obligation.agreement.number

    @admin.display(description=_("terkait"))
    def linked(self, obj):
        return obj.training or obj.aid or obj.exhibition or obj.url or obj.description

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TrainingAttendance)
class TrainingAttendanceAdmin(SafeAutocompleteMixin, DateHierarchyMixin, PrisonScopedMixin, admin.ModelAdmin):
    """Single cells; the grid on a training's "Kehadiran dan nilai" page is the usual way. A
    cell is written through programs.services.attendance_record (which recounts the days
    attended), so it is never deleted here: mark it absent instead."""

    prison_field = "participant__training__prison"
    list_display = ("participant", "day", "present", "recorded_by", "recorded_at")
    list_filter = (
        "present",
        "participant__training__prison__region",
        PrisonInRegionFilter.for_path("participant__training__prison"),
    )
    list_select_related = ("participant__inmate", "participant__training__prison", "recorded_by")
    search_fields = ("participant__inmate__legal_name", "participant__training__title")
    autocomplete_fields = ("participant",)
    readonly_fields = ("recorded_by", "recorded_at")
    date_hierarchy = "day"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("participant", "day", *self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        attendance_record(
            training=obj.participant.training, marks={(obj.participant_id, obj.day): obj.present}, user=request.user
        )
        saved = TrainingAttendance.objects.get(participant_id=obj.participant_id, day=obj.day)
        obj.pk, obj.recorded_by, obj.recorded_at = saved.pk, saved.recorded_by, saved.recorded_at


# --- The dashboard on the admin index -----------------------------------------------------------


def _changelist_url(model, **params) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?" + urlencode(params)


def attention_items(request) -> list[dict]:
    """The dashboard rows the user may act on: label, count and the filtered changelist. Products
    to curate, delegations to decide and inquiries to answer only for who may change them (found
    by a new user's probe: corrections staff, who only read those, were asked to act on them);
    overdue obligations for whoever may read them (both parties have obligations)."""
    counts = backoffice_attention_counts(user=request.user)
    rows = (
        (
            "change",
            Product,
            counts["products_submitted"],
            ngettext("produk menunggu kurasi", "produk menunggu kurasi", counts["products_submitted"]),
            {"status__exact": Product.Status.SUBMITTED},
        ),
        (
            "change",
            Delegation,
            counts["delegations_applied"],
            ngettext(
                "delegasi menunggu keputusan", "delegasi menunggu keputusan", counts["delegations_applied"]
            ),
            {"status__exact": Delegation.Status.APPLIED},
        ),
        (
            "view",
            Obligation,
            counts["obligations_overdue"],
            ngettext(
                "kewajiban PKS berlaku lewat tenggat", "kewajiban PKS berlaku lewat tenggat", counts["obligations_overdue"]
            ),
            {DueDateFilter.parameter_name: DueDateFilter.OVERDUE_IN_FORCE},
        ),
        (
            "change",
            Inquiry,
            counts["inquiries_for_ministry"],
            ngettext(
                "permintaan pembeli untuk kementerian",
                "permintaan pembeli untuk kementerian",
                counts["inquiries_for_ministry"],
            ),
            {"status__exact": Inquiry.Status.NEW, InquiryAddresseeFilter.parameter_name: InquiryAddresseeFilter.MINISTRY},
        ),
    )
    items = []
    for action, model, count, label, params in rows:
        model_admin = admin.site.get_model_admin(model)
        allowed = model_admin.has_change_permission if action == "change" else model_admin.has_view_permission
        if allowed(request):
            items.append({"label": label, "count": count, "url": _changelist_url(model, **params)})
    return items


_default_index = admin.site.index


def index_with_attention(request, extra_context=None):
    """The admin index with "what needs attention" above the list of apps."""
    context = {"attention": attention_items(request)}
    if admin.site.get_model_admin(Agreement).has_view_permission(request):
        context["agreements"] = agreements_for_dashboard()
    if sees_all_prisons(request.user):
        context["outcomes_url"] = reverse("admin:programs_outcomes")
    if sits_on_a_jury(request.user):
        # A staff member chosen as juror scores on the jury page, not here.
        context["jury_url"] = reverse("portal:jury-list")
    context.update(extra_context or {})
    return _default_index(request, extra_context=context)


# The project uses Django's default site (config/ wires ``admin.site``): its index view gains the
# dashboard's context; templates/admin/index.html shows it.
admin.site.index = index_with_attention


# --- Follow-up after release, and the certificate numbering ---------------------------------------


class FollowUpAdminForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        exclude = ("recorded_by",)  # noqa: DJ006 (set by the admin from the signed-in user)

    def clean(self):
        cleaned = super().clean()
        inmate, months, recorded_on = (
            cleaned.get("inmate"),
            cleaned.get("months_after_release"),
            cleaned.get("recorded_on"),
        )
        if inmate is not None and months is not None and recorded_on is not None:
            try:
                followup_check(
                    inmate=inmate,
                    months_after_release=months,
                    recorded_on=recorded_on,
                    instance_pk=self.instance.pk,
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned


@admin.register(FollowUp)
class FollowUpAdmin(SafeAutocompleteMixin, DateHierarchyMixin, PrisonScopedMixin, admin.ModelAdmin):
    """Follow-ups of released participants (never public). New ones go through
    programs.services.followup_record, like the officers' in the portal."""

    prison_field = "inmate__prison"
    form = FollowUpAdminForm
    list_display = (
        "inmate",
        "prison_name",
        "months_after_release",
        "recorded_on",
        "has_business",
        "business_name",
        "turnover_band",
        "in_contact",
    )
    list_filter = (
        "months_after_release",
        "has_business",
        "in_contact",
        "turnover_band",
        "inmate__prison__region",
    )
    list_select_related = ("inmate__prison",)
    search_fields = ("inmate__legal_name", "inmate__registration_number", "business_name", "sector")
    autocomplete_fields = ("inmate",)
    date_hierarchy = "recorded_on"
    readonly_fields = ("recorded_by",)

    @admin.display(description=_("lapas/rutan"), ordering="inmate__prison__name")
    def prison_name(self, obj):
        return obj.inmate.prison.name

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "inmate"}
        recorded = followup_record(inmate=obj.inmate, user=request.user, **data)
        # The admin goes on with ``obj`` (log entry, redirect): make it the recorded follow-up.
        for field in FollowUp._meta.concrete_fields:
            setattr(obj, field.attname, getattr(recorded, field.attname))
        obj._state.adding = False


class CertificateCounterForm(forms.ModelForm):
    class Meta:
        model = CertificateCounter
        fields = ("year", "last_number")

    def clean_last_number(self):
        value = self.cleaned_data["last_number"]
        if self.instance.pk is not None and value < self.instance.last_number:
            # Going back would hand out numbers that were already given.
            raise ValidationError(
                _("Nomor terakhir tidak boleh diturunkan (sekarang %(number)s)."),
                params={"number": self.instance.last_number},
            )
        return value


@admin.register(CertificateCounter)
class CertificateCounterAdmin(admin.ModelAdmin):
    """The last certificate number of each year. A year can start from a number (continuing a
    paper register); a counter never goes back and is never deleted, so no number is reused."""

    form = CertificateCounterForm
    list_display = ("year", "last_number", "next_number")
    ordering = ("-year",)

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("nomor berikutnya"))
    def next_number(self, obj):
        return certificate_number_format(year=obj.year, sequence=obj.last_number + 1)


# --- The outcomes dashboard (ministry and corrections staff) --------------------------------------

OUTCOME_TABLES = ("ringkasan", "kanwil", "tahun")
# A table's name in its file and worksheet, in the language of the page (the keys are the
# query string's, which stay as they are).
OUTCOME_TABLE_NAMES = {
    "ringkasan": pgettext_lazy("tabel hasil program", "ringkasan"),
    "kanwil": pgettext_lazy("tabel hasil program", "kanwil"),
    "tahun": pgettext_lazy("tabel hasil program", "tahun"),
}


def _number(value: int, *, money: bool) -> str:
    return format_rupiah(value) if money else f"{value:,}".replace(",", ".")


def _outcome_export(report, *, table: str, fmt: str):
    labels = [str(stage.label) for stage in OUTCOME_STAGES]
    keys = [stage.key for stage in OUTCOME_STAGES]
    scope = [str(report.year) if report.year else gettext("semua tahun")]
    if report.region is not None:
        scope.append(report.region.slug)
    if table == "kanwil":
        headers = [gettext("Kanwil"), *labels]
        rows = [[str(region), *(numbers[k] for k in keys)] for region, numbers in report.by_region]
        scope = scope[:1]
    elif table == "tahun":
        headers = [gettext("Tahun"), *labels]
        rows = [[year, *(numbers[k] for k in keys)] for year, numbers in report.by_year]
        scope = scope[1:]
    else:
        headers = [gettext("Tahapan"), gettext("Jumlah")]
        rows = [[str(stage.label), report.funnel[stage.key]] for stage in OUTCOME_STAGES]
    name = str(OUTCOME_TABLE_NAMES[table])
    filename = " ".join([gettext("hasil program"), name, *scope])
    return table_response(headers=headers, rows=rows, filename=filename, fmt=fmt, sheet=capfirst(name))


def outcomes_view(request):
    """/admin/programs/hasil/: the programme's funnel for a year and a region (GET ``tahun``,
    ``kanwil``), per region and per year, with charts; ``?format=csv|xlsx&tabel=...`` downloads
    one of the tables. For staff who see every prison."""
    if not sees_all_prisons(request.user):
        raise PermissionDenied
    filters = OutcomeFilterForm(request.GET).filters()
    report = outcome_report(**filters)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        table = request.GET.get("tabel")
        return _outcome_export(report, table=table if table in OUTCOME_TABLES else "ringkasan", fmt=fmt)

    keys = [stage.key for stage in OUTCOME_STAGES]
    people = [stage for stage in OUTCOME_STAGES if not stage.money]
    sold_by_region = sorted(
        ((str(region), numbers["sold"]) for region, numbers in report.by_region if numbers["sold"]),
        key=lambda item: -item[1],
    )[:10]
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("tabel", None)

    def export_url(table, fmt):
        params = query.copy()
        params["tabel"], params["format"] = table, fmt
        return "?" + params.urlencode()

    context = {
        **admin.site.each_context(request),
        "title": gettext("Hasil program"),
        "report": report,
        "stages": OUTCOME_STAGES,
        "funnel_rows": [
            (stage, _number(report.funnel[stage.key], money=stage.money)) for stage in OUTCOME_STAGES
        ],
        "region_rows": [
            (region, [_number(numbers[k], money=s.money) for k, s in zip(keys, OUTCOME_STAGES)])
            for region, numbers in report.by_region
        ],
        "year_rows": [
            (year, [_number(numbers[k], money=s.money) for k, s in zip(keys, OUTCOME_STAGES)])
            for year, numbers in report.by_year
        ],
        "funnel_chart": bar_chart(
            labels=[str(stage.short_label) for stage in people],
            values=[report.funnel[stage.key] for stage in people],
            title=gettext("Alur pembinaan: jumlah orang per tahapan"),
        ),
        "sales_chart": bar_chart(
            labels=[label for label, _value in sold_by_region],
            values=[value for _label, value in sold_by_region],
            title=gettext("Penjualan per kanwil (Rp)"),
            value_format=format_rupiah,
            colour=SOGA,
        )
        if sold_by_region
        else None,
        "exports": {
            table: {fmt: export_url(table, fmt) for fmt in FORMATS} for table in OUTCOME_TABLES
        },
        "year_choices": sorted({*report.years, *([report.year] if report.year else [])}, reverse=True),
    }
    return TemplateResponse(request, "admin/programs/outcomes.html", context)


_default_get_urls = admin.site.get_urls


def _get_urls_with_outcomes():
    outcomes = path("programs/hasil/", admin.site.admin_view(outcomes_view), name="programs_outcomes")
    return [outcomes, *_default_get_urls()]


admin.site.get_urls = _get_urls_with_outcomes
