"""Forms of the officers' portal for products. They validate and limit choices to the officer's
prison; writing is the services' job (products/services.py), never ``form.save()``."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inmates.form_fields import IdMultipleChoiceField, RupiahField, WholeNumberField, offer_by_search
from inmates.models import Inmate, Prison, Workshop
from products.images import CleanImage, clean_upload
from products.models import (
    MAX_MONTHLY_CAPACITY,
    MAX_PRICE,
    MAX_WEIGHT_GRAMS,
    Category,
    Product,
    ProductImage,
    StagedImage,
)
from products.selectors import staged_image_for
from products.services import MAX_IMAGES, ImageChange, NewImage, staged_image_keep

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"

class PriceField(RupiahField):
    """A product's price: ``RupiahField`` with messages about the price."""

    default_error_messages = {
        "invalid": _("Tulis harga dalam rupiah, misalnya 150.000 atau 150000."),
        "negative": _("Harga tidak boleh negatif."),
        "decimal": _("Harga ditulis dalam rupiah utuh, tanpa sen: misalnya 150.000 (titik sebagai pemisah ribuan)."),
    }


class MakerChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, inmate):
        # Portal only: the officer recognises the legal name and the registration number.
        return f"{inmate.legal_name} · {inmate.registration_number}"


def _model_field(name: str, **kwargs):
    return Product._meta.get_field(name).formfield(**kwargs)


class ProductForm(forms.Form):
    """The product's content. Workshops and makers are limited to ``prison`` (the officer's
    own); makers to its active inmates, plus those already credited on ``product``."""

    name = _model_field("name")
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), label=_("Kategori"), empty_label=_("Pilih kategori")
    )
    description = _model_field(
        "description",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ceritakan produknya: teknik, motif, kegunaan. Tampil di katalog setelah disetujui."),
    )
    price = PriceField(
        label=_("Harga (Rp)"),
        max_value=MAX_PRICE,
        help_text=_("Rupiah utuh, tanpa sen. Contoh: 150.000"),
    )
    materials = _model_field("materials", help_text=_("Contoh: kain katun primisima, pewarna alam"))
    size = _model_field("size", help_text=_("Contoh: 200 × 115 cm"))
    weight_grams = _model_field(
        "weight_grams",
        form_class=WholeNumberField,
        max_value=MAX_WEIGHT_GRAMS,
        error_messages={
            "max_value": _("Berat terlalu besar: paling banyak 1.000.000 gram (1 ton)."),
            "min_value": _("Berat tidak boleh negatif."),
        },
    )
    monthly_capacity = _model_field(
        "monthly_capacity",
        form_class=WholeNumberField,
        help_text=_("Berapa buah yang dapat dibuat dalam sebulan."),
        max_value=MAX_MONTHLY_CAPACITY,
        error_messages={
            "max_value": _("Kapasitas terlalu besar: paling banyak 100.000 buah per bulan."),
            "min_value": _("Kapasitas tidak boleh negatif."),
        },
    )
    workshop = forms.ModelChoiceField(
        queryset=Workshop.objects.none(),
        required=False,
        label=_("Bengkel kerja"),
        empty_label=_("Tidak disebutkan"),
    )
    makers = MakerChoiceField(
        queryset=Inmate.objects.none(),
        required=False,
        label=_("Pembuat"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Warga binaan aktif dari lapas ini yang membuat produk. Nama baru tampil publik bila ia setuju."),
    )

    def __init__(self, *args, prison: Prison, product: Product | None = None, **kwargs):
        if product is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": product.name,
                "category": product.category_id,
                "description": product.description,
                "price": product.price,
                "materials": product.materials,
                "size": product.size,
                "weight_grams": product.weight_grams,
                "monthly_capacity": product.monthly_capacity,
                "workshop": product.workshop_id,
                "makers": [maker.pk for maker in product.makers.all()],
            }
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(prison=prison).order_by("name")
        credited = Q(pk__in=product.makers.values("pk")) if product is not None else Q(pk__in=[])
        self.fields["makers"].queryset = (
            Inmate.objects.filter(prison=prison)
            .filter(Q(status=Inmate.Status.ACTIVE) | credited)
            .order_by("legal_name")
        )
        offer_by_search(self, "makers", search_url=reverse("portal:maker-search"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["makers"] = list(data["makers"])
        return data


# The code of a kept photo as products.services.staged_image_keep makes it (token_urlsafe(32));
# anything else is not looked up (a NUL byte would not even reach PostgreSQL).
STAGED_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class ProductImageForm(forms.Form):
    """One row of the images: a stored image (``id``) or a new upload (``file``)."""

    id = forms.TypedChoiceField(coerce=int, required=False, widget=forms.HiddenInput, empty_value=None)
    file = forms.FileField(
        required=False,
        label=_("Berkas foto"),
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPEG, PNG atau WebP, paling besar 10 MB."),
    )
    alt_text = forms.CharField(
        max_length=200,
        required=False,  # an empty row needs none; a photo does (clean), and the label says so
        label=_("Teks alternatif (wajib untuk setiap foto)"),
        help_text=_("Jelaskan singkat apa yang tampak di foto, untuk pembaca layar."),
    )
    position = forms.IntegerField(
        min_value=0,
        max_value=99,
        required=False,
        label=_("Urutan"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    shows_face = forms.BooleanField(
        required=False,
        label=_("Wajah seseorang tampak di foto ini"),
        help_text=_("Foto ini hanya tampil di katalog bila setiap pembuat menyetujui wajahnya ditampilkan."),
    )
    # A photo kept from an earlier sending of the form that failed for another reason
    # (products.services.staged_image_keep): its code, and the officer's "do not use it".
    # A plain Field: the code is checked (shape, owner, age) only in clean_file, whose error shows
    # beside the photo; an error of this hidden field itself would show nowhere.
    staged = forms.Field(required=False, widget=forms.HiddenInput)
    drop_staged = forms.BooleanField(required=False, label=_("Jangan pakai foto ini"))

    def __init__(self, *args, stored_images: dict[int, ProductImage] | None = None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_images = stored_images or {}
        self.user = user
        self.fields["id"].choices = [("", "")] + [(pk, pk) for pk in self.stored_images]
        # The kept photo this row shows and sends on (set by the formset's keep_photos()).
        self.kept_photo = None

    def _chosen_file(self):
        return self.files.get(self.add_prefix("file")) if self.is_bound else None

    @property
    def refused_file_name(self) -> str:
        """The name of the file this row refused: the browser shows its box empty again, so with
        several refused the officer could not tell which was which (found by a phone probe)."""
        upload = self._chosen_file()
        if upload is None or not self.has_error("file"):
            return ""
        return (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:120]

    def _staged_token(self) -> str:
        """The kept photo this row names, unless a new file was chosen or the officer gave it up."""
        if not self.is_bound or self._chosen_file() or self["drop_staged"].value():
            return ""
        value = self["staged"].value()
        return value.strip() if isinstance(value, str) else ""

    def has_changed(self):
        # A new row counts only once it has a file (chosen now, or kept from before) or a text:
        # the order field alone (which the page fills in) does not make an empty row an error.
        if self["id"].value() in (None, ""):
            return (
                bool(self._chosen_file())
                or bool(self._staged_token())
                or bool((self["alt_text"].value() or "").strip())
            )
        return super().has_changed()

    @property
    def stored_image(self) -> ProductImage | None:
        """The stored image this row shows (None for a new upload)."""
        value = self["id"].value()
        try:
            return self.stored_images.get(int(value))
        except (TypeError, ValueError):
            return None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            token = self._staged_token()
            if not token or self["id"].value() not in (None, ""):
                return None
            staged = staged_image_for(user=self.user, token=token) if STAGED_TOKEN.fullmatch(token) else None
            if staged is None:
                raise ValidationError(
                    _(
                        "Foto yang disimpan sementara tidak dapat dipakai lagi (disimpan lebih dari %(hours)d jam "
                        "yang lalu, atau sudah diganti foto lain). Pilih lagi berkasnya."
                    )
                    % {"hours": StagedImage.KEEP_HOURS},
                    code="staged_gone",
                )
            self.kept_photo = staged
            return CleanImage(
                content=ContentFile(bytes(staged.content), name=f"{uuid.uuid4().hex}.jpg"),
                width=staged.width,
                height=staged.height,
            )
        # The same safe pipeline as everywhere: the content decides the type, limits apply.
        return clean_upload(upload)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("position") is None:
            cleaned["position"] = 0
        stored = cleaned.get("id")
        has_file = bool(cleaned.get("file")) or "file" in self.errors
        if stored is None and not has_file and not self.has_error("file"):
            self.add_error("file", _("Pilih berkas foto, atau kosongkan baris ini."))
        if (stored is not None or has_file) and not (cleaned.get("alt_text") or "").strip():
            self.add_error(
                "alt_text", _("Teks alternatif wajib diisi: jelaskan singkat apa yang tampak di foto.")
            )
        return cleaned


class BaseProductImageFormSet(forms.BaseFormSet):
    """The product's images: the stored ones first, then rows for new uploads. ``submitting``
    (the officer pressed "Ajukan untuk kurasi") requires at least one image to remain."""

    def __init__(self, *args, images=(), submitting: bool = False, user=None, **kwargs):
        self.stored_images = {image.pk: image for image in images}
        self.submitting = submitting
        self.user = user
        kwargs.setdefault(
            "initial",
            [
                {"id": image.pk, "alt_text": image.alt_text, "position": image.position, "shows_face": image.shows_face}
                for image in images
            ],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = {**super().get_form_kwargs(index), "stored_images": self.stored_images, "user": self.user}
        if index is not None and index >= len(self.initial):
            kwargs["initial"] = {"position": index}  # new photos go after the stored ones
        return kwargs

    def _kept_forms(self):
        for form in self.forms:
            if not form.has_changed() and form.cleaned_data.get("id") is None:
                continue  # an untouched empty row
            if self.can_delete and self._should_delete_form(form):
                continue
            yield form

    def clean(self):
        # A row marked for deletion skips validation, but an id that is not one of this product's
        # images is tampering, not a deletion: refuse the whole form.
        if any(form.has_error("id") for form in self.forms):
            raise ValidationError(_("Foto yang diubah tidak termasuk produk ini."), code="foreign_image")
        if any(self.errors):
            return
        seen, kept = set(), set()
        for form in self.forms:
            stored = form.cleaned_data.get("id")
            if stored is not None:
                if stored in seen:
                    raise ValidationError(_("Satu foto muncul dua kali dalam formulir."), code="duplicate")
                seen.add(stored)
            if form.kept_photo is not None:
                if form.kept_photo.pk in kept:
                    raise ValidationError(_("Satu foto muncul dua kali dalam formulir."), code="duplicate")
                kept.add(form.kept_photo.pk)
        kept = list(self._kept_forms())
        if len(kept) > MAX_IMAGES:
            raise ValidationError(
                _("Paling banyak %(max)d foto per produk.") % {"max": MAX_IMAGES}, code="too_many_images"
            )
        if self.submitting and not kept:
            raise ValidationError(
                _("Tambahkan minimal satu foto sebelum mengajukan produk untuk kurasi."), code="no_images"
            )

    def new_images(self) -> list[NewImage]:
        return [
            NewImage(
                file=form.cleaned_data["file"],
                alt_text=form.cleaned_data["alt_text"],
                position=form.cleaned_data["position"],
                shows_face=form.cleaned_data.get("shows_face", False),
            )
            for form in self._kept_forms()
            if form.cleaned_data.get("id") is None and form.cleaned_data.get("file")
        ]

    def image_changes(self) -> list[ImageChange]:
        changes = []
        for form in self.forms:
            stored = form.cleaned_data.get("id") if hasattr(form, "cleaned_data") else None
            if stored is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                changes.append(ImageChange(image_id=stored, delete=True))
            else:
                changes.append(
                    ImageChange(
                        image_id=stored,
                        alt_text=form.cleaned_data["alt_text"],
                        position=form.cleaned_data["position"],
                        shows_face=form.cleaned_data.get("shows_face", False),
                    )
                )
        return changes

    def keep_photos(self) -> list[forms.Form]:
        """After a failed sending: keep every new row's photo that was fine in itself (cleaned,
        with no error of its own) for ``user``, so that the page shows it again and the form
        sent again uses it; a browser cannot keep a chosen file. Returns the rows that keep one."""
        if not self.is_bound or self.user is None:
            return []
        kept = []
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", {})
            image = cleaned.get("file") if not form.has_error("file") else None
            if form.kept_photo is None and isinstance(image, CleanImage) and form._chosen_file():
                form.kept_photo = staged_image_keep(user=self.user, image=image)
            if form.kept_photo is not None:
                # Beside a kept photo an empty file box ("No file chosen") read as if it were lost.
                form.fields["file"].label = form["file"].label = _("Ganti dengan foto lain (tidak wajib)")
                kept.append(form)
        return kept

    def pending_uploads(self) -> list[forms.Form]:
        """Rows with a chosen file that could not be kept (the file itself was refused, or the
        form was not checked): the officer has to pick it again, and is told so."""
        if not self.is_bound:
            return []
        return [form for form in self.forms if form._chosen_file() and form.kept_photo is None]

    def staged_tokens(self) -> list[str]:
        """The kept photos this sending used: dropped once the product is saved."""
        return [form.kept_photo.token for form in self.forms if form.kept_photo is not None]


ProductImageFormSet = forms.formset_factory(
    ProductImageForm,
    formset=BaseProductImageFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=True,  # a new row can be given up too ("Buang baris ini")
    max_num=MAX_IMAGES,
    absolute_max=MAX_IMAGES + 8,
)


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan (tidak wajib)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: tidak diproduksi lagi."),
    )
