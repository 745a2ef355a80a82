"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins.

Exhibition applications (a prison's delegation to an exhibition) and buyer inquiries.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from exhibitions.forms import ApplicationForm, InquiryStatusForm
from exhibitions.models import Delegation, Exhibition, Inquiry
from exhibitions.selectors import (
    portal_application_list,
    portal_inquiry_counts,
    portal_inquiry_list,
    portal_open_exhibitions,
)
from exhibitions.services import (
    OPEN_APPLICATION_STATUSES,
    application_submit,
    application_update,
    application_withdraw,
    inquiry_set_status,
)
from inmates.portal import OfficerRequiredMixin, PrisonScopedMixin


def _registration_closed_message(exhibition: Exhibition) -> str:
    opens = exhibition.registration_opens
    if opens is not None and timezone.now() < opens:
        return gettext(
            "Pendaftaran pameran “%(title)s” belum dibuka. Pendaftaran dibuka %(opens)s %(zone)s."
        ) % {
            "title": exhibition.title,
            "opens": date_format(opens.astimezone(exhibition.tzinfo), "j F Y, H.i"),
            "zone": exhibition.zone_abbreviation,
        }
    return gettext(
        "Pendaftaran pameran “%(title)s” sudah ditutup. Formulir tidak dapat dikirim lagi."
    ) % {"title": exhibition.title}


def _add_service_errors(form, error: ValidationError) -> None:
    # A service's errors go next to the field they concern, the rest above the form.
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _can_change(delegation: Delegation) -> bool:
    exhibition = delegation.exhibition
    return (
        delegation.status in OPEN_APPLICATION_STATUSES
        and exhibition.registration_closes is not None
        and timezone.now() < exhibition.registration_closes
    )


# --- Exhibition applications -----------------------------------------------------------------


class ApplicationListView(OfficerRequiredMixin, TemplateView):
    """Exhibitions open for registration, and the prison's applications with their status."""

    template_name = "portal/exhibitions/application_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        exhibitions = list(portal_open_exhibitions(user=user))
        for exhibition in exhibitions:
            status = exhibition.my_delegation_status
            exhibition.has_applied = status is not None and status != Delegation.Status.WITHDRAWN
        applications = list(portal_application_list(user=user))
        for application in applications:
            application.can_change = _can_change(application)
        context.update(open_exhibitions=exhibitions, applications=applications)
        return context


class ApplicationCreateView(OfficerRequiredMixin, FormView):
    """Apply the officer's prison to an exhibition. After the deadline nothing can be sent."""

    template_name = "portal/exhibitions/application_form.html"
    form_class = ApplicationForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.exhibition = None

    def get_exhibition(self) -> Exhibition:
        if self.exhibition is None:
            self.exhibition = get_object_or_404(Exhibition.objects.published(), slug=self.kwargs["slug"])
        return self.exhibition

    def existing_application(self) -> Delegation | None:
        return (
            Delegation.objects.filter(exhibition=self.get_exhibition(), prison=self.request.prison)
            .exclude(status=Delegation.Status.WITHDRAWN)
            .first()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["prison"] = self.request.prison
        return kwargs

    def get_initial(self):
        profile = self.request.user.officer_profile
        return {"contact_officer": self.request.user.pk, "contact_phone": profile.phone}

    def _closed_response(self):
        message = _registration_closed_message(self.get_exhibition())
        return self.render_to_response(self.get_context_data(form=None, closed_message=message))

    def get(self, request, *args, **kwargs):
        if not self.get_exhibition().registration_is_open():
            return self._closed_response()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.get_exhibition().registration_is_open():
            # Refused: the page says why, nothing is saved.
            return self._closed_response()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exhibition"] = self.get_exhibition()
        context["existing"] = self.existing_application()
        context["mode"] = "create"
        return context

    def form_valid(self, form):
        try:
            delegation = application_submit(
                exhibition=self.get_exhibition(),
                prison=self.request.prison,
                user=self.request.user,
                products=form.cleaned_data["products"],
                contact_officer=form.cleaned_data["contact_officer"],
                contact_phone=form.cleaned_data["contact_phone"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Pendaftaran ke “%(title)s” terkirim. Panitia akan memberi keputusan.")
            % {"title": delegation.exhibition.title},
        )
        return redirect("portal:application-detail", pk=delegation.pk)


class _ApplicationMixin(PrisonScopedMixin):
    """An application of the officer's own prison; another prison's id is 404."""

    model = Delegation
    context_object_name = "application"

    def get_queryset(self):
        return super().get_queryset().select_related("exhibition", "contact_officer")


class ApplicationDetailView(_ApplicationMixin, DetailView):
    template_name = "portal/exhibitions/application_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("products")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = _can_change(self.object)
        return context

    def post(self, request, *args, **kwargs):
        # Not a form: another prison's id is still "not found", never "not allowed".
        self.get_object()
        return HttpResponseNotAllowed(["GET", "HEAD"])


class ApplicationUpdateView(_ApplicationMixin, SingleObjectMixin, FormView):
    """Change the products and contact of an application while registration is open."""

    template_name = "portal/exhibitions/application_form.html"
    form_class = ApplicationForm

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not _can_change(self.object):
            return self._closed_response()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not _can_change(self.object):
            return self._closed_response()
        return super().post(request, *args, **kwargs)

    def _closed_text(self) -> str:
        if self.object.status not in OPEN_APPLICATION_STATUSES:
            return gettext("Pendaftaran berstatus %(status)s tidak dapat diubah.") % {
                "status": self.object.get_status_display()
            }
        return _registration_closed_message(self.object.exhibition)

    def _closed_response(self):
        return self.render_to_response(self.get_context_data(form=None, closed_message=self._closed_text()))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["prison"] = self.request.prison
        return kwargs

    def get_initial(self):
        return {
            "products": list(self.object.products.values_list("pk", flat=True)),
            "contact_officer": self.object.contact_officer_id or self.request.user.pk,
            "contact_phone": self.object.contact_phone or self.request.user.officer_profile.phone,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exhibition"] = self.object.exhibition
        context["mode"] = "update"
        return context

    def form_valid(self, form):
        try:
            application_update(
                delegation=self.object,
                user=self.request.user,
                products=form.cleaned_data["products"],
                contact_officer=form.cleaned_data["contact_officer"],
                contact_phone=form.cleaned_data["contact_phone"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("Perubahan pendaftaran tersimpan."))
        return redirect("portal:application-detail", pk=self.object.pk)


class ApplicationWithdrawView(_ApplicationMixin, DetailView):
    """GET asks for confirmation; POST withdraws (before the registration deadline only)."""

    template_name = "portal/exhibitions/application_withdraw.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = _can_change(self.object)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            application_withdraw(delegation=self.object, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("portal:application-detail", pk=self.object.pk)
        messages.success(
            request,
            gettext("Pendaftaran ke “%(title)s” dibatalkan.") % {"title": self.object.exhibition.title},
        )
        return redirect("portal:application-list")


# --- Buyer inquiries -------------------------------------------------------------------------


class InquiryListView(OfficerRequiredMixin, ListView):
    """Inquiries about the prison or its products, newest first, filtered by status."""

    template_name = "portal/exhibitions/inquiry_list.html"
    context_object_name = "inquiries"
    paginate_by = 25

    def get_status(self) -> str | None:
        status = self.request.GET.get("status")
        return status if status in Inquiry.Status.values else None

    def get_queryset(self):
        return portal_inquiry_list(user=self.request.user, status=self.get_status())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = portal_inquiry_counts(user=self.request.user)
        status = self.get_status()
        context["status"] = status
        context["status_tabs"] = [
            {"value": "", "label": gettext("Semua"), "count": counts["all"], "active": status is None}
        ] + [
            {"value": value, "label": label, "count": counts[value], "active": status == value}
            for value, label in Inquiry.Status.choices
        ]
        return context


class InquiryDetailView(OfficerRequiredMixin, DetailView):
    """A buyer's contact and message; POST changes the inquiry's status."""

    template_name = "portal/exhibitions/inquiry_detail.html"
    context_object_name = "inquiry"

    def get_queryset(self):
        return portal_inquiry_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InquiryStatusForm(initial={"status": self.object.status}))
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = InquiryStatusForm(request.POST)
        if form.is_valid():
            try:
                inquiry_set_status(inquiry=self.object, user=request.user, status=form.cleaned_data["status"])
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext("Status permintaan diubah menjadi “%(status)s”.")
                    % {"status": Inquiry.Status(form.cleaned_data["status"]).label},
                )
                return redirect(reverse("portal:inquiry-detail", kwargs={"pk": self.object.pk}))
        return self.render_to_response(self.get_context_data(form=form))
