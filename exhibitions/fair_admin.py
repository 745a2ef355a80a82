"""Back-office pieces for running an exhibition: the forms and formsets of the booth, programme,
criterion and entry inlines, and the staff pages (booth list, floor list per zone, stock
reconciliation and closing, today's visitor count, a competition's results). exhibitions/admin.py
wires them into the ModelAdmins; every write goes through exhibitions/services.py."""

import datetime
from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, Sum
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.admin_input import CaseFreeUniqueRowsMixin, LabelledUniqueErrorsMixin, pk_or_404
from config.validators import validate_plausible_date
from exhibitions.models import (
    Booth,
    Competition,
    CompetitionEntry,
    Delegation,
    Exhibition,
    ProgrammeItem,
    juror_candidates,
    programme_clash_message,
)
from exhibitions.selectors import (
    STOCK_MISMATCH,
    STOCK_OK,
    STOCK_PENDING,
    booth_floor,
    booth_list,
    competition_score_sheet,
    delegations_short_of_booths,
    heaviest_criterion,
    jurors_with_scores,
    stock_problems,
    stock_reconciliation,
)
from exhibitions.services import (
    booth_assign,
    booth_assignment_error,
    competition_close_scoring,
    competition_publish,
    criteria_weight_error,
    exhibition_close,
    exhibition_close_not_yet_message,
    exhibition_close_opens_later,
    exhibition_today,
    new_entry_code,
    product_quota_message,
    programme_item_hours_warning,
    programme_item_save,
    stock_line_error,
    visitor_count_day_error,
    visitor_count_record,
)
from inmates.form_fields import IdMultipleChoiceField, WholeNumberField, WholeNumberInput
from inmates.roles import JURY, PRISON_OFFICER
from products.forms import IMAGE_ACCEPT
from products.images import clean_upload


def _service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# --- Booths ---------------------------------------------------------------------------------


class BoothFormSet(CaseFreeUniqueRowsMixin, LabelledUniqueErrorsMixin, BaseInlineFormSet):
    """The booths of one exhibition. A changed assignment must pass ``booth_assignment_error``
    (accepted, same exhibition, within the delegation's booth quota counting every row here).

    ``posted_quotas`` ({delegation id: booth quota}) are the quotas typed in the delegation rows
    of the same page, saved before the booths: raising a quota and giving the booths in one save
    works (found by a probe). Rows already held count first; of the newly given ones, only those
    beyond the quota are marked."""

    case_free_unique = "code"

    def __init__(self, *args, posted_quotas: dict[int, int] | None = None, **kwargs):
        self.posted_quotas = posted_quotas or {}
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("delegation")
        ]
        held = Counter(form.cleaned_data["delegation"].pk for form in rows if "delegation" not in form.changed_data)
        given = Counter()
        for form in rows:
            if "delegation" not in form.changed_data:
                continue
            delegation = form.cleaned_data["delegation"]
            if delegation.pk in self.posted_quotas:
                delegation.booth_quota = self.posted_quotas[delegation.pk]
            form.instance.exhibition_id = self.instance.pk
            problem = booth_assignment_error(
                booth=form.instance,
                delegation=delegation,
                assigned_elsewhere=held[delegation.pk] + given[delegation.pk],
            )
            given[delegation.pk] += 1
            if problem:
                form.add_error("delegation", problem)


def posted_booth_quotas(data, prefix: str = "delegations") -> dict[int, int]:
    """{delegation id: booth quota} as typed in the delegation rows of a posted exhibition page
    (rows whose numbers do not read are left out: their own form reports them)."""
    quotas = {}
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except (TypeError, ValueError):
        return quotas
    for index in range(total):
        pk, quota = data.get(f"{prefix}-{index}-id", ""), data.get(f"{prefix}-{index}-booth_quota", "")
        # isdecimal, not isdigit: int() refuses "²", a digit (a server error).
        if pk.isdecimal() and len(pk) < 19 and quota.isdecimal() and len(quota) < 6:
            quotas[int(pk)] = int(quota)
    return quotas


def limit_booth_delegations(field, exhibition: Exhibition | None) -> None:
    """Offer only the exhibition's accepted delegations (a booth's current one stays valid)."""
    if exhibition is None or exhibition.pk is None:
        field.queryset = Delegation.objects.none()
    else:
        field.queryset = Delegation.objects.filter(
            exhibition=exhibition, status=Delegation.Status.ACCEPTED
        ).order_by("name")
    # On the exhibition's own page its name after every delegation's only made the list wide.
    field.label_from_instance = lambda delegation: delegation.name


class ExhibitionAdminForm(forms.ModelForm):
    """The exhibition form of the back office. A banner is shown on public pages, so a new one is
    re-encoded like a product photo (products.images.clean_upload): its real type checked, size
    and pixel limits, and no EXIF (no GPS position of the hall or the camera) kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "banner" in self.fields:
            # A plain file field: clean_upload, not Django's image field, judges the file, so a
            # bad one gets the same precise message as a product photo.
            old = self.fields["banner"]
            old.widget.attrs["accept"] = IMAGE_ACCEPT
            self.fields["banner"] = forms.FileField(
                label=old.label,
                required=False,
                widget=old.widget,
                help_text=_("JPEG, PNG atau WebP, paling besar 10 MB."),
            )

    def clean_banner(self):
        banner = self.cleaned_data.get("banner")
        if isinstance(banner, UploadedFile):
            return clean_upload(banner).content
        return banner


class BoothAdminForm(forms.ModelForm):
    class Meta:
        model = Booth
        fields = ("exhibition", "code", "zone", "size", "delegation")

    def clean(self):
        cleaned = super().clean()
        exhibition, delegation = cleaned.get("exhibition"), cleaned.get("delegation")
        changed = {"delegation", "exhibition"} & set(self.changed_data)
        if exhibition and delegation and changed and delegation.exhibition_id == exhibition.pk:
            probe = Booth(pk=self.instance.pk, exhibition_id=exhibition.pk)
            problem = booth_assignment_error(booth=probe, delegation=delegation)
            if problem:
                self.add_error("delegation", problem)
        return cleaned


def save_booths(request, *, booths: list[Booth]) -> None:
    """Save ``booths`` (new or changed rows of a form) with their assignments made through
    ``booth_assign``: every booth losing its delegation is freed first, so moving delegations
    between booths never trips a quota halfway."""
    stored = dict(
        Booth.objects.filter(pk__in=[b.pk for b in booths if b.pk]).values_list("pk", "delegation_id")
    )
    wanted = []
    for booth in booths:
        desired = booth.delegation_id
        booth.delegation_id = stored.get(booth.pk)
        booth.save()
        if desired != booth.delegation_id:
            wanted.append((booth, desired))
    for booth, _desired in wanted:
        if booth.delegation_id is not None:
            booth_assign(booth=booth, delegation=None, user=request.user)
    for booth, desired in wanted:
        if desired is not None:
            booth_assign(booth=booth, delegation=Delegation.objects.get(pk=desired), user=request.user)


# --- Stock ---------------------------------------------------------------------------------------


class StockLineAdminForm(forms.ModelForm):
    """Checks what ``stock_record`` checks, so a refusal shows next to the field, never as an
    error page. In the delegation's inline the delegation is the page's own."""

    def clean(self):
        cleaned = super().clean()
        delegation = cleaned.get("delegation") or (self.instance.delegation if self.instance.delegation_id else None)
        product = cleaned.get("product")
        if delegation is not None and product is not None and self.has_changed():
            problem = stock_line_error(delegation=delegation, product=product)
            if problem is not None:
                if hasattr(problem, "error_dict"):
                    for field, errors in problem.error_dict.items():
                        # In the delegation's inline its delegation is a hidden field, whose error
                        # the page never shows (found by a staff probe: only "Please correct the
                        # error below"): said above the row instead.
                        shown = field in self.fields and not self.fields[field].widget.is_hidden
                        self.add_error(field if shown else None, errors)
                else:
                    self.add_error(None, problem)
        return cleaned


def stock_closed(exhibition: Exhibition | None) -> bool:
    """Once the exhibition is closed its stock lines may no longer be deleted."""
    return exhibition is not None and exhibition.closed_at is not None


class VisitorCountAdminForm(forms.ModelForm):
    """The day must be one of the exhibition's and have come at the venue
    (``visitor_count_day_error``; ``visitor_count_record`` would refuse it)."""

    def clean(self):
        cleaned = super().clean()
        exhibition, day = cleaned.get("exhibition"), cleaned.get("day")
        if exhibition is not None and day is not None:
            problem = visitor_count_day_error(exhibition=exhibition, day=day)
            if problem is not None:
                self.add_error("day", problem)
        return cleaned


# --- Delegations: quotas ----------------------------------------------------------------------


def delegation_products_error(*, products, prison, region, kept: set) -> str | None:
    """Why ``products`` cannot be a delegation's, or None. Found by a new user's probe: a draft
    of Lapas Cipinang, picked for Tangerang's delegation from a list that named no prison, was
    then offered on Tangerang's portal and sold at its booth. A product already on the delegation
    (``kept``: withdrawn or moved since) stays until it is taken off."""
    from products.models import Product

    added = [product for product in products if product.pk not in kept]
    if not added:
        return None
    prison_ids = {prison.pk} if prison is not None else None
    if prison_ids is None and region is not None:
        prison_ids = set(region.prisons.values_list("pk", flat=True))
    unpublished = [p.name for p in added if p.status != Product.Status.APPROVED or p.revision_of_id]
    if unpublished:
        return gettext("Hanya produk yang sudah disetujui kurator yang dapat dipamerkan; bukan: %(names)s.") % {
            "names": ", ".join(unpublished)
        }
    foreign = [p for p in added if prison_ids is not None and p.prison_id not in prison_ids]
    if foreign:
        names = ", ".join(f"{p.name} ({p.prison.name})" for p in foreign)
        if prison is not None:
            return gettext("Produk harus dari %(prison)s; bukan: %(names)s.") % {"prison": prison.name, "names": names}
        return gettext("Produk harus dari lapas/rutan di %(region)s; bukan: %(names)s.") % {
            "region": region,
            "names": names,
        }
    return None


class DelegationRegionForm(forms.ModelForm):
    """A prison's delegation needs no Kanwil typed in: left empty, it is the prison's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields and "prison" in self.fields:
            self.fields["region"].required = False
            self.fields["region"].help_text = _("Boleh dikosongkan bila lapas/rutan dipilih: diisi kanwilnya.")

    def clean(self):
        cleaned = super().clean()
        if "region" in self.fields and "prison" in self.fields and not cleaned.get("region"):
            prison = cleaned.get("prison")
            if prison is not None:
                cleaned["region"] = prison.region
            elif "prison" not in self.errors:
                self.add_error("region", gettext("Pilih kanwil, atau lapas/rutan (kanwilnya diisi otomatis)."))
        # Moved to another prison or Kanwil where its products are not on the form (the
        # exhibition's delegation rows): the products it has must fit the new place (found by a
        # review: the rows moved a delegation with another prison's products).
        moved = {"prison", "region"} & set(self.changed_data)
        if self.instance.pk and moved and "products" not in self.fields and not self.errors:
            problem = delegation_products_error(
                products=list(self.instance.products.all()),
                prison=cleaned.get("prison"),
                region=cleaned.get("region"),
                kept=set(),
            )
            if problem:
                self.add_error("prison" if "prison" in self.fields else None, problem)
        return cleaned


class DelegationAdminForm(DelegationRegionForm):
    """Products within the product quota, each added one approved and of the delegation's prison
    (of a prison of its Kanwil for a Kanwil's delegation); a booth quota no lower than the booths
    already held."""

    def clean(self):
        cleaned = super().clean()
        products, quota = cleaned.get("products"), cleaned.get("product_quota")
        if products is not None and quota is not None and len(products) > quota:
            self.add_error("products", product_quota_message(count=len(products), quota=quota))
        if products is not None and "products" not in self.errors:
            # A delegation moved to another prison or Kanwil keeps none of its products unchecked
            # (a probe moved Ambon's delegation to Tangerang, products and all).
            moved = bool({"prison", "region"} & set(self.changed_data))
            kept = set(self.instance.products.values_list("pk", flat=True)) if self.instance.pk and not moved else set()
            problem = delegation_products_error(
                products=products, prison=cleaned.get("prison"), region=cleaned.get("region"), kept=kept
            )
            if problem:
                self.add_error("products", problem)
        booth_quota = cleaned.get("booth_quota")
        if self.instance.pk and booth_quota is not None:
            held = self.instance.booths.count()
            if held > booth_quota:
                self.add_error(
                    "booth_quota",
                    gettext("Delegasi ini sudah mendapat %(count)d stan; bebaskan stan dulu.")
                    % {"count": held},
                )
        return cleaned


# --- Programme --------------------------------------------------------------------------------


def _same_place(a: str, b: str) -> bool:
    a, b = " ".join((a or "").split()).lower(), " ".join((b or "").split()).lower()
    return bool(a) and a == b


class ProgrammeItemFormSet(LabelledUniqueErrorsMixin, BaseInlineFormSet):
    """Each row is checked by ``ProgrammeItem.clean`` against the saved programme; this also
    checks the rows against each other (two new items at one place and time)."""

    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("starts_at")
            and form.cleaned_data.get("ends_at")
            and not form.errors
        ]
        for index, form in enumerate(rows):
            a = form.cleaned_data
            for other in rows[:index]:
                b = other.cleaned_data
                overlap = a["starts_at"] < b["ends_at"] and b["starts_at"] < a["ends_at"]
                if overlap and _same_place(a.get("place"), b.get("place")):
                    probe = ProgrammeItem(
                        exhibition=self.instance,
                        title=b.get("title") or "",
                        place=b.get("place"),
                        starts_at=b["starts_at"],
                        ends_at=b["ends_at"],
                    )
                    form.add_error("place", programme_clash_message(probe))
                    break


def save_programme_item(request, *, item: ProgrammeItem) -> None:
    """``programme_item_save``, then a warning on the page when the item lies outside the opening
    hours: saved all the same (an evening gala is real), but a typed 03.00 gets noticed."""
    programme_item_save(item=item, user=request.user)
    warning = programme_item_hours_warning(item=item)
    if warning:
        messages.warning(request, warning)
        _warned_items(request).add(item.pk)


def _warned_items(request) -> set[int]:
    """The programme items this request has already warned about."""
    if not hasattr(request, "_etalase_programme_warned"):
        request._etalase_programme_warned = set()
    return request._etalase_programme_warned


def warn_programme_outside_hours(request, *, exhibition: Exhibition) -> None:
    """After an exhibition's opening hours or zone changed: a warning for each of its programme
    items that now lies outside the hours (and was not warned about in this request already), as
    when an item is saved outside them."""
    warned = _warned_items(request)
    for item in exhibition.programme.order_by("starts_at", "pk"):
        if item.pk in warned:
            continue
        warning = programme_item_hours_warning(item=item)
        if warning:
            messages.warning(request, warning)
            warned.add(item.pk)


def save_programme(request, *, formset) -> None:
    """Save the programme rows of a formset: deletions first (they may free a slot), then each
    new or changed item through ``save_programme_item``."""
    items = formset.save(commit=False)
    for item in formset.deleted_objects:
        item.delete()
    for item in items:
        save_programme_item(request, item=item)
    formset.save_m2m()


# --- Competitions -----------------------------------------------------------------------------


class CriterionFormSet(CaseFreeUniqueRowsMixin, LabelledUniqueErrorsMixin, BaseInlineFormSet):
    """The criteria's weights must add up to exactly 100 (when there are any)."""

    case_free_unique = "name"

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weights = [
            form.cleaned_data.get("weight") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if weights:
            problem = criteria_weight_error(sum(weights))
            if problem:
                raise ValidationError(problem, code="weights")


class CompetitionAdminForm(forms.ModelForm):
    """A juror who has already scored stays on the panel: their scores count in the results."""

    class Meta:
        model = Competition
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose the fields shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "jurors" in self.fields:
            # The picker offers the model's ``juror_candidates``; an account sent all the same is
            # refused by name below, not as "not one of the available choices".
            self.fields["jurors"].queryset = get_user_model().objects.filter(is_active=True)

    def clean_jurors(self):
        jurors = self.cleaned_data.get("jurors")
        if jurors is None:
            return jurors
        # A prison's officer would judge their own prison's work (found by a staff probe: any
        # user, officers included, could be put on the jury).
        officers = list(jurors.filter(groups__name=PRISON_OFFICER))
        if officers:
            raise ValidationError(
                gettext("%(names)s adalah petugas lapas dan tidak dapat menjadi juri: karya lapasnya ikut dinilai.")
                % {"names": ", ".join(u.get_full_name() or u.get_username() for u in officers)},
                code="officer_juror",
            )
        candidates = set(jurors.filter(juror_candidates()).values_list("pk", flat=True))
        others = [user for user in jurors if user.pk not in candidates]
        if others:
            raise ValidationError(
                gettext("%(names)s tidak berperan juri atau staf; beri akunnya peran “Juri” lebih dulu.")
                % {"names": ", ".join(u.get_full_name() or u.get_username() for u in others)},
                code="not_a_juror",
            )
        if self.instance.pk is None:
            return jurors
        kept = {user.pk for user in jurors}
        leaving = set(self.instance.jurors.values_list("pk", flat=True)) - kept
        scored = jurors_with_scores(competition=self.instance, user_ids=leaving) if leaving else []
        if scored:
            raise ValidationError(
                gettext(
                    "%(names)s sudah memberi nilai dan nilainya dihitung dalam hasil, jadi tidak "
                    "dapat dikeluarkan dari juri."
                )
                % {"names": ", ".join(u.get_full_name() or u.get_username() for u in scored)},
                code="juror_has_scores",
            )
        return jurors


class JurorChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class CompetitionEntryAdminForm(forms.ModelForm):
    """An entry: a blank code is filled with a new blind code; jurors chosen from the
    competition's jury only; delegations of the competition's exhibition that were accepted."""

    class Meta:
        model = CompetitionEntry
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose the fields shown)

    def __init__(self, *args, competition: Competition | None = None, taken: set | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._taken = taken if taken is not None else set()
        if competition is None and self.instance.competition_id:
            competition = self.instance.competition
        self.competition = competition if competition is not None and competition.pk else None
        if "entry_code" in self.fields:
            self.fields["entry_code"].required = False
            self.fields["entry_code"].help_text = _("Kosongkan: kode samaran dibuat otomatis.")
        if "assigned_jurors" in self.fields:
            # Before a competition is chosen (the entry's own add page): every juror, those of
            # the Juri group and staff sitting on some competition's jury (found by a staff probe:
            # a staff member on this jury could not be picked); clean() keeps the chosen one's.
            users = (
                get_user_model()
                .objects.filter(Q(groups__name=JURY) | Q(juries__isnull=False), is_active=True)
                .distinct()
            )
            if self.competition is not None:
                users = self.competition.jurors.all()
            field = JurorChoiceField(
                queryset=users.order_by("first_name", "username"),
                required=False,
                label=self.fields["assigned_jurors"].label,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Hanya juri lomba ini; simpan daftar juri lomba lebih dulu."),
            )
            self.fields["assigned_jurors"] = field

    def clean(self):
        cleaned = super().clean()
        competition = cleaned.get("competition") or self.competition
        if competition is None or competition.pk is None:
            return cleaned
        if not cleaned.get("entry_code"):
            code = new_entry_code(competition=competition, taken=self._taken)
            cleaned["entry_code"] = code
        self._taken.add(cleaned["entry_code"])
        jurors = cleaned.get("assigned_jurors")
        if jurors:
            panel = set(competition.jurors.values_list("pk", flat=True))
            outside = [j for j in jurors if j.pk not in panel]
            if outside:
                self.add_error(
                    "assigned_jurors",
                    gettext("%(names)s bukan juri lomba ini; tambahkan lebih dulu sebagai juri.")
                    % {"names": ", ".join(j.get_full_name() or j.get_username() for j in outside)},
                )
        return cleaned


class CompetitionEntryFormSet(CaseFreeUniqueRowsMixin, LabelledUniqueErrorsMixin, BaseInlineFormSet):
    case_free_unique = "entry_code"

    def __init__(self, *args, **kwargs):
        self._taken: set[str] = set()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["competition"] = self.instance
        kwargs["taken"] = self._taken
        return kwargs

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The page holds every entry of the competition: its rows are checked together below, so
        # two entries may swap their products, or a row removed give its product to a new one
        # (found by an attacker probe: refused against the saved rows).
        form.instance.twins_checked_by_page = True
        return form

    def clean(self):
        super().clean()
        # One entry per product, also among the rows of one page (each row is checked against the
        # saved entries only; found by a review).
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            product = data.get("product")
            if product is None or data.get("DELETE"):
                continue
            if product.pk in seen:
                form.add_error("product", gettext("Produk ini sudah ada di baris lain lomba ini."))
            seen.add(product.pk)


def limit_entry_delegations(field, competition: Competition | None) -> None:
    if competition is None or competition.pk is None:
        return
    field.queryset = Delegation.objects.filter(
        exhibition_id=competition.exhibition_id, status=Delegation.Status.ACCEPTED
    ).select_related("exhibition")
    field.label_from_instance = lambda delegation: delegation.name  # one exhibition: no need to name it


def limit_entry_products(fields, competition: Competition | None) -> None:
    """The product box of an entry offers what the exhibition's accepted delegations show,
    grouped by delegation, instead of every product (which ``CompetitionEntry.clean`` then
    refused unless the chosen delegation showed it)."""
    if competition is None or competition.pk is None or "product" not in fields:
        return
    from products.models import Product

    shown = Delegation.products.through.objects.filter(
        delegation__exhibition_id=competition.exhibition_id, delegation__status=Delegation.Status.ACCEPTED
    ).select_related("delegation", "product").order_by("delegation__name", "product__name")
    groups: dict[str, list] = {}
    for row in shown:
        groups.setdefault(row.delegation.name, []).append((row.product_id, row.product.name))
    old = fields["product"]
    field = forms.ModelChoiceField(
        queryset=Product.objects.filter(pk__in={row.product_id for row in shown}),
        required=old.required,
        label=old.label,
        help_text=_("Produk yang dipamerkan delegasi, dikelompokkan per delegasi."),
    )
    field.choices = [("", "---------"), *groups.items()]
    fields["product"] = field


class PublishForm(forms.Form):
    winners = WholeNumberField(
        label=_("Jumlah pemenang"),
        min_value=1,
        max_value=10,
        initial=3,
        help_text=_(
            "Peringkat 1 sampai jumlah ini mendapat penghargaan “Juara 1”, “Juara 2”, dan seterusnya."
        ),
    )


def competition_results_view(model_admin, request, object_id):
    """The ranking with every juror's scores; POST ``close`` closes the round, ``publish``
    publishes the winners (both through the services)."""
    competition = get_object_or_404(
        Competition.objects.select_related("exhibition"), pk=pk_or_404(Competition, object_id)
    )
    if not model_admin.has_view_permission(request, competition):
        raise PermissionDenied
    publish_form = PublishForm()
    if request.method == "POST":
        if not model_admin.has_change_permission(request, competition):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "close":
                if not request.POST.get("confirm"):
                    raise ValidationError(
                        gettext("Centang “Saya mengerti” untuk menutup penilaian: penutupan tidak dapat dibatalkan.")
                    )
                competition_close_scoring(competition=competition, user=request.user)
                model_admin.log_change(request, competition, gettext("Penilaian ditutup."))
                messages.success(request, gettext("Penilaian ditutup. Juri kini dapat melihat semua nilai."))
                return redirect(request.path)
            if action == "publish":
                publish_form = PublishForm(request.POST)
                if publish_form.is_valid():
                    competition_publish(
                        competition=competition,
                        user=request.user,
                        winners=publish_form.cleaned_data["winners"],
                    )
                    model_admin.log_change(request, competition, gettext("Hasil diumumkan."))
                    messages.success(request, gettext("Pemenang diumumkan di halaman pameran."))
                    return redirect(request.path)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(request.path)
    criteria = list(competition.criteria.all())
    sheet = competition_score_sheet(competition=competition)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": gettext("Hasil penilaian: %(title)s") % {"title": competition.title},
        "competition": competition,
        "original": competition,
        "criteria": criteria,
        "heaviest": heaviest_criterion(criteria),
        "weight_total": sum(c.weight for c in criteria),
        "sheet": sheet,
        "complete": bool(sheet) and all(row.ranked.complete for row in sheet),
        "has_scores": any(row.ranked.score_count for row in sheet),
        "publish_form": publish_form,
        "can_change": model_admin.has_change_permission(request, competition),
    }
    return TemplateResponse(request, "admin/exhibitions/competition/results.html", context)


# --- Staff pages of an exhibition -------------------------------------------------------------


def _exhibition(model_admin, request, object_id, *, change: bool = False) -> Exhibition:
    exhibition = get_object_or_404(Exhibition, pk=pk_or_404(Exhibition, object_id))
    allowed = (
        model_admin.has_change_permission(request, exhibition)
        if change
        else model_admin.has_view_permission(request, exhibition)
    )
    if not allowed:
        raise PermissionDenied
    return exhibition


def _context(model_admin, request, exhibition, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": exhibition,
        "exhibition": exhibition,
        "title": title,
        "printed_at": timezone.now(),
        **extra,
    }


def booth_list_view(model_admin, request, object_id):
    """Printable list of the booths: code, zone, size, delegation and its prison/Kanwil."""
    exhibition = _exhibition(model_admin, request, object_id)
    booths = list(booth_list(exhibition=exhibition))
    context = _context(
        model_admin,
        request,
        exhibition,
        gettext("Daftar stan"),
        booths=booths,
        occupied=sum(1 for b in booths if b.delegation_id),
        short=list(delegations_short_of_booths(exhibition=exhibition)),
    )
    return TemplateResponse(request, "admin/exhibitions/exhibition/booth_list.html", context)


def floor_list_view(model_admin, request, object_id):
    """Printable floor list: one section per zone (a page each when printed)."""
    exhibition = _exhibition(model_admin, request, object_id)
    context = _context(
        model_admin, request, exhibition, gettext("Denah per zona"), zones=booth_floor(exhibition=exhibition)
    )
    return TemplateResponse(request, "admin/exhibitions/exhibition/floor_list.html", context)


def stock_view(model_admin, request, object_id):
    """The stock reconciliation (mismatches and uncounted lines first); POST closes the
    exhibition through ``exhibition_close``, which refuses before the last day has ended at the
    venue and while any row is not in order."""
    exhibition = _exhibition(model_admin, request, object_id)
    if request.method == "POST":
        exhibition = _exhibition(model_admin, request, object_id, change=True)
        try:
            # "Coba tutup pameran" (rows not in order) only gets the reasons; a real closing is
            # final and is confirmed with the box beside the button.
            closable = not exhibition_close_opens_later(exhibition=exhibition) and not stock_problems(
                exhibition=exhibition
            )
            if closable and not request.POST.get("confirm"):
                raise ValidationError(
                    gettext("Centang “Saya mengerti” untuk menutup pameran: penutupan tidak dapat dibatalkan.")
                )
            exhibition_close(exhibition=exhibition, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            model_admin.log_change(request, exhibition, gettext("Pameran ditutup."))
            messages.success(request, gettext("Pameran ditutup. Stok dan penjualan kini final."))
        return redirect(request.path)
    rows = stock_reconciliation(exhibition=exhibition)
    order = {STOCK_MISMATCH: 0, STOCK_PENDING: 1, STOCK_OK: 2}
    problems = [row for row in rows if not row.ok]
    problems.sort(key=lambda row: order[row.status])
    not_yet = (
        exhibition_close_not_yet_message(exhibition=exhibition)
        if exhibition_close_opens_later(exhibition=exhibition)
        else ""
    )
    context = _context(
        model_admin,
        request,
        exhibition,
        gettext("Rekonsiliasi stok"),
        rows=rows,
        problems=problems,
        mismatches=sum(1 for row in rows if row.status == STOCK_MISMATCH),
        pending=sum(1 for row in rows if row.status == STOCK_PENDING),
        ok_rows=[row for row in rows if row.ok],
        # Before the last day has ended no button: the page says from when it can be closed.
        close_not_yet=not_yet,
        can_close=model_admin.has_change_permission(request, exhibition)
        and exhibition.closed_at is None
        and not not_yet,
    )
    return TemplateResponse(request, "admin/exhibitions/exhibition/stock_reconciliation.html", context)


class VisitorCountForm(forms.Form):
    """One day's count; the day must be one of the exhibition's that has come at the venue."""

    day = forms.DateField(
        label=_("Hari"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plausible_date]
    )
    count = WholeNumberField(
        label=_("Jumlah pengunjung"),
        min_value=0,
        max_value=10_000_000,
        widget=WholeNumberInput(attrs={"autofocus": True}),
        error_messages={
            "min_value": _("Jumlah tidak boleh negatif."),
            "invalid": _("Tulis jumlah dengan angka."),
        },
    )

    def __init__(self, *args, exhibition: Exhibition, today: datetime.date, **kwargs):
        self.exhibition, self.today = exhibition, today
        super().__init__(*args, **kwargs)

    def clean_day(self):
        day = self.cleaned_data["day"]
        problem = visitor_count_day_error(exhibition=self.exhibition, day=day, today=self.today)
        if problem is not None:
            raise problem
        return day


def visitor_count_view(model_admin, request, object_id):
    """A small form for today's visitor count (another day of the exhibition that has come may be
    chosen). Before the first day nothing is chosen: the first day is not "today"."""
    from exhibitions.models import VisitorCount

    exhibition = _exhibition(model_admin, request, object_id, change=True)
    today = exhibition_today(exhibition=exhibition)
    default_day = min(today, exhibition.end_date) if today >= exhibition.start_date else None
    if request.method == "POST":
        form = VisitorCountForm(request.POST, exhibition=exhibition, today=today)
        if form.is_valid():
            try:
                row = visitor_count_record(
                    exhibition=exhibition,
                    day=form.cleaned_data["day"],
                    count=form.cleaned_data["count"],
                    user=request.user,
                )
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext("Jumlah pengunjung %(day)s tersimpan: %(count)s.")
                    # Grouped as the table below groups it ("1.250", not "1250").
                    % {"day": date_format(row.day, "j F Y"), "count": number_format(row.count, force_grouping=True)},
                )
                return redirect(request.path)
    else:
        current = VisitorCount.objects.filter(exhibition=exhibition, day=default_day).first() if default_day else None
        form = VisitorCountForm(
            initial={"day": default_day, "count": current.count if current else None}, exhibition=exhibition, today=today
        )
    counts = VisitorCount.objects.filter(exhibition=exhibition).select_related("recorded_by").order_by("day")
    # Days still to come are listed but cannot be chosen; a day sent that cannot be counted is
    # not shown as chosen (the browser would show the first day instead of "choose a day").
    chosen = str(form["day"].value() or "")
    day_options = []
    for offset in range((exhibition.end_date - exhibition.start_date).days + 1):
        day = exhibition.start_date + datetime.timedelta(days=offset)
        to_come = day > today
        day_options.append({"date": day, "to_come": to_come, "selected": not to_come and chosen == day.isoformat()})
    context = _context(
        model_admin,
        request,
        exhibition,
        gettext("Jumlah pengunjung"),
        form=form,
        counts=list(counts),
        total=counts.aggregate(total=Sum("count"))["total"] or 0,
        days=day_options,
        nothing_chosen=not any(option["selected"] for option in day_options),
        opens_later=today < exhibition.start_date,
    )
    return TemplateResponse(request, "admin/exhibitions/exhibition/visitor_count_form.html", context)


def exhibition_tool_links(exhibition: Exhibition) -> list[dict]:
    def url(name):
        return reverse(f"admin:exhibitions_exhibition_{name}", args=[exhibition.pk])

    return [
        {"url": url("booths"), "label": gettext("Daftar stan")},
        {"url": url("floor"), "label": gettext("Denah per zona")},
        {"url": url("stock"), "label": gettext("Rekonsiliasi stok")},
        {"url": url("visitors"), "label": gettext("Pengunjung hari ini")},
    ]
