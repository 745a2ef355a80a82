"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from exhibitions.models import Delegation
from inmates.form_fields import choice_search_response
from inmates.models import Inmate
from inmates.portal import OfficerRequiredMixin, PrisonScopedMixin
from inmates.roles import JURY, has_role, sees_all_prisons
from inmates.scoping import officer_prison_id
from programs.certificates import certificate_pdf_response
from programs.forms import AttendanceGridForm, FollowUpForm, InmateChoices, TrainingProposeForm
from programs.models import Certificate, FollowUp, Training, TrainingParticipant
from programs.selectors import (
    CURATOR_FEEDBACK_DAYS,
    certificate_for_download,
    followup_milestones,
    portal_aid_list,
    portal_aid_totals,
    portal_certificate_list,
    portal_dashboard,
    portal_proposable_inmates,
    portal_proposable_search,
    portal_released_inmates,
    portal_trainings_current_and_past,
    training_attendance_grid,
    training_days,
    training_participants,
)
from programs.services import (
    OPEN_TRAINING_STATUSES,
    attendance_closed_message,
    attendance_record,
    followup_record,
    training_propose,
    training_withdraw,
)

# What an officer reads next to an exhibition they applied to.
APPLICATION_STATE_LABELS = {
    Delegation.Status.APPLIED: _("Sudah mendaftar, menunggu keputusan"),
    Delegation.Status.ACCEPTED: _("Diterima sebagai peserta"),
    Delegation.Status.REJECTED: _("Pendaftaran ditolak"),
}


class DashboardView(OfficerRequiredMixin, TemplateView):
    """The officer's start page: their prison's numbers and what needs their attention."""

    template_name = "portal/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        # A juror who is not a prison officer starts at the entries they score.
        if (
            request.user.is_authenticated
            and has_role(request.user, JURY)
            and officer_prison_id(request.user) is None
        ):
            return redirect("portal:jury-list")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(portal_dashboard(user=self.request.user))
        context["prison"] = self.request.prison
        context["feedback_days"] = CURATOR_FEEDBACK_DAYS
        for exhibition in context["exhibitions"]:
            status = exhibition.my_delegation_status
            # A withdrawn application may be made again while registration is open.
            exhibition.has_applied = status is not None and status != Delegation.Status.WITHDRAWN
            exhibition.my_delegation_label = APPLICATION_STATE_LABELS.get(status, "")
        # "Needs attention" counts only the open exhibitions the prison has not applied to yet.
        context["exhibitions_to_apply"] = sum(1 for e in context["exhibitions"] if not e.has_applied)
        return context


# --- Certificates: the officer's prison's, as a list and as PDF downloads ------------------------


class CertificateListView(OfficerRequiredMixin, ListView):
    """The certificates of the officer's prison; valid ones can be downloaded as PDF."""

    template_name = "portal/programs/certificate_list.html"
    context_object_name = "certificates"
    paginate_by = 25

    def get_queryset(self):
        return portal_certificate_list(user=self.request.user)


class AidListView(OfficerRequiredMixin, ListView):
    """The equipment and business-management aid the ministry gave the officer's prison, as the
    back office records it (read-only here), with its handover record where there is one."""

    template_name = "portal/programs/aid_list.html"
    context_object_name = "aid_list"
    paginate_by = 25

    def get_queryset(self):
        return portal_aid_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(totals=portal_aid_totals(user=self.request.user), **kwargs)


class CertificatePdfView(OfficerRequiredMixin, View):
    """The PDF of one certificate of the officer's prison (it carries the holder's legal name).
    Another prison's certificate, or a revoked one, is not found."""

    def get_object(self) -> Certificate:
        try:
            return certificate_for_download(
                user=self.request.user, pk=self.kwargs["pk"], include_revoked=False
            )
        except Certificate.DoesNotExist:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        return certificate_pdf_response(self.get_object(), request=request)

    def post(self, request, *args, **kwargs):
        # Not a form: another prison's id is still "not found", never "not allowed".
        self.get_object()
        return HttpResponseNotAllowed(["GET", "HEAD"])


# --- Follow-up after release (3, 6 and 12 months) ----------------------------------------------


class FollowUpListView(OfficerRequiredMixin, ListView):
    """Released inmates of the officer's prison with the state of each follow-up milestone."""

    template_name = "portal/programs/followup_list.html"
    context_object_name = "inmates"
    paginate_by = 25

    def get_queryset(self):
        return portal_released_inmates(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [(inmate, followup_milestones(inmate=inmate)) for inmate in context["inmates"]]
        context["rows"] = rows
        context["waiting"] = sum(1 for _inmate, ms in rows for m in ms if m.can_record)
        return context


class FollowUpCreateView(OfficerRequiredMixin, FormView):
    """Record one follow-up of a released inmate of the officer's prison (``?bulan=6`` preselects
    the milestone). Another prison's inmate, or one not released, is not found."""

    form_class = FollowUpForm
    template_name = "portal/programs/followup_form.html"
    inmate = None

    def get_inmate(self) -> Inmate:
        # Looked up after OfficerRequiredMixin has let the request in: the scope needs the user.
        if self.inmate is None:
            try:
                self.inmate = portal_released_inmates(user=self.request.user).get(pk=self.kwargs["pk"])
            except Inmate.DoesNotExist:
                raise Http404 from None
        return self.inmate

    def get(self, request, *args, **kwargs):
        self.get_inmate()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_inmate()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inmate": self.inmate}

    def get_initial(self):
        initial = super().get_initial()
        months = self.request.GET.get("bulan", "")
        # isdecimal, not isdigit: "²" is a digit that int() refuses (a server error); and short:
        # int() refuses more than 4,300 digits (a fuzz test's server error).
        if months.isdecimal() and len(months) <= 3 and int(months) in FollowUp.Month.values:
            initial["months_after_release"] = int(months)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inmate"] = self.inmate
        context["milestones"] = followup_milestones(inmate=self.inmate)
        return context

    def form_valid(self, form):
        try:
            follow_up = followup_record(
                inmate=self.inmate, user=self.request.user, **form.service_arguments()
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Pemantauan %(months)s bulan untuk %(name)s dicatat (%(date)s).")
            % {
                "months": follow_up.months_after_release,
                "name": self.inmate.legal_name,
                "date": date_format(follow_up.recorded_on, "j F Y"),
            },
        )
        return redirect("portal:followup-list")


# --- Trainings (Bimtek) of the officer's prison: list, detail, proposals, attendance -------------
#
# Every view fetches the training (or participant) through PrisonScopedMixin, so another prison's
# id is a 404 on GET and POST alike; writes go through programs.services with request.user.


def _service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


class TrainingListView(OfficerRequiredMixin, TemplateView):
    """The prison's trainings: coming and running ones first (all of them), then the past ones,
    latest first, ``PAST_PER_PAGE`` a page (a prison's history grows by the year)."""

    template_name = "portal/programs/training_list.html"
    PAST_PER_PAGE = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        current, past = portal_trainings_current_and_past(user=self.request.user, today=today)
        past_page = Paginator(past, self.PAST_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            current=list(current),
            past=list(past_page),
            past_page=past_page,
            today=today,
        )
        return context


class TrainingObjectMixin(PrisonScopedMixin, SingleObjectMixin):
    """One training of the officer's prison (404 for any other)."""

    model = Training
    context_object_name = "training"

    def get_queryset(self):
        return super().get_queryset().select_related("prison", "workshop")

    def training_is_open(self) -> bool:
        training = self.object
        return training.status in OPEN_TRAINING_STATUSES and training.ends_on >= timezone.localdate()


class TrainingDetailView(TrainingObjectMixin, TemplateView):
    template_name = "portal/programs/training_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Nothing to post here; another prison's training is "not found" for every method alike.
        self.get_object()
        return HttpResponseNotAllowed(["GET", "HEAD"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        training = self.object
        participants = list(training_participants(training=training))
        Status = TrainingParticipant.Status
        counts = {status: 0 for status in Status.values}
        for participant in participants:
            counts[participant.status] += 1
        # A finished training's attendance is closed to officers (attendance_record refuses it):
        # they may look at it, not record it.
        attendance_shown = (
            training.status != Training.Status.CANCELLED
            and training.starts_on <= timezone.localdate()
            and counts[Status.CONFIRMED] > 0
        )
        attendance_closed = training.status == Training.Status.FINISHED and not sees_all_prisons(self.request.user)
        context.update(
            participants=participants,
            counts=counts,
            seats_left=max(training.capacity - counts[Status.CONFIRMED], 0),
            is_open=self.training_is_open(),
            days=training_days(training),
            instructors=[line for line in training.instructors.splitlines() if line.strip()],
            can_record_attendance=attendance_shown and not attendance_closed,
            attendance_closed=attendance_shown and attendance_closed,
        )
        return context


class TrainingProposeSearchView(TrainingObjectMixin, View):
    """The proposal form's search (a prison with many inmates, static/js/choice_search.js):
    JSON of the officer's own active inmates not yet on this training, matching ``q``."""

    def get(self, request, *args, **kwargs):
        training = self.object = self.get_object()
        return choice_search_response(
            request,
            find=lambda query: portal_proposable_search(user=request.user, training=training, query=query),
            field_class=InmateChoices,
        )

    def post(self, request, *args, **kwargs):
        self.get_object()  # another prison's training is "not found" for every method alike
        return HttpResponseNotAllowed(["GET", "HEAD"])


class TrainingProposeView(TrainingObjectMixin, FormView):
    """Propose active inmates of the officer's own prison; ministry staff then confirm."""

    template_name = "portal/programs/training_propose.html"
    form_class = TrainingProposeForm

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.training_is_open():
            messages.warning(request, gettext("Pelatihan ini tidak menerima usulan peserta lagi."))
            return redirect("portal:training-detail", pk=self.object.pk)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["inmates"] = portal_proposable_inmates(user=self.request.user, training=self.object)
        kwargs["search_url"] = reverse("portal:training-propose-search", args=[self.object.pk])
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_open"] = self.training_is_open()
        return context

    def form_valid(self, form):
        try:
            proposed = training_propose(
                training=self.object, inmates=form.cleaned_data["inmates"], user=self.request.user
            )
        except ValidationError as error:
            _service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(count)d warga binaan diusulkan. Staf kementerian akan mengonfirmasi.",
                "%(count)d warga binaan diusulkan. Staf kementerian akan mengonfirmasi.",
                len(proposed),
            )
            % {"count": len(proposed)},
        )
        return redirect("portal:training-detail", pk=self.object.pk)


class TrainingAttendanceView(TrainingObjectMixin, FormView):
    """The attendance grid: confirmed participants x training days, ticked = present."""

    template_name = "portal/programs/training_attendance.html"
    form_class = AttendanceGridForm

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status == Training.Status.CANCELLED:
            messages.warning(request, gettext("Pelatihan ini dibatalkan: kehadiran tidak dicatat."))
            return redirect("portal:training-detail", pk=self.object.pk)
        if self.attendance_closed():
            messages.warning(request, attendance_closed_message())
            return redirect("portal:training-attendance", pk=self.object.pk)
        return super().post(request, *args, **kwargs)

    def attendance_closed(self) -> bool:
        return self.object.status == Training.Status.FINISHED and not sees_all_prisons(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.days, self.participants = training_attendance_grid(training=self.object)
        kwargs.update(days=self.days, participants=self.participants, today=timezone.localdate())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = self.days
        context["closed_message"] = attendance_closed_message() if self.attendance_closed() else ""
        return context

    def form_valid(self, form):
        try:
            cells = attendance_record(training=self.object, marks=form.marks(), user=self.request.user)
        except ValidationError as error:
            _service_errors(form, error)
            return self.form_invalid(form)
        if cells:
            messages.success(self.request, gettext("Kehadiran disimpan."))
        else:
            messages.info(self.request, gettext("Belum ada hari pelatihan yang dapat diisi."))
        return redirect("portal:training-attendance", pk=self.object.pk)


class TrainingParticipantWithdrawView(PrisonScopedMixin, SingleObjectMixin, TemplateView):
    """A participant of the officer's prison drops out (a released or transferred inmate, say);
    their seat goes to the first on the waiting list."""

    model = TrainingParticipant
    prison_field = "training__prison"
    context_object_name = "participant"
    template_name = "portal/programs/participant_withdraw.html"

    def get_queryset(self):
        return super().get_queryset().select_related("inmate", "training__prison")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = participant = self.get_object()
        try:
            promoted = training_withdraw(participant=participant, user=request.user)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            text = gettext("%(name)s dicatat mengundurkan diri.") % {"name": participant.inmate.legal_name}
            if promoted:
                text += " " + gettext("Kursinya diberikan kepada %(names)s dari daftar tunggu.") % {
                    "names": ", ".join(p.inmate.legal_name for p in promoted)
                }
            messages.success(request, text)
        return redirect("portal:training-detail", pk=participant.training_id)
