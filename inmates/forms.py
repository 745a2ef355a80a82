"""Portal forms for participants. They check input and limit choices to the officer's prison;
the writes are in inmates.services (the views pass cleaned data there, never ``form.save()``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.validators import DOCUMENT_EXTENSIONS, validate_plausible_date
from inmates import imports
from inmates.imports import birth_year_bounds
from inmates.kept_uploads import KeepsUploads
from inmates.models import Consent, Inmate, Prison, Workshop, registration_number_clean
from inmates.selectors import inmate_registration_taken
from inmates.services import INMATE_EDITABLE_FIELDS, PUBLIC_TEXTS_AGREED_ERROR, public_texts_needing_agreement


def check_birth_year(value: int | None) -> None:
    if value is None:
        return
    low, high = birth_year_bounds()
    if not low <= value <= high:
        raise ValidationError(
            _("Tahun lahir harus antara %(low)s dan %(high)s."),
            code="range",
            params={"low": low, "high": high},
        )


def prison_workshops(prison: Prison):
    return Workshop.objects.filter(prison=prison).order_by("name")


class WorkshopChoiceField(forms.ModelChoiceField):
    """A workshop of the officer's prison, shown by its name alone (its __str__ adds the prison)."""

    default_error_messages = {"invalid_choice": _("Pilih bengkel kerja di lapas Anda.")}

    def label_from_instance(self, obj):
        return obj.name


CONSENT_LABELS = {
    "display_name_public": _("Nama tampilan boleh ditampilkan di halaman publik"),
    "story_public": _("Kisah publik boleh ditampilkan"),
    "work_photos_public": _("Foto karyanya boleh ditampilkan"),
    "face_public": _("Wajahnya boleh terlihat di foto"),
}
FACE_HELP = _(
    "Centang hanya bila warga binaan secara tegas menyetujui wajahnya terlihat. "
    "Tanpa centang ini, foto yang menampakkan wajah tidak boleh dipakai."
)


def _check_consent_choices(form, *, flags: dict, display_name: str | None, public_story: str | None):
    """Errors shared by the registration and consent forms: the face only together with photos
    of the work; a name or story made public must exist (when the form holds it)."""
    if flags["face_public"] and not flags["work_photos_public"]:
        form.add_error(
            flags["_face_field"],
            _("Wajah hanya dapat tampil bila foto karya juga boleh ditampilkan."),
        )
    if display_name is not None and flags["display_name_public"] and not display_name.strip():
        form.add_error(
            "display_name",
            _("Isi nama tampilan, atau hapus centang “nama tampilan boleh ditampilkan”."),
        )
    if public_story is not None and flags["story_public"] and not public_story.strip():
        form.add_error(
            "public_story",
            _("Isi kisah publik, atau hapus centang “kisah publik boleh ditampilkan”."),
        )


class RadioErrorsDescribedMixin:
    """A choice of radio buttons with an error: each button names the error (aria-describedby), as
    every other field does; Django names it on the group's fieldset only, which screen readers do
    not read when a button gets the focus."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and isinstance(self.fields[name].widget, forms.RadioSelect):
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class InmateForm(RadioErrorsDescribedMixin, forms.ModelForm):
    """A participant's data. ``prison`` is the officer's prison: the workshop choices are its own."""

    workshop = WorkshopChoiceField(
        queryset=Workshop.objects.none(),
        required=False,
        label=_("Bengkel kerja"),
        empty_label=_("(belum ditempatkan)"),
    )

    class Meta:
        model = Inmate
        fields = list(INMATE_EDITABLE_FIELDS)
        labels = {
            "legal_name": _("Nama lengkap"),
            "registration_number": _("Nomor registrasi"),
            "gender": _("Jenis kelamin"),
            "birth_year": _("Tahun lahir"),
            "skills": _("Keterampilan"),
            "display_name": _("Nama tampilan publik"),
            "public_story": _("Kisah publik"),
        }
        help_texts = {
            "legal_name": _("Sesuai register."),
            "registration_number": _(
                "Contoh: B.I-0123/2018. Tidak boleh sama dengan peserta lain di lapas ini."
            ),
            "skills": _("Misalnya: membatik tulis, mewarnai alami."),
            "display_name": _(
                "Nama pilihan warga binaan untuk halaman publik, misalnya nama panggilan. "
                "Tampil hanya bila ia menyetujuinya."
            ),
            "public_story": _(
                "Kisah singkat dengan kata-katanya sendiri. Tampil hanya bila ia menyetujuinya."
            ),
        }
        widgets = {
            "gender": forms.RadioSelect,
            "skills": forms.Textarea(attrs={"rows": 2}),
            "public_story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, prison: Prison, **kwargs):
        super().__init__(*args, **kwargs)
        self.prison = prison
        # So the model's own checks (workshop in the same prison) judge against the right prison.
        self.instance.prison = prison
        self.fields["workshop"].queryset = prison_workshops(prison)
        self.fields["gender"].choices = Inmate.Gender.choices
        low, high = birth_year_bounds()
        self.fields["birth_year"].widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})
        # One message for every year out of range (the field's own bounds would say "at least 0").
        out_of_range = _("Tahun lahir harus antara %(low)s dan %(high)s.") % {"low": low, "high": high}
        self.fields["birth_year"].error_messages.update(
            {
                "min_value": out_of_range,
                "max_value": out_of_range,
                # Django's "Masukkan keseluruhan angka bilangan" for "1.985" (an officer probe).
                "invalid": _("Tulis tahun lahir dengan empat angka tanpa titik, mis. 1985."),
            }
        )
        self.fields["legal_name"].widget.attrs["autocomplete"] = "off"
        self.fields["registration_number"].widget.attrs["autocomplete"] = "off"

    def clean_registration_number(self):
        number = registration_number_clean(self.cleaned_data["registration_number"])
        # Checked here too (the service checks again) so it shows together with the other errors.
        taken = inmate_registration_taken(
            prison=self.prison, registration_number=number, exclude_pk=self.instance.pk
        )
        if taken:
            raise ValidationError(_("Nomor registrasi ini sudah terdaftar di lapas Anda."), code="duplicate")
        return number

    def clean_legal_name(self):
        return self.cleaned_data["legal_name"].strip()

    def clean_birth_year(self):
        value = self.cleaned_data.get("birth_year")
        check_birth_year(value)
        return value

    def inmate_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in INMATE_EDITABLE_FIELDS}


class InmateUpdateForm(InmateForm):
    """A participant's data, changed. A new display name or story that the consent in force shows
    publicly needs the inmate's agreement to the new words (``public_texts_agreed``)."""

    public_texts_agreed = forms.BooleanField(
        required=False,
        label=_("Warga binaan sudah dibacakan dan menyetujui nama tampilan dan kisah publik yang baru"),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("public_texts_agreed"):
            fields = {name: cleaned[name] for name in ("display_name", "public_story") if name in cleaned}
            for name in public_texts_needing_agreement(inmate=self.instance, fields=fields):
                self.add_error(name, PUBLIC_TEXTS_AGREED_ERROR)
        return cleaned

    @property
    def shows_public_texts(self) -> bool:
        """Whether the consent in force shows the display name or the story (the checkbox is asked)."""
        consent = self.instance.current_consent
        return consent is not None and (consent.display_name_public or consent.story_public)


class InmateRegisterForm(InmateForm):
    """Registration, with the consent optionally recorded in the same step."""

    consent_display_name = forms.BooleanField(required=False, label=CONSENT_LABELS["display_name_public"])
    consent_story = forms.BooleanField(required=False, label=CONSENT_LABELS["story_public"])
    consent_work_photos = forms.BooleanField(required=False, label=CONSENT_LABELS["work_photos_public"])
    consent_face = forms.BooleanField(
        required=False, label=CONSENT_LABELS["face_public"], help_text=FACE_HELP
    )

    CONSENT_FIELDS = ("consent_display_name", "consent_story", "consent_work_photos", "consent_face")

    def clean(self):
        cleaned = super().clean()
        flags = self._flags(cleaned)
        _check_consent_choices(
            self,
            flags=flags,
            display_name=cleaned.get("display_name"),
            public_story=cleaned.get("public_story"),
        )
        return cleaned

    def _flags(self, cleaned) -> dict:
        return {
            "display_name_public": bool(cleaned.get("consent_display_name")),
            "story_public": bool(cleaned.get("consent_story")),
            "work_photos_public": bool(cleaned.get("consent_work_photos")),
            "face_public": bool(cleaned.get("consent_face")),
            "_face_field": "consent_face",
        }

    def consent_choices(self) -> dict | None:
        """consent_give's flags when anything was ticked, else None (no consent recorded)."""
        flags = self._flags(self.cleaned_data)
        del flags["_face_field"]
        return flags if any(flags.values()) else None


class ConsentForm(KeepsUploads, forms.ModelForm):
    """A new consent: what the participant now agrees may be public, and the scanned signed form
    (found by an officer's probe: only the admin, which officers cannot open, took the scan; the
    officer who collects the signature could only write down the form's number). A scan chosen
    on a form refused for another reason is kept (``KeepsUploads``, with ``kept_user``)."""

    class Meta:
        model = Consent
        fields = ["display_name_public", "story_public", "work_photos_public", "face_public", "notes", "document"]
        labels = {
            **CONSENT_LABELS,
            "notes": _("Catatan (tidak tampil di publik)"),
            "document": _("Formulir persetujuan yang ditandatangani (pindaian)"),
        }
        help_texts = {
            "face_public": FACE_HELP,
            "notes": _("Misalnya: nomor formulir yang ditandatangani, saksi."),
        }
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "document": forms.ClearableFileInput(
                attrs={"class": "form-control", "accept": ",".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS)}
            ),
        }

    def __init__(self, *args, inmate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inmate = inmate

    def clean(self):
        cleaned = super().clean()
        flags = {name: bool(cleaned.get(name)) for name in CONSENT_LABELS}
        if self.inmate is not None:
            # Data stored before a check existed (or brought in another way) is not made public
            # by a consent: the display name and story must not name the person.
            wrong = self.inmate.public_text_errors()
            if flags["display_name_public"] and "display_name" in wrong:
                self.add_error(
                    "display_name_public",
                    _(
                        "Nama tampilan peserta ini memuat nama lengkap atau nomor registrasinya. "
                        "Ubah dulu nama tampilannya di data peserta, lalu catat persetujuan."
                    ),
                )
            if flags["story_public"] and "public_story" in wrong:
                self.add_error(
                    "story_public",
                    _(
                        "Kisah publik peserta ini memuat nama lengkap atau nomor registrasinya. "
                        "Ubah dulu kisahnya di data peserta, lalu catat persetujuan."
                    ),
                )
        if not any(flags.values()):
            raise ValidationError(
                _(
                    "Centang sedikitnya satu pilihan. Bila warga binaan tidak ingin tampil sama "
                    "sekali, gunakan “Cabut persetujuan”."
                ),
                code="empty",
            )
        _check_consent_choices(
            self, flags={**flags, "_face_field": "face_public"}, display_name=None, public_story=None
        )
        return cleaned

    def consent_choices(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "document"}


class ReleaseForm(forms.Form):
    release_date = forms.DateField(
        label=_("Tanggal bebas"),
        initial=timezone.localdate,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_release_date(self):
        value = self.cleaned_data["release_date"]
        if value > timezone.localdate():
            raise ValidationError(_("Tanggal bebas tidak boleh di masa depan."), code="future")
        return value


class TransferForm(forms.Form):
    transferred_to = forms.CharField(
        label=_("Dipindahkan ke"),
        max_length=160,
        help_text=_("Nama lapas/rutan tujuan. Ketik untuk memilih dari daftar."),
        widget=forms.TextInput(attrs={"list": "prison-names", "autocomplete": "off"}),
    )

    transferred_on = forms.DateField(
        label=_("Tanggal dipindahkan"),
        initial=timezone.localdate,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_transferred_to(self):
        return self.cleaned_data["transferred_to"].strip()

    def clean_transferred_on(self):
        value = self.cleaned_data["transferred_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Tanggal pemindahan tidak boleh di masa depan."), code="future")
        return value


class InmateFilterForm(forms.Form):
    """The list's search and filters (GET). Invalid values are ignored rather than refused."""

    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Nama atau nomor registrasi")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *Inmate.Status.choices],
    )
    workshop = WorkshopChoiceField(
        label=_("Bengkel kerja"),
        required=False,
        queryset=Workshop.objects.none(),
        empty_label=_("Semua bengkel"),
    )

    def __init__(self, *args, prison: Prison, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = prison_workshops(prison)

    def filters(self) -> dict:
        """query/status/workshop_id for the selector, keeping only the values that were valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        workshop = data.get("workshop")
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "workshop_id": workshop.pk if workshop else None,
        }


class InmateImportForm(forms.Form):
    """The upload of the import: size, format and every row checked (inmates.imports)."""

    file = forms.FileField(
        label=_("Berkas CSV atau Excel (.xlsx)"),
        help_text=_(
            "Paling besar 2 MB dan 2.000 baris. Baris pertama berisi judul kolom seperti pada templat."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": (
                    ".csv,.xlsx,text/csv,"
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                )
            }
        ),
    )

    def __init__(self, *args, prison: Prison, **kwargs):
        super().__init__(*args, **kwargs)
        self.prison = prison
        self.preview: imports.ImportPreview | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.preview = imports.preview_import(upload, prison=self.prison)
        except imports.ImportFileError as exc:
            raise ValidationError(exc.message, code="file") from exc
        return upload
