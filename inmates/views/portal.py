"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins.

Every view here runs behind OfficerRequiredMixin (anonymous -> login, non-officer -> 403, sets
``request.prison``); views of one participant fetch it through PrisonScopedMixin, so another
prison's participant is a 404. The prison of a new participant is ``request.prison``, never a
posted value. Writes go through inmates.services.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from inmates import imports
from inmates.forms import (
    ConsentForm,
    InmateFilterForm,
    InmateImportForm,
    InmateRegisterForm,
    InmateUpdateForm,
    ReleaseForm,
    TransferForm,
)
from inmates.kept_uploads import staged_files_discard
from inmates.models import Inmate, Prison
from inmates.portal import OfficerRequiredMixin, PrisonScopedMixin
from inmates.selectors import (
    inmate_consent_history,
    inmate_portal_list,
    inmate_public_products,
    inmate_trainings,
)
from inmates.services import (
    consent_give,
    consent_withdraw,
    inmate_register,
    inmate_release,
    inmate_status_undo,
    inmate_transfer,
    inmate_update,
    inmates_import,
)


def _add_service_errors(form, error: ValidationError) -> None:
    # A service's ValidationError keyed by field lands next to that field; others above the form.
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class InmateListView(PrisonScopedMixin, ListView):
    model = Inmate
    paginate_by = 25
    template_name = "portal/inmates/inmate_list.html"
    context_object_name = "inmates"

    def get_queryset(self):
        self.filter_form = InmateFilterForm(self.request.GET or None, prison=self.request.prison)
        self.filters = self.filter_form.filters()
        return inmate_portal_list(user=self.request.user, **self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            filtered=any(self.filters.values()),
            page_query=query.urlencode(),
        )
        return context


class InmateCreateView(OfficerRequiredMixin, FormView):
    form_class = InmateRegisterForm
    template_name = "portal/inmates/inmate_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prison": self.request.prison}

    def form_valid(self, form):
        try:
            inmate = inmate_register(
                prison=self.request.prison,
                user=self.request.user,
                consent=form.consent_choices(),
                **form.inmate_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        if form.consent_choices() is None:
            messages.success(
                self.request,
                _("%(name)s terdaftar. Persetujuan publikasi belum dicatat: tidak ada yang tampil di publik.")
                % {"name": inmate.legal_name},
            )
        else:
            messages.success(
                self.request,
                _("%(name)s terdaftar, beserta persetujuan publikasinya.") % {"name": inmate.legal_name},
            )
        if self.request.POST.get("then") == "another":
            return redirect("portal:inmate-create")
        return redirect("portal:inmate-detail", pk=inmate.pk)


CONSENT_SHORT_LABELS = (
    ("display_name_public", gettext_lazy("nama")),
    ("story_public", gettext_lazy("kisah")),
    ("work_photos_public", gettext_lazy("foto karya")),
    ("face_public", gettext_lazy("wajah")),
)


class InmateDetailView(PrisonScopedMixin, DetailView):
    model = Inmate
    template_name = "portal/inmates/inmate_detail.html"
    context_object_name = "inmate"

    def get_queryset(self):
        return super().get_queryset().select_related("workshop")

    def post(self, request, *args, **kwargs):
        # Nothing to post here; but another prison's id is "not found" for every method alike.
        self.get_object()
        return HttpResponseNotAllowed(["GET", "HEAD"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consents = list(inmate_consent_history(inmate=self.object))
        for consent in consents:
            consent.allowed = [str(label) for flag, label in CONSENT_SHORT_LABELS if getattr(consent, flag)]
        context.update(
            consents=consents,
            current_consent=next((c for c in consents if c.withdrawn_on is None), None),
            participations=inmate_trainings(inmate=self.object),
        )
        return context


class InmateUpdateView(PrisonScopedMixin, UpdateView):
    model = Inmate
    form_class = InmateUpdateForm
    template_name = "portal/inmates/inmate_form.html"
    context_object_name = "inmate"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prison": self.request.prison}

    def form_valid(self, form):
        try:
            inmate_update(
                inmate=self.object,
                user=self.request.user,
                public_texts_agreed=form.cleaned_data["public_texts_agreed"],
                **form.inmate_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Data peserta disimpan."))
        return redirect("portal:inmate-detail", pk=self.object.pk)


class InmateActionMixin(PrisonScopedMixin, SingleObjectMixin):
    """A form about one participant of the officer's prison (404 for any other)."""

    model = Inmate
    context_object_name = "inmate"
    only_active = False

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if refused := self.refuse():
            return refused
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if refused := self.refuse():
            return refused
        return super().post(request, *args, **kwargs)

    def refuse(self):
        if self.only_active and self.object.status != Inmate.Status.ACTIVE:
            messages.warning(
                self.request,
                _("%(name)s tidak lagi berstatus aktif.") % {"name": self.object.legal_name},
            )
            return redirect("portal:inmate-detail", pk=self.object.pk)
        return None

    def get_success_url(self):
        return reverse("portal:inmate-detail", kwargs={"pk": self.object.pk})


class InmateConsentView(InmateActionMixin, FormView):
    form_class = ConsentForm
    template_name = "portal/inmates/consent_form.html"

    def current_consent(self):
        if not hasattr(self, "_current"):
            self._current = (
                inmate_consent_history(inmate=self.object).filter(withdrawn_on__isnull=True).first()
            )
        return self._current

    def get_initial(self):
        # The form starts from what is in force now: the officer changes only what the inmate changed.
        current = self.current_consent()
        if current is None:
            return {}
        return {name: getattr(current, name) for name in ConsentForm.Meta.fields if name not in ("notes", "document")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inmate": self.object, "kept_user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_consent=self.current_consent(), **kwargs)

    def form_valid(self, form):
        current = self.current_consent()
        consent = consent_give(
            inmate=self.object,
            user=self.request.user,
            document=form.cleaned_data.get("document") or None,
            **form.consent_choices(),
        )
        staged_files_discard(user=self.request.user, tokens=[token for token, _name in form.kept.values()])
        if current is not None and consent.pk == current.pk:
            messages.info(self.request, _("Persetujuan yang sama sudah berlaku; tidak ada yang diubah."))
        else:
            messages.success(self.request, _("Persetujuan publikasi dicatat."))
        return super().form_valid(form)


class InmateConsentWithdrawView(InmateActionMixin, TemplateView):
    """GET asks for confirmation; only POST withdraws."""

    template_name = "portal/inmates/consent_withdraw.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_consent"] = (
            inmate_consent_history(inmate=self.object).filter(withdrawn_on__isnull=True).first()
        )
        # Products crediting the maker stay in the catalogue (the prison's work), without the
        # maker's name or photos: say so before the officer confirms (found by a probe).
        from products.services import products_naming_maker

        naming = products_naming_maker(inmate=self.object)
        named = {product.pk for product in naming}
        context["public_products"] = [p for p in inmate_public_products(inmate=self.object)[:20] if p.pk not in named]
        # Those whose own text names the person go back to the officers to be renamed.
        context["naming_products"] = naming
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if consent_withdraw(inmate=self.object, user=request.user) is None:
            messages.info(request, _("Tidak ada persetujuan yang berlaku; tidak ada yang diubah."))
        else:
            messages.success(
                request,
                _(
                    "Persetujuan dicabut. Nama, kisah dan foto karya %(name)s tidak lagi tampil "
                    "di halaman publik."
                )
                % {"name": self.object.legal_name},
            )
        return HttpResponseRedirect(self.get_success_url())


def _tell_trainings_left(request, inmate) -> None:
    """Say which upcoming trainings the released or transferred participant left (their seats
    went to the next on each waiting list)."""
    from programs.services import trainings_left_message

    if left := getattr(inmate, "left_trainings", []):
        messages.info(request, trainings_left_message(inmate=inmate, left=left))


class InmateReleaseView(InmateActionMixin, FormView):
    form_class = ReleaseForm
    template_name = "portal/inmates/inmate_release.html"
    only_active = True

    def form_valid(self, form):
        try:
            released = inmate_release(inmate=self.object, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s ditandai bebas.") % {"name": self.object.legal_name})
        _tell_trainings_left(self.request, released)
        return super().form_valid(form)


class InmateStatusUndoView(InmateActionMixin, TemplateView):
    """Undo a release or a transfer recorded by mistake: a page that asks, then the POST."""

    template_name = "portal/inmates/inmate_status_undo.html"

    def refuse(self):
        if self.object.status == Inmate.Status.ACTIVE:
            return redirect("portal:inmate-detail", pk=self.object.pk)
        return None

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if refused := self.refuse():
            return refused
        try:
            inmate_status_undo(inmate=self.object, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s kembali berstatus aktif.") % {"name": self.object.legal_name})
            from programs.selectors import upcoming_trainings_left

            left = upcoming_trainings_left(inmate=self.object)
            if left:
                # Their seats went to who waited: not taken back without a word (found by a review).
                messages.info(
                    request,
                    _("Pelatihan yang ditinggalkannya tidak kembali otomatis: %(trainings)s. Usulkan lagi bila perlu.")
                    % {"trainings": ", ".join(training.title for training in left)},
                )
        return redirect("portal:inmate-detail", pk=self.object.pk)


class InmateTransferView(InmateActionMixin, FormView):
    form_class = TransferForm
    template_name = "portal/inmates/inmate_transfer.html"
    only_active = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["prison_names"] = (
            Prison.objects.filter(is_active=True)
            .exclude(pk=self.request.prison.pk)
            .order_by("name")
            .values_list("name", flat=True)
        )
        return context

    def form_valid(self, form):
        try:
            moved = inmate_transfer(inmate=self.object, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s ditandai dipindahkan ke %(to)s.")
            % {"name": self.object.legal_name, "to": form.cleaned_data["transferred_to"]},
        )
        _tell_trainings_left(self.request, moved)
        return super().form_valid(form)


IMPORT_SESSION_KEY = "inmate_import"
PREVIEW_ROWS_SHOWN = 200


class InmateImportView(OfficerRequiredMixin, View):
    """Upload -> preview (every row error listed, or the rows to be saved) -> confirm.

    The checked rows wait in the session between preview and confirm (no file is kept on disk);
    the confirm re-checks them inside the saving transaction. Opening the page afresh discards a
    pending preview, so the personal data does not linger there.
    """

    template_name = "portal/inmates/inmate_import.html"

    def show(self, **context):
        context.setdefault("form", InmateImportForm(prison=self.request.prison))
        context.update(
            max_rows=imports.MAX_ROWS,
            columns=imports.COLUMNS,
            preview_rows_shown=PREVIEW_ROWS_SHOWN,
            example_name=imports.example_name(self.request.prison),
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        request.session.pop(IMPORT_SESSION_KEY, None)
        return self.show()

    def post(self, request, *args, **kwargs):
        if request.POST.get("step") == "confirm":
            return self.confirm()
        request.session.pop(IMPORT_SESSION_KEY, None)
        form = InmateImportForm(request.POST, request.FILES, prison=request.prison)
        if not form.is_valid():
            return self.show(form=form)
        preview = form.preview
        token = ""
        if preview.is_valid:
            token = uuid.uuid4().hex
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "prison": request.prison.pk,
                "filename": form.cleaned_data["file"].name,
                "rows": preview.rows,
            }
        return self.show(
            form=form,
            preview=preview,
            token=token,
            filename=form.cleaned_data["file"].name,
        )

    def confirm(self):
        request = self.request
        pending = request.session.pop(IMPORT_SESSION_KEY, None)
        if (
            not pending
            or pending.get("token") != request.POST.get("token")
            or pending.get("prison") != request.prison.pk
        ):
            messages.warning(request, _("Pratinjau impor sudah tidak berlaku. Unggah berkasnya lagi."))
            return redirect("portal:inmate-import")
        try:
            created = inmates_import(prison=request.prison, user=request.user, rows=pending["rows"])
        except ValidationError as error:
            return self.show(confirm_errors=error.messages)
        messages.success(
            request,
            ngettext(
                "%(count)d peserta diimpor dari %(file)s.",
                "%(count)d peserta diimpor dari %(file)s.",
                len(created),
            )
            % {"count": len(created), "file": pending.get("filename", "")},
        )
        return redirect("portal:inmate-list")


class InmateImportTemplateView(OfficerRequiredMixin, View):
    """The import template, ``?format=xlsx`` or ``csv`` (default): header and one example row."""

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "csv")
        if fmt == "xlsx":
            body = imports.template_xlsx(prison=request.prison)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif fmt == "csv":
            body = imports.template_csv(prison=request.prison)
            content_type = "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="templat-peserta.{fmt}"'
        return response
