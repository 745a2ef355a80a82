"""Development (pembinaan): the cooperation agreement (PKS) and its obligations, technical
trainings (Bimtek) with participants and certificates, and equipment or business-management aid."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.model_fields import optional_datetime, optional_user
from config.validators import (
    DOCUMENT_HELP,
    NAME_VALIDATORS,
    AtMost,
    validate_document,
    validate_plausible_date,
)
from inmates.models import Inmate, Prison, Workshop
from inmates.selectors import staff_public_texts_errors
from inmates.uploads import RandomName, RandomNameFileField


class Party(models.TextChoices):
    DITJEN_IKM = "ikm", _("Ditjen IKM (Kemenperin)")
    DITJEN_PAS = "pas", _("Ditjen Pemasyarakatan (Kemenkumham)")


class Agreement(models.Model):
    """A cooperation agreement (Perjanjian Kerja Sama, PKS) between Ditjen PAS and Ditjen IKM."""

    number = models.CharField(_("nomor"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=255, validators=NAME_VALIDATORS)
    first_party = models.CharField(_("pihak pertama"), max_length=200, validators=NAME_VALIDATORS)
    second_party = models.CharField(_("pihak kedua"), max_length=200, validators=NAME_VALIDATORS)
    signed_on = models.DateField(_("ditandatangani pada"), validators=[validate_plausible_date])
    valid_from = models.DateField(_("berlaku mulai"), validators=[validate_plausible_date])
    valid_to = models.DateField(_("berlaku sampai"), validators=[validate_plausible_date])
    document = RandomNameFileField(
        _("dokumen"), upload_to=RandomName("agreements"), blank=True, help_text=DOCUMENT_HELP, validators=[validate_document]
    )
    summary = models.TextField(_("ringkasan"), blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = pgettext_lazy("plural", "perjanjian kerja sama")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=_("Masa berlaku harus berakhir setelah dimulai."),
            )
        ]

    def __str__(self):
        return f"{self.number}: {self.title}"


class Obligation(models.Model):
    class Area(models.TextChoices):
        TRAINING = "training", _("Pelatihan")
        INSTRUCTORS = "instructors", _("Instruktur")
        CERTIFICATES = "certificates", _("Sertifikat")
        MATERIALS = "materials", _("Bahan dan kelengkapan peserta")
        VENUE = "venue", _("Tempat pameran")
        PROMOTION = "promotion", _("Media promosi digital")
        EXHIBITION = "exhibition", _("Penyelenggaraan pameran")
        PARTICIPANTS = "participants", _("Peserta pelatihan")
        OTHER = "other", _("Lainnya")

    class Progress(models.TextChoices):
        """Computed from the evidence and the due date (programs.selectors), never stored."""

        NOT_STARTED = "not_started", _("Belum dimulai")
        IN_PROGRESS = "in_progress", _("Sedang berjalan")
        FULFILLED = "fulfilled", _("Terpenuhi")
        OVERDUE = "overdue", _("Lewat tenggat")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("perjanjian")
    )
    party = models.CharField(_("pihak"), max_length=3, choices=Party.choices)
    area = models.CharField(_("bidang"), max_length=15, choices=Area.choices)
    text = models.TextField(_("kewajiban"))
    due_date = models.DateField(_("tenggat"), null=True, blank=True, db_index=True, validators=[validate_plausible_date])
    target_quantity = models.PositiveIntegerField(
        _("target"),
        default=1,
        validators=[MinValueValidator(1, _("Target harus paling sedikit 1.")), AtMost(1_000_000)],
        help_text=_("Berapa banyak bukti (mis. pelatihan, sertifikat, paket) yang memenuhi kewajiban ini."),
    )
    unit = models.CharField(_("satuan"), max_length=40, blank=True, help_text=_("Mis. pelatihan, sertifikat, paket"))
    position = models.PositiveSmallIntegerField(_("urutan"), default=0, validators=[AtMost(32_767)])

    class Meta:
        ordering = ["agreement", "party", "position", "id"]
        verbose_name = _("kewajiban")
        verbose_name_plural = pgettext_lazy("plural", "kewajiban")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_quantity__gt=0),
                name="obligation_target_positive",
                violation_error_message=_("Target harus paling sedikit 1."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        """A due date within the agreement's validity (found by a ministry probe: an obligation due
        in 2030 was added to an agreement that ended in 2023)."""
        # The agreement may be unsaved yet (an obligation added with it in the admin).
        agreement = self.agreement if self.agreement_id or self._meta.get_field("agreement").is_cached(self) else None
        if self.due_date and agreement and agreement.valid_from and agreement.valid_to:
            if not agreement.valid_from <= self.due_date <= agreement.valid_to:
                raise ValidationError(
                    {
                        "due_date": _("Tenggat harus dalam masa berlaku perjanjian (%(start)s–%(end)s).")
                        % {"start": date_format(agreement.valid_from, "j M Y"), "end": date_format(agreement.valid_to, "j M Y")}
                    }
                )


class Training(models.Model):
    """A technical training (bimbingan teknis, Bimtek) held in a prison."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        RUNNING = "running", _("Berlangsung")
        FINISHED = "finished", _("Selesai")
        CANCELLED = "cancelled", pgettext_lazy("training", "Dibatalkan")

    # Open: people may still be proposed, confirmed and attend (until it has ended).
    OPEN_STATUSES = (Status.PLANNED, Status.RUNNING)

    title = models.CharField(_("judul"), max_length=200, validators=NAME_VALIDATORS)
    skill_area = models.CharField(_("bidang keterampilan"), max_length=120, validators=NAME_VALIDATORS)
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("lapas/rutan")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("bengkel kerja"),
    )
    starts_on = models.DateField(_("tanggal mulai"), db_index=True, validators=[validate_plausible_date])
    ends_on = models.DateField(_("tanggal selesai"), validators=[validate_plausible_date])
    hours = models.PositiveSmallIntegerField(
        _("jumlah jam pelajaran"),
        default=0,
        validators=[MaxValueValidator(500, _("Jumlah jam pelajaran paling banyak 500."))],
    )
    instructors = models.TextField(_("instruktur"), blank=True, help_text=_("Satu per baris."))
    materials = models.TextField(_("bahan pelatihan"), blank=True)
    participant_kit = models.TextField(_("kelengkapan peserta"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas"),
        default=20,
        validators=[MinValueValidator(1, _("Kapasitas harus lebih dari nol.")), AtMost(1000)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("pelatihan (Bimtek)")
        verbose_name_plural = pgettext_lazy("plural", "pelatihan (Bimtek)")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="training_capacity_positive",
                violation_error_message=_("Kapasitas harus lebih dari nol."),
            ),
        ]

    # A Bimtek runs days or weeks; a span of more than a year is a mistyped year (attendance has a
    # row for every day).
    MAX_DAYS = 366

    def __str__(self):
        return f"{self.title} ({self.prison}, {self.starts_on:%Y})"

    def clean(self):
        if self.workshop_id and self.prison_id and self.workshop.prison_id != self.prison_id:
            raise ValidationError({"workshop": _("Bengkel kerja harus berada di lapas yang sama.")})
        if self.pk and self.capacity:
            # Not below the seats already given (found by an attacker probe: 2 seats for 3
            # confirmed participants); a seat is freed by declining or withdrawing somebody.
            seated = self.participants.filter(status=TrainingParticipant.Status.CONFIRMED).count()
            if seated > self.capacity:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(count)s peserta sudah dikonfirmasi; kapasitas tidak boleh kurang dari itu. "
                            "Batalkan dulu peserta yang tidak jadi ikut."
                        )
                        % {"count": seated}
                    }
                )
        if (
            self.pk
            and self.prison_id
            and Training.objects.filter(pk=self.pk).exclude(prison_id=self.prison_id).exists()
            and self.participants.exclude(inmate__prison_id=self.prison_id).exists()
        ):
            # Its participants are inmates of the prison it was held in: moving it would make
            # them another prison's training (their officers would lose it, the others gain it).
            raise ValidationError(
                {
                    "prison": _(
                        "Pelatihan ini sudah memiliki peserta dari lapas lain; lapas tempat "
                        "pelatihan tidak dapat diganti. Buat pelatihan baru di lapas itu."
                    )
                }
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
        if self.starts_on and self.ends_on and (self.ends_on - self.starts_on).days + 1 > self.MAX_DAYS:
            raise ValidationError(
                {
                    "ends_on": _("Pelatihan paling lama %(days)d hari; periksa tanggal selesainya.")
                    % {"days": self.MAX_DAYS}
                }
            )
        if self.pk:
            self._clean_printed_on_certificates()
        # "Selesai" and "Berlangsung" are facts of the calendar, not plans (a PKS probe: a training
        # three weeks ahead was marked finished, and the year's outcomes and the prison's public
        # page counted its participants as trained). Judged on the prison's clock.
        if self.status in (self.Status.FINISHED, self.Status.RUNNING) and self.starts_on and self.ends_on:
            zone = self.prison.tzinfo if self.prison_id else None
            today = timezone.localdate(timezone=zone) if zone else timezone.localdate()
            if self.status == self.Status.FINISHED and self.ends_on > today:
                raise ValidationError(
                    {
                        "status": _(
                            "Pelatihan ini baru berakhir %(date)s; status Selesai dapat dipilih mulai hari itu."
                        )
                        % {"date": date_format(self.ends_on, "j F Y")}
                    }
                )
            if self.status == self.Status.RUNNING and self.starts_on > today:
                raise ValidationError(
                    {
                        "status": _(
                            "Pelatihan ini baru dimulai %(date)s; status Berlangsung dapat dipilih mulai hari itu."
                        )
                        % {"date": date_format(self.starts_on, "j F Y")}
                    }
                )
        # The public certificate check shows both as staff wrote them: read against every prison.
        if errors := staff_public_texts_errors(texts={"title": self.title, "skill_area": self.skill_area}):
            raise ValidationError(errors)

    # What a certificate prints and its public verification page shows of the training.
    PRINTED_ON_CERTIFICATES = ("title", "skill_area", "starts_on", "ends_on", "hours")

    def _clean_printed_on_certificates(self):
        """Once certificates are in force, what they print stays as printed (a PKS probe: a
        changed title, end date and hours rewrote the verification page of certificates already
        handed out, so a genuine paper one looked forged). A correction is made by revoking them,
        correcting the training and issuing new ones."""
        stored = Training.objects.filter(pk=self.pk).values(*self.PRINTED_ON_CERTIFICATES).first()
        if stored is None:
            return
        changed = [name for name in self.PRINTED_ON_CERTIFICATES if getattr(self, name) != stored[name]]
        if not changed:
            return
        in_force = Certificate.objects.filter(participant__training_id=self.pk, revoked_at__isnull=True).count()
        if not in_force:
            return
        message = _(
            "%(count)s sertifikat pelatihan ini sudah terbit dan mencetak isian ini; halaman "
            "verifikasinya harus sama dengan kertasnya. Bila memang salah, cabut dulu sertifikatnya, "
            "perbaiki pelatihan, lalu terbitkan yang baru."
        ) % {"count": in_force}
        raise ValidationError({name: message for name in changed})


class TrainingParticipant(models.Model):
    """An inmate proposed for a training by their prison's officers. Ministry staff confirm: up to
    the training's capacity they are confirmed, after that they wait in line (``waitlist_position``)
    and move up when a confirmed participant drops out (programs.services)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        CONFIRMED = "confirmed", _("Dikonfirmasi")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        DECLINED = "declined", _("Tidak diterima")
        WITHDRAWN = "withdrawn", _("Mengundurkan diri")

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="participants", verbose_name=_("pelatihan")
    )
    inmate = models.ForeignKey(
        Inmate, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("warga binaan")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    days_attended = models.PositiveSmallIntegerField(_("hari hadir"), default=0)
    waitlist_position = models.PositiveSmallIntegerField(_("nomor antrean"), null=True, blank=True)
    confirmed_by = optional_user(_("dikonfirmasi oleh"))
    created_at = models.DateTimeField(_("diusulkan pada"), auto_now_add=True, null=True)
    passed = models.BooleanField(_("lulus"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("nilai"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    proposed_by = optional_user(_("diusulkan oleh"))
    confirmed_at = optional_datetime(_("dikonfirmasi pada"))
    status_changed_at = optional_datetime(_("status diubah pada"))
    status_changed_by = optional_user(_("status diubah oleh"))
    result_recorded_at = optional_datetime(_("nilai dicatat pada"))
    result_recorded_by = optional_user(_("nilai dicatat oleh"))

    class Meta:
        ordering = ["training", "id"]
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = pgettext_lazy("plural", "peserta pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "inmate"],
                name="participant_once_per_training",
                violation_error_message=_("Warga binaan ini sudah terdaftar di pelatihan ini."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="participant_score_range",
                violation_error_message=_("Nilai paling tinggi 100."),
            ),
            # A place in the queue exactly for those waiting.
            models.CheckConstraint(
                condition=(Q(status="waitlisted") & Q(waitlist_position__isnull=False))
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="participant_waitlist_position_iff_waitlisted",
                violation_error_message=_("Nomor antrean hanya untuk peserta di daftar tunggu."),
            ),
        ]

    def __str__(self):
        # Shown as an inline row's heading in the admin: the person is enough (the training is
        # the page's); elsewhere the training follows.
        return f"{self.inmate} · {self.training.title}" if self.training_id else str(self.inmate)

    @property
    def certificate(self):
        """The participant's certificate: the one in force, else the last revoked one, else None
        (a revoked certificate may be replaced, so a participant may have several). Reads the
        prefetched ``certificates`` when there are."""
        certificates = sorted(self.certificates.all(), key=lambda c: (c.revoked_at is None, c.pk))
        return certificates[-1] if certificates else None

    @classmethod
    def from_db(cls, db, field_names, values):
        participant = super().from_db(db, field_names, values)
        # Who the row was about when loaded; clean() refuses to make it about someone else.
        participant._loaded_keys = (participant.__dict__.get("training_id"), participant.__dict__.get("inmate_id"))
        return participant

    def clean(self):
        loaded_training, loaded_inmate = getattr(self, "_loaded_keys", (None, None))
        moved = {}
        if loaded_inmate is not None and self.inmate_id != loaded_inmate:
            moved["inmate"] = _(
                "Peserta yang sudah terdaftar tidak dapat diganti orang lain: kehadiran, nilai dan "
                "sertifikatnya akan ikut pindah. Tambahkan warga binaan itu sebagai peserta baru dan "
                "tandai peserta ini mengundurkan diri."
            )
        if loaded_training is not None and self.training_id != loaded_training:
            moved["training"] = _(
                "Peserta tidak dapat dipindah ke pelatihan lain; daftarkan warga binaan itu di "
                "pelatihan tersebut."
            )
        if moved:
            raise ValidationError(moved)
        if self.inmate_id and self.training_id and self.inmate.prison_id != self.training.prison_id:
            raise ValidationError({"inmate": _("Peserta harus warga binaan lapas tempat pelatihan.")})


def new_verification_code() -> str:
    # Unguessable, short enough to type from paper; no ambiguous characters.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(models.Model):
    """A training certificate. One is in force per participant at most; a revoked one (a wrong
    date, a misprint) may be replaced by a new one with a new number (``replaces``)."""

    participant = models.ForeignKey(
        TrainingParticipant,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("peserta"),
    )
    number = models.CharField(_("nomor sertifikat"), max_length=40, unique=True)
    issued_on = models.DateField(_("diterbitkan pada"), validators=[validate_plausible_date])
    verification_code = models.CharField(
        _("kode verifikasi"), max_length=16, unique=True, default=new_verification_code
    )
    issued_by = optional_user(_("diterbitkan oleh"))
    revoked_at = optional_datetime(_("dicabut pada"))
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement",
        verbose_name=_("menggantikan"),
    )

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("sertifikat")
        verbose_name_plural = pgettext_lazy("plural", "sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_in_force_per_participant",
                violation_error_message=_("Peserta ini sudah memiliki sertifikat yang berlaku."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certificate_revocation_has_reason",
                violation_error_message=_("Pencabutan harus disertai alasan."),
            )
        ]

    def __str__(self):
        return self.number

    def clean(self):
        if self.participant_id and self.participant.passed is not True:
            raise ValidationError({"participant": _("Sertifikat hanya untuk peserta yang lulus.")})
        if self.participant_id and self.issued_on:
            error = certificate_date_error(training=self.participant.training, issued_on=self.issued_on)
            if error:
                raise ValidationError({"issued_on": error})


def certificate_date_error(*, training, issued_on: datetime.date) -> str:
    """Why a certificate of ``training`` may not carry ``issued_on`` ("" when it may): it is
    issued once the training has ended (on its last day at the earliest), never ahead of today."""
    from django.utils.formats import date_format

    if training.ends_on and (issued_on < training.ends_on or training.ends_on > timezone.localdate()):
        return _(
            "Sertifikat diterbitkan setelah pelatihan selesai: paling awal %(date)s, hari terakhir pelatihan."
        ) % {"date": date_format(training.ends_on, "j F Y")}
    if issued_on > timezone.localdate():
        return _("Tanggal terbit tidak boleh di masa depan.")
    return ""


class Aid(models.Model):
    """Equipment aid or business-management aid given to a prison (or one of its workshops)."""

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("Bantuan peralatan")
        MANAGEMENT = "management", _("Bantuan manajemen usaha")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, related_name="aid", verbose_name=_("lapas/rutan")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid",
        verbose_name=_("bengkel kerja"),
    )
    items = models.TextField(_("barang/kegiatan"))
    quantity = models.PositiveIntegerField(
        _("jumlah"),
        default=1,
        validators=[MinValueValidator(1, _("Jumlah harus lebih dari nol.")), AtMost(1_000_000)],
    )
    value = models.PositiveBigIntegerField(
        _("nilai (Rp)"),
        validators=[
            # Found by an attacker probe: aid worth Rp 0 was recorded.
            MinValueValidator(1, _("Isi nilai bantuan dalam rupiah, lebih dari nol.")),
            AtMost(10**12, rupiah=True),
        ],
    )
    given_on = models.DateField(_("tanggal serah terima"), validators=[validate_plausible_date])
    handover_document = RandomNameFileField(
        _("berita acara serah terima"),
        upload_to=RandomName("aid"),
        blank=True,
        help_text=DOCUMENT_HELP,
        validators=[validate_document],
    )

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("bantuan")
        verbose_name_plural = pgettext_lazy("plural", "bantuan")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="aid_quantity_positive",
                violation_error_message=_("Jumlah harus lebih dari nol."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="aid_value_not_negative",
                violation_error_message=_("Nilai tidak boleh negatif."),
            ),
        ]

    def __str__(self):
        given = f" ({date_format(self.given_on, 'j M Y')})" if self.given_on else ""
        return f"{self.get_kind_display()}: {self.prison}{given}"

    def clean(self):
        if self.workshop_id and self.prison_id and self.workshop.prison_id != self.prison_id:
            raise ValidationError({"workshop": _("Bengkel kerja harus berada di lapas yang sama.")})
        # Aid is recorded once handed over (found by a staff probe: a handover on 1 December 2030).
        if self.given_on and self.given_on > timezone.localdate():
            raise ValidationError(
                {"given_on": _("Tanggal serah terima tidak boleh di masa depan: catat bantuan setelah diserahkan.")}
            )


class TrainingAttendance(models.Model):
    """Whether a participant was present on one day of a training."""

    participant = models.ForeignKey(
        TrainingParticipant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("peserta"),
    )
    day = models.DateField(_("hari"), validators=[validate_plausible_date])
    present = models.BooleanField(_("hadir"), default=True)
    recorded_by = optional_user(_("dicatat oleh"))
    recorded_at = optional_datetime(_("dicatat pada"))

    class Meta:
        ordering = ["participant", "day"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_once_per_day"),
        ]

    def __str__(self):
        # A page title, breadcrumb and history line in the back office: who, which day, present or
        # not. Lists that show it select the participant's inmate with it.
        return _("%(person)s, %(day)s: %(presence)s") % {
            "person": self.participant.inmate if self.participant_id else "-",
            "day": date_format(self.day) if self.day else "-",
            "presence": _("hadir") if self.present else _("tidak hadir"),
        }

    def clean(self):
        if not self.participant_id or not self.day:
            return
        participant = self.participant
        training = participant.training
        errors = {}
        if participant.status != TrainingParticipant.Status.CONFIRMED:
            errors["participant"] = _("Kehadiran hanya dicatat untuk peserta yang dikonfirmasi.")
        if not training.starts_on <= self.day <= training.ends_on:
            errors["day"] = _("Hari harus di antara tanggal mulai dan selesai pelatihan.")
        elif self.day > timezone.localdate():
            errors["day"] = _("Kehadiran dicatat pada atau setelah harinya.")
        if errors:
            raise ValidationError(errors)


class CertificateCounter(models.Model):
    """The last certificate number used in a year. Numbers are taken from here under a row lock and
    never handed out again, also when a certificate is revoked or deleted."""

    # A year of the programme written in full (the certificate number carries it: a counter for
    # year 12 made "IKM/BIMTEK/12/0013", found by a staff probe).
    year = models.PositiveSmallIntegerField(
        _("tahun"),
        primary_key=True,
        validators=[
            MinValueValidator(2000, _("Tulis tahun lengkap, misalnya 2018.")),
            MaxValueValidator(2100, _("Tulis tahun lengkap, misalnya 2018.")),
        ],
    )
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penomoran sertifikat")
        verbose_name_plural = _("penomoran sertifikat")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Evidence(models.Model):
    """What fulfilled (part of) an obligation of the agreement: a training held, instructors
    provided, certificates issued, kits delivered, an exhibition run, promotion published, aid."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Pelatihan diselenggarakan")
        INSTRUCTORS = "instructors", _("Instruktur disediakan")
        CERTIFICATES = "certificates", _("Sertifikat diterbitkan")
        KITS = "kits", _("Bahan dan kelengkapan diserahkan")
        EXHIBITION = "exhibition", _("Pameran diselenggarakan")
        PROMOTION = "promotion", _("Konten promosi diterbitkan")
        AID = "aid", _("Bantuan diberikan")
        OTHER = "other", _("Lainnya")

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("kewajiban")
    )
    kind = models.CharField(_("jenis bukti"), max_length=15, choices=Kind.choices)
    quantity = models.PositiveIntegerField(
        _("jumlah"),
        default=1,
        validators=[MinValueValidator(1, _("Jumlah harus lebih dari nol.")), AtMost(1_000_000)],
    )
    date = models.DateField(_("tanggal"), validators=[validate_plausible_date])
    description = models.CharField(_("keterangan"), max_length=255, blank=True)
    training = models.ForeignKey(
        Training, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence", verbose_name=_("pelatihan")
    )
    aid = models.ForeignKey(
        "Aid", on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence", verbose_name=_("bantuan")
    )
    exhibition = models.ForeignKey(
        "exhibitions.Exhibition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("pameran"),
    )
    url = models.URLField(_("tautan"), blank=True)
    document = RandomNameFileField(
        _("dokumen"), upload_to=RandomName("evidence"), blank=True, help_text=DOCUMENT_HELP, validators=[validate_document]
    )
    recorded_by = optional_user(_("dicatat oleh"))
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        ordering = ["obligation", "-date"]
        verbose_name = _("bukti pemenuhan")
        verbose_name_plural = _("bukti pemenuhan")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="evidence_quantity_positive",
                violation_error_message=_("Jumlah harus lebih dari nol."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({date_format(self.date, 'j M Y')})" if self.date else self.get_kind_display()

    def clean(self):
        """One linked record at most, and a kind that fits it (found by a new user's probe: "an
        exhibition held" was accepted with a training linked)."""
        links = [name for name in ("training", "aid", "exhibition") if getattr(self, f"{name}_id")]
        if len(links) > 1:
            raise ValidationError(
                {links[1]: _("Tautkan satu saja: pelatihan, bantuan atau pameran.")}, code="several_links"
            )
        if links and self.kind and self.kind not in EVIDENCE_KINDS_OF_LINK[links[0]]:
            raise ValidationError(
                {
                    "kind": _("Jenis bukti ini tidak cocok dengan %(link)s yang ditautkan; pilih %(kinds)s.")
                    % {
                        "link": self._meta.get_field(links[0]).verbose_name,
                        "kinds": ", ".join(
                            str(self.Kind(kind).label) for kind in EVIDENCE_KINDS_OF_LINK[links[0]]
                        ),
                    }
                },
                code="kind_of_link",
            )
        errors = {}
        if links and self.obligation_id and self.kind:
            link = links[0]
            twin = Evidence.objects.filter(obligation_id=self.obligation_id, kind=self.kind, **{f"{link}_id": getattr(self, f"{link}_id")})
            if twin.exclude(pk=self.pk).exists():
                errors[link] = _(
                    "Bukti “%(kind)s” dari %(link)s ini sudah dicatat untuk kewajiban ini; ubah bukti itu, "
                    "jangan mencatatnya dua kali."
                ) % {"link": self._meta.get_field(link).verbose_name, "kind": self.get_kind_display()}
            elif self.quantity and (limit := self._linked_limit(link)) is not None and self.quantity > limit[0]:
                errors["quantity"] = limit[1]
        # Not after the agreement ended (found by a ministry probe: evidence of 2025 for an agreement
        # that ended in 2023). Before it began is allowed: the agreement was signed at the opening of
        # an exhibition, after the trainings of the same programme that prepared it.
        if self.obligation_id and self.kind and self.kind != self.Kind.OTHER:
            fitting = EVIDENCE_KINDS_OF_AREA.get(self.obligation.area)
            if fitting is not None and self.kind not in fitting:
                errors.setdefault(
                    "kind",
                    _("Jenis bukti ini tidak sesuai dengan kewajiban bidang “%(area)s”; pilih %(kinds)s atau Lainnya.")
                    % {
                        "area": self.obligation.get_area_display(),
                        "kinds": ", ".join(str(self.Kind(kind).label) for kind in sorted(fitting)),
                    },
                )
        # One record fulfils at most the whole obligation (found by an attacker probe: "Lainnya",
        # which no linked record limits, counted 1.000.000 towards a target of 10 certificates).
        if self.obligation_id and self.quantity and self.quantity > (target := self.obligation.target_quantity):
            errors.setdefault(
                "quantity",
                _("Satu bukti paling banyak sebesar target kewajibannya (%(target)s %(unit)s). Periksa jumlahnya.")
                % {"target": number_format(target, 0, force_grouping=True), "unit": self.obligation.unit},
            )
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("Tanggal bukti tidak boleh di masa depan.")
        elif self.obligation_id and self.date and self.date > (valid_to := self.obligation.agreement.valid_to):
            errors["date"] = _(
                "Tanggal bukti melewati akhir masa berlaku perjanjian (%(end)s): yang terjadi sesudahnya "
                "tidak memenuhi kewajiban perjanjian ini."
            ) % {"end": date_format(valid_to, "j M Y")}
        if errors:
            raise ValidationError(errors)

    def _linked_limit(self, link: str):
        """``(largest quantity, message)`` that the linked record can stand for as evidence of this
        kind, or None where it sets no limit (found by a ministry probe: a training recorded as
        "50 certificates" when it issued 2 made the progress page report an obligation fulfilled)."""
        if link == "exhibition" and self.kind == self.Kind.EXHIBITION:
            return 1, _("Satu pameran dihitung satu.")
        if link != "training":
            return None
        training = self.training
        confirmed = training.participants.filter(status=TrainingParticipant.Status.CONFIRMED)
        if self.kind == self.Kind.CERTIFICATES:
            count = Certificate.objects.filter(participant__training=training, revoked_at__isnull=True).count()
            return count, _("Pelatihan ini menerbitkan %(count)d sertifikat yang berlaku; jumlah tidak boleh lebih.") % {"count": count}
        if self.kind == self.Kind.TRAINING and self.obligation.area == Obligation.Area.PARTICIPANTS:
            count = confirmed.count()
            return count, _("Pelatihan ini memiliki %(count)d peserta terkonfirmasi; jumlah tidak boleh lebih.") % {"count": count}
        if self.kind == self.Kind.TRAINING:
            return 1, _("Satu pelatihan dihitung satu; untuk jumlah peserta, catat pada kewajiban peserta pelatihan.")
        if self.kind == self.Kind.INSTRUCTORS and (count := len([line for line in training.instructors.splitlines() if line.strip()])):
            return count, _("Pelatihan ini mencatat %(count)d instruktur; jumlah tidak boleh lebih.") % {"count": count}
        if self.kind == self.Kind.KITS and (count := confirmed.count()):
            return count, _("Pelatihan ini memiliki %(count)d peserta terkonfirmasi (satu paket per peserta); jumlah tidak boleh lebih.") % {"count": count}
        return None


# The kinds of evidence a linked training, aid or exhibition can be.
EVIDENCE_KINDS_OF_LINK = {
    "training": (
        Evidence.Kind.TRAINING,
        Evidence.Kind.INSTRUCTORS,
        Evidence.Kind.CERTIFICATES,
        Evidence.Kind.KITS,
        Evidence.Kind.OTHER,
    ),
    "aid": (Evidence.Kind.AID, Evidence.Kind.KITS, Evidence.Kind.OTHER),
    "exhibition": (Evidence.Kind.EXHIBITION, Evidence.Kind.PROMOTION, Evidence.Kind.OTHER),
}

# The kind of evidence an obligation of each area is most often fulfilled by (the form's first guess).
# The kinds of evidence that can fulfil an obligation of each area ("Lainnya" fits every area;
# an obligation of the area "Lainnya" takes every kind). Found by a ministry-staff probe: a
# certificate counted as an exhibition held, an exhibition as participants prepared.
EVIDENCE_KINDS_OF_AREA = {
    # Holding a training is shown by the training, its instructors, kits or certificates.
    Obligation.Area.TRAINING: {
        Evidence.Kind.TRAINING, Evidence.Kind.INSTRUCTORS, Evidence.Kind.KITS, Evidence.Kind.CERTIFICATES,
    },
    Obligation.Area.INSTRUCTORS: {Evidence.Kind.INSTRUCTORS, Evidence.Kind.TRAINING},
    Obligation.Area.CERTIFICATES: {Evidence.Kind.CERTIFICATES},
    Obligation.Area.MATERIALS: {Evidence.Kind.KITS, Evidence.Kind.AID},
    Obligation.Area.VENUE: {Evidence.Kind.EXHIBITION},
    Obligation.Area.PROMOTION: {Evidence.Kind.PROMOTION},
    Obligation.Area.EXHIBITION: {Evidence.Kind.EXHIBITION},
    Obligation.Area.PARTICIPANTS: {Evidence.Kind.TRAINING},
}

EVIDENCE_KIND_OF_AREA = {
    Obligation.Area.TRAINING: Evidence.Kind.TRAINING,
    Obligation.Area.INSTRUCTORS: Evidence.Kind.INSTRUCTORS,
    Obligation.Area.CERTIFICATES: Evidence.Kind.CERTIFICATES,
    Obligation.Area.MATERIALS: Evidence.Kind.KITS,
    Obligation.Area.VENUE: Evidence.Kind.EXHIBITION,
    Obligation.Area.PROMOTION: Evidence.Kind.PROMOTION,
    Obligation.Area.EXHIBITION: Evidence.Kind.EXHIBITION,
    Obligation.Area.PARTICIPANTS: Evidence.Kind.TRAINING,
    Obligation.Area.OTHER: Evidence.Kind.OTHER,
}


class FollowUp(models.Model):
    """How a released participant is doing 3, 6 and 12 months after release. Never public."""

    class Month(models.IntegerChoices):
        THREE = 3, _("3 bulan")
        SIX = 6, _("6 bulan")
        TWELVE = 12, _("12 bulan")

    class TurnoverBand(models.TextChoices):
        NONE = "none", _("Belum ada omzet")
        UNDER_1M = "lt1m", _("Di bawah Rp 1 juta per bulan")
        FROM_1M = "1-5m", _("Rp 1-5 juta per bulan")
        FROM_5M = "5-25m", _("Rp 5-25 juta per bulan")
        OVER_25M = "gt25m", _("Di atas Rp 25 juta per bulan")

    inmate = models.ForeignKey(
        Inmate, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("warga binaan")
    )
    months_after_release = models.PositiveSmallIntegerField(_("bulan setelah bebas"), choices=Month.choices)
    recorded_on = models.DateField(_("tanggal pemantauan"), validators=[validate_plausible_date])
    has_business = models.BooleanField(_("memiliki usaha"))
    sector = models.CharField(_("bidang usaha"), max_length=120, blank=True)
    business_name = models.CharField(_("nama usaha"), max_length=160, blank=True, validators=NAME_VALIDATORS)
    employees = models.PositiveSmallIntegerField(_("jumlah pekerja"), default=0, validators=[AtMost(32_767)])
    turnover_band = models.CharField(
        _("omzet bulanan"), max_length=6, choices=TurnoverBand.choices, default=TurnoverBand.NONE
    )
    in_contact = models.BooleanField(_("masih dapat dihubungi"), default=True)
    notes = models.TextField(_("catatan"), blank=True, max_length=2000)
    recorded_by = optional_user(_("dicatat oleh"))

    class Meta:
        ordering = ["inmate", "months_after_release"]
        verbose_name = _("pemantauan pascabebas")
        verbose_name_plural = pgettext_lazy("plural", "pemantauan pascabebas")
        constraints = [
            models.UniqueConstraint(
                fields=["inmate", "months_after_release"],
                name="follow_up_once_per_milestone",
                violation_error_message=_("Pemantauan untuk bulan ini sudah dicatat."),
            ),
        ]

    def __str__(self):
        # Back office only (never public): the person and the milestone, e.g. "…, 3 bulan setelah bebas".
        return _("%(person)s, %(months)s setelah bebas") % {
            "person": self.inmate if self.inmate_id else "-",
            "months": self.get_months_after_release_display() if self.months_after_release else "-",
        }
