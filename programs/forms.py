"""Forms for development programmes. They check input and limit choices; the writes are in
programs.services (views pass cleaned data there, never ``form.save()``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from config.validators import NAME_VALIDATORS, validate_plausible_date
from inmates.form_fields import IdMultipleChoiceField, WholeNumberField, offer_by_search
from inmates.models import Inmate
from programs.models import Evidence, FollowUp, Obligation

YES_NO = ((True, _("Ya")), (False, _("Tidak")))


def _yes_no(value) -> bool | None:
    return {"True": True, "False": False, True: True, False: False}.get(value)


class FollowUpForm(forms.Form):
    """One follow-up (3, 6 or 12 months after release) of one released inmate."""

    months_after_release = forms.TypedChoiceField(
        label=_("Pemantauan ke"),
        choices=FollowUp.Month.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih 3, 6 atau 12 bulan.")},
    )
    recorded_on = forms.DateField(
        label=_("Tanggal pemantauan"),
        initial=timezone.localdate,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        # The project's message for an invalid date, with an example, as on every other date
        # field ("Tanggal tidak valid." alone, found by a bad-input probe).
        error_messages={"required": _("Isi tanggal pemantauan.")},
    )
    in_contact = forms.TypedChoiceField(
        label=_("Masih dapat dihubungi?"),
        choices=YES_NO,
        coerce=_yes_no,
        initial=True,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih ya atau tidak.")},
    )
    has_business = forms.TypedChoiceField(
        label=_("Menjalankan usaha?"),
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih ya atau tidak.")},
    )
    sector = forms.CharField(
        label=_("Bidang usaha"),
        max_length=120,
        required=False,
        help_text=_("Mis. batik tulis, konveksi, makanan olahan."),
    )
    business_name = forms.CharField(
        label=_("Nama usaha"), max_length=160, required=False, validators=NAME_VALIDATORS
    )
    employees = WholeNumberField(
        label=_("Jumlah pekerja"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Selain dirinya sendiri."),
        error_messages={
            "min_value": _("Tidak boleh negatif."),
            # Not the database's bound as such ("paling besar 32767"): a number of workers.
            "max_value": _("Periksa jumlah pekerjanya: paling banyak 10.000 orang."),
        },
    )
    turnover_band = forms.ChoiceField(
        label=_("Omzet bulanan"), choices=FollowUp.TurnoverBand.choices, initial=FollowUp.TurnoverBand.NONE
    )
    notes = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya terlihat oleh petugas lapas dan staf kementerian."),
    )

    def __init__(self, *args, inmate: Inmate, **kwargs):
        self.inmate = inmate
        super().__init__(*args, **kwargs)

    def clean_months_after_release(self):
        months = self.cleaned_data["months_after_release"]
        existing = FollowUp.objects.filter(inmate=self.inmate, months_after_release=months).first()
        if existing is not None:
            raise ValidationError(
                _("Pemantauan %(months)s bulan sudah dicatat pada %(date)s."),
                code="unique",
                params={"months": months, "date": date_format(existing.recorded_on, "j F Y")},
            )
        return months

    def clean_recorded_on(self):
        value = self.cleaned_data["recorded_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Tanggal pemantauan tidak boleh di masa depan."), code="future")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_business") and not (cleaned.get("sector") or "").strip():
            self.add_error("sector", _("Isi bidang usahanya."))
        months, recorded_on = cleaned.get("months_after_release"), cleaned.get("recorded_on")
        if months is not None and recorded_on is not None:
            # The service's checks (the milestone's earliest day), now, with every other error:
            # the date before the milestone came up only once the rest was right (found by an
            # officer's probe: errors in rounds).
            from programs.services import followup_check

            try:
                followup_check(inmate=self.inmate, months_after_release=months, recorded_on=recorded_on)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field in self.fields and field not in self.errors:
                        self.add_error(field, messages)
                    elif field not in self.fields:
                        self.add_error(None, messages)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "months_after_release": data["months_after_release"],
            "recorded_on": data["recorded_on"],
            "has_business": data["has_business"],
            "sector": data["sector"],
            "business_name": data["business_name"],
            "employees": data["employees"] or 0,
            "turnover_band": data["turnover_band"],
            "in_contact": data["in_contact"],
            "notes": data["notes"],
        }


class CertificateIssueForm(forms.Form):
    """The date the training's new certificates carry (and whose year numbers them): its last day
    unless staff say otherwise (found by a ministry probe: certificates signed months later
    carried that day and that year's numbers, for a training of another year)."""

    issued_on = forms.DateField(
        label=_("Tanggal terbit"),
        required=False,  # empty: the training's last day
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_plausible_date],
        error_messages={"invalid": _("Tulis tanggal yang benar.")},
    )


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Disimpan untuk staf; halaman verifikasi publik hanya menyebut bahwa sertifikat dicabut."
        ),
        error_messages={"required": _("Tuliskan alasan pencabutan.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Tuliskan alasan pencabutan."), code="required")
        return reason


class OutcomeFilterForm(forms.Form):
    """The outcomes dashboard's filters (GET ``tahun`` and ``kanwil``); a value that is not a
    sensible year or region id is ignored (all years / all regions), never an error page."""

    tahun = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)
    kanwil = forms.IntegerField(label=_("Kanwil"), required=False, min_value=1)

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"year": data.get("tahun"), "region_id": data.get("kanwil")}


# --- Trainings (Bimtek): proposals, the attendance grid, results; evidence from the admin ---------


class InmateChoices(IdMultipleChoiceField):
    def label_from_instance(self, inmate):
        # Portal only. The registration number tells namesakes apart.
        parts = [inmate.legal_name, inmate.registration_number]
        if inmate.workshop_id:
            parts.append(inmate.workshop.name)
        return " · ".join(parts)


class TrainingProposeForm(forms.Form):
    """Inmates to propose for a training: only those offered by ``inmates`` (a queryset the view
    takes from programs.selectors.portal_proposable_inmates, i.e. the officer's own prison)."""

    inmates = InmateChoices(
        label=_("Warga binaan yang diusulkan"),
        queryset=Inmate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih paling sedikit satu warga binaan."),
            # Not the raw id of the choice: it names nobody an officer knows. An inmate proposed,
            # released or moved since the page was opened is the usual cause.
            "invalid_choice": _(
                "Salah satu warga binaan yang dipilih tidak dapat lagi diusulkan untuk pelatihan ini "
                "(mungkin sudah diusulkan, bebas atau dipindahkan). Pilihan telah diperbarui; periksa "
                "lalu kirim lagi."
            ),
            "invalid_pk_value": _("Pilihan tidak valid."),
        },
    )

    def __init__(self, *args, inmates, search_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inmates"].queryset = inmates
        if search_url:
            offer_by_search(self, "inmates", search_url=search_url)


class AttendanceGridForm(forms.Form):
    """One checkbox per confirmed participant and training day: ticked is present. Days after
    ``today`` are shown disabled (attendance is recorded on or after the day)."""

    def __init__(self, *args, days, participants, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        self.participants = participants
        self.today = today
        self._cells = []
        for participant in participants:
            for day in days:
                name = f"hadir_{participant.pk}_{day:%Y%m%d}"
                self.fields[name] = forms.BooleanField(
                    required=False,
                    initial=day in getattr(participant, "present_days", ()),
                    disabled=day > today,
                    label=_("%(name)s hadir %(day)s")
                    % {"name": participant.inmate.legal_name, "day": date_format(day, "j F Y")},
                )
                self._cells.append((participant, day, name))

    @property
    def open_days(self) -> list:
        return [day for day in self.days if day <= self.today]

    def rows(self) -> list[dict]:
        """For the template: each participant with its cells (day, bound field, open or not)."""
        by_participant: dict = {}
        for participant, day, name in self._cells:
            by_participant.setdefault(participant.pk, {"participant": participant, "cells": []})["cells"].append(
                {"day": day, "field": self[name], "open": day <= self.today}
            )
        return list(by_participant.values())

    def marks(self) -> dict:
        """``{(participant id, day): present}`` for every open cell (unticked is absent)."""
        return {
            (participant.pk, day): bool(self.cleaned_data.get(name))
            for participant, day, name in self._cells
            if day <= self.today
        }


RESULT_CHOICES = (("", "—"), ("lulus", _("Lulus")), ("tidak", _("Tidak lulus")))


class ResultGridForm(forms.Form):
    """Pass or fail and a score (0-100) per confirmed participant. A row left empty records
    nothing; a row half filled is an error next to the missing field."""

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        for participant in participants:
            initial_passed = {True: "lulus", False: "tidak"}.get(participant.passed, "")
            self.fields[f"lulus_{participant.pk}"] = forms.ChoiceField(
                label=_("Hasil %(name)s") % {"name": participant.inmate.legal_name},
                choices=RESULT_CHOICES,
                required=False,
                initial=initial_passed,
            )
            self.fields[f"nilai_{participant.pk}"] = WholeNumberField(
                label=_("Nilai %(name)s") % {"name": participant.inmate.legal_name},
                min_value=0,
                max_value=100,
                required=False,
                initial=participant.score,
                error_messages={
                    "min_value": _("Nilai antara 0 dan 100."),
                    "max_value": _("Nilai antara 0 dan 100."),
                    "invalid": _("Isi nilai dengan bilangan bulat 0 sampai 100, tanpa koma (misalnya 78)."),
                    "decimal": _("Isi nilai dengan bilangan bulat 0 sampai 100, tanpa koma (misalnya 78)."),
                },
            )

    def clean(self):
        data = super().clean()
        for participant in self.participants:
            passed, score = f"lulus_{participant.pk}", f"nilai_{participant.pk}"
            if passed in self.errors or score in self.errors:
                continue
            if data.get(passed) and data.get(score) is None:
                self.add_error(score, _("Isi nilai 0 sampai 100."))
            elif not data.get(passed) and data.get(score) is not None:
                self.add_error(passed, _("Pilih lulus atau tidak lulus."))
        return data

    def rows(self) -> list[dict]:
        return [
            {
                "participant": participant,
                "passed": self[f"lulus_{participant.pk}"],
                "score": self[f"nilai_{participant.pk}"],
            }
            for participant in self.participants
        ]

    def results(self) -> list[tuple]:
        """(participant, passed, score) for each row filled in and different from what is stored."""
        changed = []
        for participant in self.participants:
            choice = self.cleaned_data.get(f"lulus_{participant.pk}")
            if not choice:
                continue
            passed, score = choice == "lulus", self.cleaned_data[f"nilai_{participant.pk}"]
            if (participant.passed, participant.score) != (passed, score):
                changed.append((participant, passed, score))
        return changed


class ObligationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obligation):
        return f"{obligation.agreement.number} · {obligation.get_party_display()} · {obligation.text}"


class EvidenceFromObjectsForm(forms.Form):
    """The admin action "record as evidence": which obligation the selected trainings or aid
    fulfil, as which kind of evidence, and how much each counts."""

    obligation = ObligationChoice(
        label=_("Kewajiban yang dipenuhi"),
        queryset=Obligation.objects.select_related("agreement").order_by(
            "-agreement__signed_on", "agreement", "party", "position", "pk"
        ),
    )
    kind = forms.ChoiceField(label=_("Jenis bukti"), choices=Evidence.Kind.choices)
    quantity = WholeNumberField(
        label=_("Jumlah per baris"),
        min_value=1,
        required=False,
        help_text=_(
            "Kosongkan untuk 1 per baris; untuk sertifikat dari pelatihan: jumlah sertifikat yang "
            "masih berlaku."
        ),
    )
    description = forms.CharField(
        label=_("Keterangan"), max_length=255, required=False, help_text=_("Kosongkan untuk memakai nama barisnya.")
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [(k, label) for k, label in Evidence.Kind.choices if k in kinds]
