"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins.

Exhibition applications (a prison's delegation to an exhibition) and buyer inquiries.
"""

# Sales desk (market-trial sales at a booth)
import datetime
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from exhibitions.forms import (
    ApplicationForm,
    CallNoteForm,
    InquiryReplyForm,
    InquiryStatusForm,
    ProductChoiceField,
)
from exhibitions.models import Delegation, Exhibition, Inquiry, Sale
from exhibitions.reply_messages import resend_and_tell, tell_reply_outcome
from exhibitions.sales_forms import PAYMENT_BUTTON_LABELS, SaleForm, SaleReverseForm
from exhibitions.selectors import (
    exhibition_phase,
    portal_application_list,
    portal_exhibit_candidates,
    portal_inquiry_counts,
    portal_inquiry_list,
    portal_open_exhibitions,
    records_sales_everywhere,
    sale_totals,
    sales_desk_all,
    sales_desk_booth_list,
    sales_desk_booths,
    sales_desk_day,
    sales_desk_day_totals,
    sales_desk_days,
    sales_desk_products,
    sales_without_booth,
    stock_left,
    stock_overrun,
)
from exhibitions.services import (
    OPEN_APPLICATION_STATUSES,
    application_submit,
    application_update,
    application_withdraw,
    inquiry_call_note,
    inquiry_reply,
    inquiry_reply_reply_to,
    inquiry_set_status,
    sale_correct,
    sale_record,
    sale_reverse,
)
from inmates.form_fields import choice_search_response
from inmates.portal import JurorRequiredMixin, OfficerRequiredMixin, PrisonScopedMixin
from inmates.templatetags.etalase import format_moment


def _registration_closed_message(exhibition: Exhibition) -> str:
    opens = exhibition.registration_opens
    if opens is not None and timezone.now() < opens:
        return gettext(
            "Pendaftaran pameran “%(title)s” belum dibuka. Pendaftaran dibuka %(opens)s %(zone)s."
        ) % {
            "title": exhibition.title,
            "opens": format_moment(opens.astimezone(exhibition.tzinfo), localise=False),
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


class ExhibitProductSearchView(OfficerRequiredMixin, View):
    """The application form's search for products (in a prison with many approved products,
    static/js/choice_search.js): JSON of the officer's own prison's approved products matching
    ``q``."""

    http_method_names = ["get", "head"]  # after the access check: anyone else is refused first

    def get(self, request):
        return choice_search_response(
            request,
            find=lambda query: portal_exhibit_candidates(user=request.user, query=query),
            field_class=ProductChoiceField,
        )


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
    """A buyer's contact, message and the answers sent so far; POST with ``action=reply``
    e-mails an answer to the buyer, any other POST changes the inquiry's status."""

    template_name = "portal/exhibitions/inquiry_detail.html"
    context_object_name = "inquiry"

    def get_queryset(self):
        return portal_inquiry_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InquiryStatusForm(initial={"status": self.object.status}))
        context.setdefault("reply_form", InquiryReplyForm())
        context.setdefault("call_note_form", CallNoteForm())
        context["replies"] = list(self.object.replies.select_related("sent_by"))
        if self.object.email:
            context["reply_to"] = inquiry_reply_reply_to(inquiry=self.object, user=self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.POST.get("action") == "reply":
            return self._reply(request)
        if request.POST.get("action") == "resend":
            return self._resend(request)
        if request.POST.get("action") == "call_note":
            return self._call_note(request)
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

    def _reply(self, request):
        form = InquiryReplyForm(request.POST)
        if form.is_valid():
            try:
                reply = inquiry_reply(inquiry=self.object, user=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if reply.created_now:
                    tell_reply_outcome(request, reply=reply, email=self.object.email)
                else:
                    messages.info(request, gettext("Balasan yang sama sudah dikirim; tidak dikirim dua kali."))
                return redirect(reverse("portal:inquiry-detail", kwargs={"pk": self.object.pk}) + "#balas")
        return self.render_to_response(self.get_context_data(reply_form=form), status=200)

    def _call_note(self, request):
        form = CallNoteForm(request.POST)
        if form.is_valid():
            try:
                inquiry_call_note(inquiry=self.object, user=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, gettext("Catatan telepon disimpan bersama balasan."))
                return redirect(reverse("portal:inquiry-detail", kwargs={"pk": self.object.pk}) + "#balas")
        return self.render_to_response(self.get_context_data(call_note_form=form), status=200)

    def _resend(self, request):
        resend_and_tell(request, inquiry=self.object, reply_id=request.POST.get("reply"))
        return redirect(reverse("portal:inquiry-detail", kwargs={"pk": self.object.pk}) + "#balas")


# --- Sales desk: market-trial sales at a booth ------------------------------------------------
# For the officers of the booth's prison and for ministry staff (who work the desk with them);
# anybody else signed in gets 403, and another prison's booth is not found (404).


class SalesDeskAccessMixin(OfficerRequiredMixin):
    """Like OfficerRequiredMixin, but ministry staff pass too (``request.prison`` is None for
    them); which booths each may open is decided by ``sales_desk_booths``."""

    def dispatch(self, request, *args, **kwargs):
        if records_sales_everywhere(request.user):
            request.prison = None
            # Staff have no prison: skip the officer check, keep the login check.
            return super(OfficerRequiredMixin, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class _BoothMixin(SalesDeskAccessMixin):
    def get_booth(self):
        if getattr(self, "booth", None) is None:
            self.booth = get_object_or_404(sales_desk_booths(user=self.request.user), pk=self.kwargs["pk"])
        return self.booth


def _sales_day_info(exhibition: Exhibition) -> dict:
    now = timezone.now()
    today = now.astimezone(exhibition.tzinfo).date()
    return {
        "today": today,
        "is_sales_day": exhibition.start_date <= today <= exhibition.end_date and exhibition.closed_at is None,
        "phase": exhibition_phase(exhibition, now=now),
    }


def _service_error_payload(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        errors = {field: [str(m) for m in field_messages] for field, field_messages in error.message_dict.items()}
        messages_ = [m for field_messages in errors.values() for m in field_messages]
    else:
        errors = {"__all__": [str(m) for m in error.messages]}
        messages_ = errors["__all__"]
    return {"error": " ".join(messages_), "errors": errors}


def _sale_line(sale: Sale) -> str:
    from inmates.templatetags.etalase import format_rupiah

    return gettext("%(quantity)s × %(product)s · %(total)s") % {
        "quantity": sale.quantity,
        "product": sale.product.name,
        "total": format_rupiah(sale.quantity * sale.unit_price),
    }


def _desk_default_exhibition(exhibitions: list[Exhibition]) -> Exhibition | None:
    """The exhibition whose booths the staff's till list opens on: one running today at its
    venue, else the next to start, else the latest (``exhibitions`` newest first). Published or
    not: a market trial's till is not a public page."""
    now = timezone.now()
    phases = [(exhibition_phase(e, now=now), e) for e in exhibitions]
    running = [e for phase, e in phases if phase == "running"]
    upcoming = [e for phase, e in phases if phase == "upcoming"]
    if running:
        return running[0]
    if upcoming:
        return upcoming[-1]  # the soonest
    return exhibitions[0] if exhibitions else None


class SalesDeskListView(SalesDeskAccessMixin, TemplateView):
    """The booths whose sales desk the user may open: an officer's own prison's booths; for
    staff the booths of one exhibition (the running or next one unless ``?pameran=<id>``)."""

    template_name = "portal/sales/desk_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        exhibition = None
        exhibitions = []
        if self.request.prison is None:  # staff: the booths of one exhibition at a time
            exhibitions = list(Exhibition.objects.filter(booths__isnull=False).distinct().order_by("-start_date"))
            by_id = {str(e.pk): e for e in exhibitions}
            exhibition = by_id.get(self.request.GET.get("pameran", "")) or _desk_default_exhibition(exhibitions)
            booths = sales_desk_booth_list(user=user, exhibition=exhibition) if exhibition else []
        else:
            booths = sales_desk_booth_list(user=user)
        context.update(booths=booths, exhibition=exhibition, exhibitions=exhibitions)
        return context


class SalesDeskView(_BoothMixin, TemplateView):
    """The sales desk of one booth, phone first: pick a product, the quantity, the price and the
    payment method, and record; today's sales with their totals, each correctable. Without
    JavaScript the form posts here; with it (static/js/sales_desk.js) entries queue on the phone
    and go to ``SalesDeskRecordView``."""

    template_name = "portal/sales/desk.html"

    def get_form(self, data=None) -> SaleForm:
        return SaleForm(data, products=sales_desk_products(booth=self.get_booth()))

    def viewed_day(self, exhibition: Exhibition, day: dict) -> datetime.date | None:
        """The day whose sales are listed: ``?hari=YYYY-MM-DD`` (one of the exhibition's days),
        ``?hari=semua`` or no sales day today: the whole exhibition (None); else today."""
        asked = self.request.GET.get("hari", "")
        if asked == "semua":
            return None
        try:
            asked_day = datetime.date.fromisoformat(asked)
        except ValueError:
            asked_day = None
        if asked_day is not None and exhibition.start_date <= asked_day <= exhibition.end_date:
            return asked_day
        return day["today"] if day["is_sales_day"] else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booth = self.get_booth()
        exhibition = booth.exhibition
        form = kwargs.get("form") or self.get_form()
        day = _sales_day_info(exhibition)
        viewed = self.viewed_day(exhibition, day)
        # The desk (product tiles and form) is open on a sales day, for today's list only.
        desk_open = day["is_sales_day"] and viewed == day["today"]
        # The product tiles are drawn on a sales day only; a big prison has thousands of them.
        products = list(sales_desk_products(booth=booth)) if desk_open else []
        left = stock_left(delegation_id=booth.delegation_id) if products else {}
        chosen_product = str(form["product"].value() or "")
        chosen_method = str(form["payment_method"].value() or Sale.PaymentMethod.CASH)
        for product in products:
            product.thumb = next(iter(product.images.all()), None)
            product.is_chosen = str(product.pk) == chosen_product
            product.left = left.get(product.pk)  # None: no stock line recorded
            product.over = -product.left if product.left is not None and product.left < 0 else 0
        if viewed is None:
            sales = sales_desk_all(booth=booth)
            totals_label, list_title = gettext("Pendapatan selama pameran"), gettext("Penjualan selama pameran")
            empty_text = gettext("Belum ada penjualan di stan ini.")
        elif viewed == day["today"]:
            sales = sales_desk_day(booth=booth, day=viewed)
            totals_label, list_title = gettext("Pendapatan hari ini"), gettext("Penjualan hari ini")
            empty_text = gettext("Belum ada penjualan hari ini.")
        else:
            sales = sales_desk_day(booth=booth, day=viewed)
            when = date_format(viewed, "l, j F Y")
            totals_label = gettext("Pendapatan %(day)s") % {"day": date_format(viewed, "j F")}
            list_title = gettext("Penjualan %(day)s") % {"day": when}
            empty_text = gettext("Tidak ada penjualan pada hari itu.")
        totals = sale_totals(sales)
        sales = list(sales)
        days = [] if desk_open else sales_desk_days(booth=booth)  # today's desk only links to it
        # The whole exhibition's view also names the delegation's sales that staff recorded without
        # a booth: the stock and the reports count them, so the officer sees why those differ.
        without_booth = sales_without_booth(delegation=booth.delegation) if viewed is None else None
        context.update(
            booth=booth,
            exhibition=exhibition,
            delegation=booth.delegation,
            products=products,
            form=form,
            payment_buttons=[
                {"value": value, "label": label, "checked": value == chosen_method}
                for value, label in PAYMENT_BUTTON_LABELS.items()
            ],
            sales=sales,
            totals=totals,
            totals_label=totals_label,
            list_title=list_title,
            empty_text=empty_text,
            viewed_day=viewed,
            show_dates=viewed is None,
            without_booth=without_booth if without_booth and without_booth["sale_count"] else None,
            desk_open=desk_open,
            days=days if len(days) > 1 or viewed is None else [],
            days_total={name: sum(row[name] for row in days) for name in ("revenue", "items", "sale_count")},
            is_staff_view=self.request.prison is None,
            **day,
        )
        return context

    def post(self, request, *args, **kwargs):
        booth = self.get_booth()
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sale = sale_record(
                    booth=booth,
                    product=data["product"],
                    quantity=data["quantity"],
                    unit_price=data["unit_price"],
                    payment_method=data["payment_method"],
                    user=request.user,
                    idempotency_key=data["idempotency_key"],
                    sold_at=data["sold_at"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if sale.created_now:
                    messages.success(request, gettext("Tercatat: %(sale)s.") % {"sale": _sale_line(sale)})
                    if warning := _overrun_warning(sale):
                        messages.warning(request, warning)
                else:
                    messages.info(request, gettext("Penjualan ini sudah tercatat sebelumnya; tidak dicatat dua kali."))
                return redirect("portal:sales-desk", pk=booth.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _overrun_warning(sale) -> str:
    """A warning when the booth has now sold more of the product than its stock line says was
    brought (found by a new user's probe: 99 sold of 2 brought went by unremarked), else ""."""
    overrun = stock_overrun(delegation_id=sale.delegation_id, product_id=sale.product_id)
    if overrun is None:
        return ""
    sold, brought = overrun
    return gettext(
        "Periksa: %(product)s sudah terjual %(sold)s, padahal yang dibawa %(brought)s. Bila jumlahnya "
        "keliru, koreksi penjualan ini; bila stok yang dibawa lebih banyak, perbaiki catatan stok."
    ) % {"product": sale.product.name, "sold": sold, "brought": brought}


class SalesDeskRecordView(_BoothMixin, View):
    """JSON endpoint of the offline queue: POST one entry (JSON: product, quantity, unit_price,
    payment_method, idempotency_key, sold_at, and price_confirmed "1" once the phone asked about a
    price far from the catalogue's). 201 with the sale when stored, 200 with the same
    sale when the key was stored before, 400 with ``error`` (a sentence to show) when invalid;
    another prison's booth 404."""

    def get(self, request, *args, **kwargs):
        self.get_booth()  # another prison's booth: 404, never "method not allowed"
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        booth = self.get_booth()
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):  # too deeply nested: unreadable too
            data = None
        # An entry is flat: each value one JSON string, number or null, as a form field would be
        # (Django's fields expect text, and a list where a time belongs was a server error).
        # JSON true/false are not values of any field (and bool is an int to Python).
        if not isinstance(data, dict) or not all(
            value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))
            for value in data.values()
        ):
            return JsonResponse({"error": gettext("Data penjualan tidak terbaca."), "errors": {}}, status=400)
        # Numbers as the text a form would send: a number where a time belongs is then an
        # invalid time (400), not an AttributeError in Django's field (500).
        data = {key: value if value is None or isinstance(value, str) else str(value) for key, value in data.items()}
        form = SaleForm(data, products=sales_desk_products(booth=booth))
        # A time without a zone is the hall's clock, not the server's (found by a ministry probe:
        # 10.00 sent for a Makassar booth was stored as 10.00 WIB, shown as 11.00 WITA).
        with timezone.override(booth.exhibition.tzinfo):
            valid = form.is_valid()
        if not valid:
            errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
            text = " ".join(m for msgs in errors.values() for m in msgs)
            return JsonResponse({"error": text, "errors": errors}, status=400)
        cleaned = form.cleaned_data
        try:
            sale = sale_record(
                booth=booth,
                product=cleaned["product"],
                quantity=cleaned["quantity"],
                unit_price=cleaned["unit_price"],
                payment_method=cleaned["payment_method"],
                user=request.user,
                idempotency_key=cleaned["idempotency_key"],
                sold_at=cleaned["sold_at"],
            )
        except ValidationError as error:
            return JsonResponse(_service_error_payload(error), status=400)
        sale.is_reversed = Sale.objects.filter(reverses=sale).exists()
        exhibition = booth.exhibition
        today = _sales_day_info(exhibition)["today"]
        payload = {
            "sale": {
                "id": sale.pk,
                "idempotency_key": str(sale.idempotency_key),
                "product": sale.product.name,
                "product_id": sale.product_id,
                "quantity": sale.quantity,
                "unit_price": sale.unit_price,
                "total": sale.total,
                "payment_method": sale.payment_method,
                # In the venue's zone whatever zone the entry was written in: the first answer
                # and a repeat of it (read back from the database, in UTC) give the same text.
                "sold_at": sale.sold_at.astimezone(exhibition.tzinfo).isoformat(),
            },
            "created": sale.created_now,
            # What the tile says is left now (null without a stock line).
            "stock_left": stock_left(delegation_id=sale.delegation_id, product_id=sale.product_id).get(sale.product_id),
            "message": _sale_line(sale),
            "warning": _overrun_warning(sale),
            "is_today": sale.sold_at.astimezone(exhibition.tzinfo).date() == today,
            "row_html": render_to_string(
                "portal/sales/_sale_row.html", {"sale": sale, "booth": booth, "exhibition": exhibition}, request
            ),
            "totals_html": render_to_string(
                "portal/sales/_totals.html",
                {"totals": sales_desk_day_totals(booth=booth, day=today), "exhibition": exhibition},
                request,
            ),
        }
        return JsonResponse(payload, status=201 if sale.created_now else 200)


class SaleReverseView(_BoothMixin, TemplateView):
    """Correct a sale of this booth: GET asks to confirm, POST records the reversing entry (the
    original stays). A sale of another booth is not found."""

    template_name = "portal/sales/sale_reverse.html"

    def get_sale(self) -> Sale:
        booth = self.get_booth()
        return get_object_or_404(
            # The holder's own sales only (``sales_desk_all``): not those of a delegation that
            # held the booth before.
            Sale.objects.filter(booth=booth, delegation_id=booth.delegation_id)
            .select_related("product", "reverses", "recorded_by")
            .annotate(is_reversed=Exists(Sale.objects.filter(reverses=OuterRef("pk")))),
            pk=self.kwargs["sale"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booth = self.get_booth()
        # (kwargs["sale"] is the id from the URL; the row is looked up within the booth.)
        context.update(
            booth=booth,
            exhibition=booth.exhibition,
            sale=(sale := self.get_sale()),
            form=kwargs.get("form") or SaleReverseForm(sale=sale),
        )
        return context

    def post(self, request, *args, **kwargs):
        booth = self.get_booth()
        sale = self.get_sale()
        form = SaleReverseForm(request.POST, sale=sale)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        if data["replace"]:
            return self._correct_and_record(booth=booth, sale=sale, form=form)
        try:
            reversal = sale_reverse(sale=sale, user=request.user, idempotency_key=data["idempotency_key"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if reversal.created_now:
                messages.success(
                    request,
                    gettext("Dikoreksi: %(sale)s. Catatan aslinya tetap tersimpan.") % {"sale": _sale_line(sale)},
                )
        return redirect("portal:sales-desk", pk=booth.pk)

    def _correct_and_record(self, *, booth, sale, form):
        data = form.cleaned_data
        try:
            reversal, replacement = sale_correct(
                sale=sale,
                user=self.request.user,
                idempotency_key=data["idempotency_key"],
                quantity=data["quantity"],
                unit_price=data["unit_price"],
                payment_method=data["payment_method"],
            )
        except ValidationError as error:
            _service_errors_on(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if reversal.created_now:
            messages.success(
                self.request,
                gettext("Dikoreksi: %(old)s, dicatat yang benar: %(new)s (pada waktu penjualan semula).")
                % {"old": _sale_line(sale), "new": _sale_line(replacement)},
            )
        else:  # the same sending again: said, whatever the boxes now hold
            messages.info(
                self.request,
                gettext("Koreksi ini sudah tercatat sebelumnya: %(new)s (tidak dicatat dua kali).")
                % {"new": _sale_line(replacement)},
            )
        return redirect("portal:sales-desk", pk=booth.pk)


def _service_errors_on(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields and field != "idempotency_key" else None, field_errors)
    else:
        form.add_error(None, error)


# --- Stock brought to the fair (officers of the delegation's prison) -------------------------

from django.db.models import Prefetch  # noqa: E402

from exhibitions.models import Competition  # noqa: E402


class StockListView(OfficerRequiredMixin, TemplateView):
    """The prison's accepted delegations, each leading to its stock count."""

    template_name = "portal/stock/stock_list.html"

    def get_context_data(self, **kwargs):
        from exhibitions.selectors import portal_stock_delegations

        context = super().get_context_data(**kwargs)
        context["delegations"] = list(portal_stock_delegations(user=self.request.user))
        return context


class StockUpdateView(PrisonScopedMixin, DetailView):
    """Brought in, returned and lost or damaged per product of one of the prison's delegations,
    with sold from the sales; another prison's delegation is 404. Read-only once the exhibition is closed."""

    model = Delegation
    context_object_name = "delegation"
    template_name = "portal/stock/stock_form.html"

    def get_queryset(self):
        return super().get_queryset().filter(status=Delegation.Status.ACCEPTED).select_related("exhibition")

    def _form(self, data=None):
        from exhibitions.fair_forms import StockCountForm
        from exhibitions.selectors import stock_listed_products, stock_reconciliation

        rows = {
            row.product_id: row
            for row in stock_reconciliation(exhibition=self.object.exhibition, delegation=self.object)
        }
        # Listed: the products the delegation shows, and any other it has stock or sales of.
        shown = list(stock_listed_products(delegation=self.object, also=rows))
        initial = {}
        for product in shown:
            row = rows.get(product.pk)
            if row is not None and row.line_id is not None:
                initial[f"in_{product.pk}"] = row.brought_in
                initial[f"back_{product.pk}"] = row.returned
                initial[f"lost_{product.pk}"] = row.lost or None
        form = StockCountForm(data, products=shown, initial=initial)
        form.table = [
            {
                "product": product,
                "row": rows.get(product.pk),
                "in_field": form[f"in_{product.pk}"],
                "back_field": form[f"back_{product.pk}"],
                "lost_field": form[f"lost_{product.pk}"],
            }
            for product in shown
        ]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["closed"] = self.object.exhibition.closed_at is not None
        return context

    def post(self, request, *args, **kwargs):
        from exhibitions.services import stock_record_lines

        self.object = self.get_object()
        if self.object.exhibition.closed_at is not None:
            messages.error(request, gettext("Pameran sudah ditutup; stok tidak dapat diubah lagi."))
            return redirect("portal:stock-update", pk=self.object.pk)
        form = self._form(request.POST)
        if form.is_valid():
            try:
                stock_record_lines(delegation=self.object, lines=form.lines(), user=request.user)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, gettext("Stok tersimpan."))
                return redirect("portal:stock-update", pk=self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


# --- Jury (users of the Juri group; entries by blind code only) -------------------------------


class JuryListView(JurorRequiredMixin, TemplateView):
    """The competitions the juror judges, each with their assigned entries and progress."""

    template_name = "portal/jury/jury_list.html"

    def get_context_data(self, **kwargs):
        from exhibitions.selectors import juror_competitions

        context = super().get_context_data(**kwargs)
        context["competitions"] = juror_competitions(user=self.request.user)
        return context


class JuryEntryView(JurorRequiredMixin, DetailView):
    """Score one assigned entry, per criterion 0-100. Before the round closes the juror sees
    only their own scores; afterwards everyone's for this entry (still by code, never the
    delegation). An entry not assigned to the juror is 404, for GET and POST alike."""

    template_name = "portal/jury/jury_entry.html"
    context_object_name = "entry"

    def get_queryset(self):
        from exhibitions.selectors import juror_entries
        from products.selectors import publicly_served_images

        return (
            juror_entries(user=self.request.user)
            .select_related("competition__exhibition", "product")
            .prefetch_related(
                # Only photos the juror's browser may fetch (a maker may withhold theirs).
                Prefetch("product__images", queryset=publicly_served_images().order_by("position", "id"))
            )
        )

    def _form(self, data=None):
        from exhibitions.fair_forms import JudgeScoreForm
        from exhibitions.selectors import juror_own_scores

        criteria = self.object.competition.criteria.all()
        own = juror_own_scores(entry=self.object, user=self.request.user)
        initial = {f"criterion_{pk}": score for pk, score in own.items()}
        return JudgeScoreForm(data, criteria=criteria, initial=initial)

    def get_context_data(self, **kwargs):
        from exhibitions.selectors import competition_score_sheet, juror_entries

        context = super().get_context_data(**kwargs)
        entry, competition = self.object, self.object.competition
        context["competition"] = competition
        context["image"] = next(iter(entry.product.images.all()), None) if entry.product else None
        if context["image"] is None:
            from products.selectors import unserved_photos_reason

            # The officers see the photos the juror does not: say why, never whose consent.
            context["no_photo_reason"] = unserved_photos_reason(product=entry.product) if entry.product else "none"
        if competition.scoring_closed:
            # The round is over: every juror's scores of this entry, by juror, and its rank.
            sheet = {row.entry.pk: row for row in competition_score_sheet(competition=competition)}
            row = sheet.get(entry.pk)
            criteria = list(competition.criteria.all())
            context["sheet_row"] = row
            context["criteria"] = criteria
            # One line per criterion (the jurors side by side): narrow enough for a phone.
            context["score_lines"] = [
                (criterion, [marks[i] for _judge, marks in row.judges], row.averages[i])
                for i, criterion in enumerate(criteria)
            ] if row else []
        else:
            context.setdefault("form", self._form())
        codes = list(
            juror_entries(user=self.request.user)
            .filter(competition=competition)
            .order_by("entry_code")
            .values_list("pk", "entry_code")
        )
        position = next((i for i, (pk, _code) in enumerate(codes) if pk == entry.pk), 0)
        context["previous_entry"] = codes[position - 1][0] if position > 0 else None
        context["next_entry"] = codes[position + 1][0] if position + 1 < len(codes) else None
        context["position"], context["entry_total"] = position + 1, len(codes)
        return context

    def post(self, request, *args, **kwargs):
        from exhibitions.services import judge_scores_submit

        self.object = self.get_object()
        if self.object.competition.scoring_closed:
            messages.error(request, gettext("Penilaian sudah ditutup; nilai tidak dapat diubah."))
            return redirect("portal:jury-entry", pk=self.object.pk)
        form = self._form(request.POST)
        if form.is_valid():
            try:
                judge_scores_submit(entry=self.object, user=request.user, scores=form.scores())
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request, gettext("Nilai untuk %(code)s tersimpan.") % {"code": self.object.entry_code}
                )
                next_entry = request.POST.get("next")
                # isdecimal, not isdigit: "²" is a digit that int() refuses (a server error).
                if next_entry and next_entry.isdecimal():
                    return redirect("portal:jury-entry", pk=int(next_entry))
                return redirect("portal:jury-list")
        return self.render_to_response(self.get_context_data(form=form))


class JuryResultsView(JurorRequiredMixin, DetailView):
    """The ranking and every juror's scores of a competition the juror judges, once the round is
    closed (before that: only a note). Entries by code; delegations never shown. Another
    competition is 404."""

    template_name = "portal/jury/jury_results.html"
    context_object_name = "competition"

    def get_queryset(self):
        return Competition.objects.filter(jurors=self.request.user).select_related("exhibition")

    def get_context_data(self, **kwargs):
        from exhibitions.selectors import competition_score_sheet, heaviest_criterion

        context = super().get_context_data(**kwargs)
        criteria = list(self.object.criteria.all())
        context["criteria"] = criteria
        context["heaviest"] = heaviest_criterion(criteria)
        closed = self.object.scoring_closed
        context["sheet"] = competition_score_sheet(competition=self.object) if closed else []
        return context

    def post(self, request, *args, **kwargs):
        self.get_object()
        return HttpResponseNotAllowed(["GET", "HEAD"])
