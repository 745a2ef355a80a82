"""Exhibitions (the yearly Pameran Produk Unggulan Narapidana and others), delegations, the
programme, competitions and judging, market-trial sales, visitor counts and buyer inquiries."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from config.model_fields import optional_datetime, optional_user
from config.validators import (
    NAME_VALIDATORS,
    AtMost,
    validate_one_line,
    validate_phone_number,
    validate_plausible_date,
    validate_plausible_datetime,
)
from inmates.models import SLUG_HELP, Prison, Region, people_of_prisons, public_texts_errors
from inmates.naming import PeopleIndex
from inmates.selectors import staff_public_texts_errors
from inmates.templatetags.etalase import format_moment, format_rupiah
from inmates.uploads import RandomName, RandomNameImageField
from products.models import Product


def exhibiting_prison_ids(exhibition_id) -> set[int]:
    """The prisons whose people an exhibition's public text could name: those with a delegation,
    and those whose products a delegation (a Kanwil's too) shows."""
    if not exhibition_id:
        return set()
    return set(
        Delegation.objects.filter(exhibition_id=exhibition_id).exclude(prison=None).values_list("prison_id", flat=True)
    ) | set(Product.objects.filter(delegations__exhibition_id=exhibition_id).values_list("prison_id", flat=True))


def exhibition_people(exhibition) -> PeopleIndex:
    """``people_of_prisons`` of an exhibition's exhibitors, kept on the instance: the exhibition's
    admin page checks its description and every programme row against it, once."""
    people = getattr(exhibition, "_exhibiting_people", None)
    if people is None:
        people = people_of_prisons(exhibiting_prison_ids(exhibition.pk))
        exhibition._exhibiting_people = people
    return people


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class ExhibitionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Exhibition(models.Model):
    title = models.CharField(_("judul"), max_length=200, validators=NAME_VALIDATORS)
    edition = models.PositiveSmallIntegerField(
        _("nomor penyelenggaraan"),
        null=True,
        blank=True,
        help_text=_("Misalnya 6 untuk pameran yang keenam."),
        validators=[AtMost(999)],
    )
    slug = models.SlugField(_("alamat halaman"), max_length=200, unique=True, help_text=SLUG_HELP)
    venue = models.CharField(_("tempat"), max_length=160, validators=NAME_VALIDATORS)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    city = models.CharField(_("kota"), max_length=80, validators=NAME_VALIDATORS)
    start_date = models.DateField(_("tanggal mulai"), db_index=True, validators=[validate_plausible_date])
    end_date = models.DateField(_("tanggal selesai"), validators=[validate_plausible_date])
    opening_time = models.TimeField(_("jam buka"), default=datetime.time(9, 0))
    closing_time = models.TimeField(_("jam tutup"), default=datetime.time(17, 0))
    timezone = models.CharField(
        _("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    organisers = models.TextField(
        _("penyelenggara"), blank=True, help_text=_("Satu penyelenggara per baris.")
    )
    description = models.TextField(_("deskripsi"), blank=True)
    registration_opens = optional_datetime(_("pendaftaran dibuka"))
    registration_closes = optional_datetime(_("pendaftaran ditutup"))
    banner = RandomNameImageField(_("spanduk"), upload_to=RandomName("exhibitions"), blank=True)
    is_published = models.BooleanField(_("terbit"), default=False, db_index=True, help_text=_("Centang setelah data pameran lengkap: baru tampil di situs publik."))
    # Revenue-split policy of the market trial, in whole percent adding up to 100.
    share_inmate_pct = models.PositiveSmallIntegerField(
        _("bagian warga binaan (%)"), default=50, validators=[AtMost(100)]
    )
    share_pnbp_pct = models.PositiveSmallIntegerField(_("bagian PNBP (%)"), default=30, validators=[AtMost(100)])
    share_programme_pct = models.PositiveSmallIntegerField(
        _("bagian biaya program (%)"), default=20, validators=[AtMost(100)]
    )
    closed_at = optional_datetime(_("ditutup pada"))
    closed_by = optional_user(_("ditutup oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("pameran")
        verbose_name_plural = pgettext_lazy("plural", "pameran")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="exhibition_end_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(closing_time__gt=F("opening_time")),
                name="exhibition_closes_after_opening",
                violation_error_message=_("Jam tutup harus setelah jam buka."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="exhibition_registration_window",
                violation_error_message=_("Pendaftaran harus ditutup setelah dibuka."),
            ),
            models.CheckConstraint(
                condition=Q(share_inmate_pct__lte=100)
                & Q(share_pnbp_pct__lte=100)
                & Q(share_programme_pct__lte=100)
                & Q(share_inmate_pct=100 - F("share_pnbp_pct") - F("share_programme_pct")),
                name="exhibition_split_adds_to_100",
                # "%%": Django fills in the constraint's name with "%" (a bare "%" made a 500).
                violation_error_message=_("Pembagian hasil penjualan harus berjumlah 100%%. Periksa ketiga bagian."),
            ),
        ]

    # An exhibition or a market trial in the ministry's hall runs days or weeks; a longer span is
    # a mistyped year (the report and the visitor counts have a row for every day).
    MAX_DAYS = 92

    def __str__(self):
        # The yearly fair keeps its name ("Pameran Produk Unggulan Narapidana"): in every picker,
        # filter and "Delegation (exhibition)" label the editions looked the same, and a score or
        # competition could go to the wrong year (found by a ministry-staff probe).
        year = str(self.start_date.year) if self.start_date else ""
        if year and year not in self.title:
            return f"{self.title} ({year})"
        return self.title

    def clean(self):
        super().clean()
        # Beside their fields (the check constraints would say the same at the top of the form).
        beside = {}
        if self.opening_time and self.closing_time and self.closing_time <= self.opening_time:
            beside["closing_time"] = _("Jam tutup harus setelah jam buka.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            beside["registration_closes"] = _("Pendaftaran harus ditutup setelah dibuka.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            beside["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        # Registration ends before the doors open: delegations, their products and their stock
        # are settled by then, and an accepted delegation cannot be withdrawn in the middle of
        # the fair (found by two probes: a registration closing after the start, or the end).
        if self.registration_closes and self.start_date and self.timezone and self.opening_time:
            opens = datetime.datetime.combine(self.start_date, self.opening_time, tzinfo=self.tzinfo)
            if self.registration_closes > opens:
                beside.setdefault(
                    "registration_closes",
                    _("Pendaftaran harus ditutup sebelum pameran dibuka (%(moment)s).")
                    % {
                        "moment": f"{date_format(self.start_date, 'j F Y')} "
                        f"{time_format(self.opening_time, 'TIME_FORMAT')} {self.zone_abbreviation}"
                    },
                )
        # What the public page, its calendar file and its meta tags show as staff wrote it, read
        # against every prison (staff write it, and an exhibition may name anybody); the venue,
        # address and city are places (a street is often named after somebody).
        written = {"description": self.description, "organisers": self.organisers}
        named = staff_public_texts_errors(texts={"title": self.title, **written})
        if self.pk and any(text.strip() for text in written.values()):  # a new one has no exhibitors
            # The exhibitors' people also by a registration number written without its shape.
            named = public_texts_errors(people=exhibition_people(self), texts=written) | named
        for field, message in named.items():
            beside.setdefault(field, message)
        if beside:
            raise ValidationError(beside)
        if self.start_date and self.end_date and (self.end_date - self.start_date).days + 1 > self.MAX_DAYS:
            raise ValidationError(
                {
                    "end_date": _("Pameran paling lama %(days)d hari; periksa tanggal selesainya.")
                    % {"days": self.MAX_DAYS}
                }
            )
        if self.pk and self.start_date and self.end_date and self.timezone in TimeZone.values:
            self._check_recorded_days()

    def _check_recorded_days(self) -> None:
        """A closed exhibition keeps its days, hours and zone; an open one cannot be moved off the
        days its sales and visitor counts were recorded on (found by a ministry-staff probe: a
        closed fair moved to next week read "Sedang buka" again, and a report listed sales on a
        day after the new end)."""
        stored = Exhibition.objects.filter(pk=self.pk).values(
            "start_date", "end_date", "opening_time", "closing_time", "timezone", "closed_at"
        ).first()
        if stored is None:
            return
        if stored["closed_at"]:
            changed = [
                name
                for name in ("start_date", "end_date", "opening_time", "closing_time", "timezone")
                if getattr(self, name) != stored[name]
            ]
            if changed:
                raise ValidationError(
                    {
                        name: _(
                            "Pameran ini sudah ditutup (%(closed)s): tanggal, jam dan zona waktunya tidak "
                            "dapat diubah lagi, karena laporan dan penjualannya sudah final."
                        )
                        % {"closed": date_format(stored["closed_at"].astimezone(self.tzinfo), "j F Y")}
                        for name in changed
                    }
                )
            return
        # Only what lies outside the new days is read (every sale's time was, once per save): the
        # first and the last few either side are enough to name them.
        zone = self.tzinfo
        opens = datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=zone)
        ends = datetime.datetime.combine(self.end_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        moments = [
            *self.sales.filter(sold_at__lt=opens).order_by("sold_at").values_list("sold_at", flat=True)[:50],
            *self.sales.filter(sold_at__gte=ends).order_by("-sold_at").values_list("sold_at", flat=True)[:50],
        ]
        days = {timezone.localtime(moment, zone).date() for moment in moments}
        counted = self.visitor_counts.filter(Q(day__lt=self.start_date) | Q(day__gt=self.end_date))
        days |= set(counted.values_list("day", flat=True)[:100])
        outside = sorted(days)
        if outside:
            field = "start_date" if outside[0] < self.start_date else "end_date"
            raise ValidationError(
                {
                    field: _(
                        "Penjualan atau jumlah pengunjung sudah tercatat pada %(days)s, di luar tanggal "
                        "ini. Pilih tanggal yang mencakup hari-hari itu, atau perbaiki catatannya dulu."
                    )
                    % {"days": ", ".join(date_format(day, "j M Y") for day in outside[:5])}
                }
            )

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(self.timezone, self.timezone)

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """Whether the hall is open at ``moment`` (an aware datetime), in the venue's own zone."""
        local = moment.astimezone(self.tzinfo)
        return (
            self.start_date <= local.date() <= self.end_date
            and self.opening_time <= local.time() < self.closing_time
        )

    def registration_is_open(self, moment: datetime.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        if self.registration_opens is None or self.registration_closes is None:
            return False
        return self.registration_opens <= moment < self.registration_closes


def liaison_candidates() -> Q:
    """The accounts that may be a delegation's liaison: active prison officers (with the role, not
    only a profile left from a role taken away; found by an attacker probe)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from inmates import roles

    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk"))
    return (
        Q(is_active=True, officer_profile__isnull=False)
        & Q(Exists(memberships.filter(group__name=roles.PRISON_OFFICER)))
    )


def juror_candidates() -> Q:
    """The accounts that may sit on a jury: active, with the jury role or a back-office role, and
    not a prison officer (whose prison's work is judged)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from inmates import roles

    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk"))
    return (
        Q(is_active=True)
        & Q(Exists(memberships.filter(group__name__in=(roles.JURY, *roles.STAFF_ROLES))))
        & ~Q(Exists(memberships.filter(group__name=roles.PRISON_OFFICER)))
    )


class Delegation(models.Model):
    """An exhibitor: a prison's or a regional office's (Kanwil) delegation to one exhibition."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Mendaftar")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")
        WITHDRAWN = "withdrawn", _("Dibatalkan")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("pameran")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("kanwil")
    )
    prison = models.ForeignKey(
        Prison,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("lapas/rutan"),
        help_text=_("Kosongkan bila delegasi mewakili seluruh kanwil."),
    )
    name = models.CharField(
        _("nama delegasi"), max_length=200, help_text=_("Nama yang tercetak di stan."), validators=NAME_VALIDATORS
    )
    # Booths are Booth rows (the source of truth); the quotas cap what may be assigned/shown.
    booth_quota = models.PositiveSmallIntegerField(_("kuota stan"), default=1, validators=[AtMost(50)])
    product_quota = models.PositiveSmallIntegerField(_("kuota produk"), default=20, validators=[AtMost(1000)])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    products = models.ManyToManyField(
        Product, blank=True, related_name="delegations", verbose_name=_("produk yang dipamerkan")
    )
    contact_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas penghubung"),
        # The back office's picker offers prison officers only (it listed every account, staff and
        # jurors too; found by a staff probe); ``clean`` holds them to the delegation's prison.
        limit_choices_to=liaison_candidates,
    )
    contact_phone = models.CharField(
        _("telepon penghubung"), max_length=30, blank=True, validators=[validate_phone_number]
    )
    applied_at = models.DateTimeField(_("mendaftar pada"), default=timezone.now, validators=[validate_plausible_datetime])
    decided_at = optional_datetime(_("diputuskan pada"))
    decided_by = optional_user(_("diputuskan oleh"))
    notes = models.TextField(_("catatan"), blank=True, max_length=2000)
    # Why the application was rejected, in the words the prison's officers read in the portal.
    decision_reason = models.TextField(
        _("alasan penolakan"), blank=True, max_length=1000, editable=False, default="", db_default=""
    )

    class Meta:
        ordering = ["exhibition", "name"]
        verbose_name = _("delegasi")
        verbose_name_plural = pgettext_lazy("plural", "delegasi")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "prison"],
                condition=Q(prison__isnull=False),
                name="delegation_one_per_prison",
                violation_error_message=_("Lapas ini sudah terdaftar di pameran ini."),
            ),
            models.UniqueConstraint(
                fields=["exhibition", "region"],
                condition=Q(prison__isnull=True),
                name="delegation_one_per_region",
                violation_error_message=_("Kanwil ini sudah terdaftar di pameran ini."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.exhibition})"

    @property
    def booth_code(self) -> str:
        """The codes of the delegation's booths, e.g. "A-01, A-02" ("" when it has none). Booth
        rows are the source of truth; prefetch ``booths`` when listing delegations."""
        return ", ".join(sorted(booth.code for booth in self.booths.all())) if self.pk else ""

    def clean(self):
        if self.prison_id and self.region_id and self.prison.region_id != self.region_id:
            raise ValidationError({"prison": _("Lapas harus berada di kanwil delegasi.")})
        if self.contact_officer_id:
            self._check_contact_officer()

    def _check_contact_officer(self) -> None:
        """The liaison is an officer of the delegation's prison (of a kanwil's delegation: of a
        prison of the kanwil), as the portal's application form offers them."""
        from inmates.models import OfficerProfile

        prison_id = (
            OfficerProfile.objects.filter(user_id=self.contact_officer_id)
            .filter(user__in=get_user_model().objects.filter(liaison_candidates()))
            .values_list("prison_id", flat=True)
            .first()
        )
        if prison_id is None:
            fits = False
        elif self.prison_id:
            fits = prison_id == self.prison_id
        elif self.region_id:
            fits = Prison.objects.filter(pk=prison_id, region_id=self.region_id).exists()
        else:
            fits = True
        if not fits:
            raise ValidationError(
                {
                    "contact_officer": _(
                        "Pilih petugas lapas/rutan delegasi ini (untuk delegasi kanwil: petugas salah satu "
                        "lapas/rutan di kanwil itu)."
                    )
                }
            )


class Booth(models.Model):
    """A stand in the hall, assigned to an accepted delegation."""

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="booths", verbose_name=_("pameran")
    )
    code = models.CharField(_("kode stan"), max_length=12)
    zone = models.CharField(_("zona"), max_length=40, blank=True)
    size = models.CharField(_("ukuran"), max_length=40, blank=True, help_text=_("Mis. 3 x 3 m"))
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
        verbose_name=_("delegasi"),
    )
    assigned_at = optional_datetime(_("ditetapkan pada"))
    assigned_by = optional_user(_("ditetapkan oleh"))

    class Meta:
        ordering = ["exhibition", "zone", "code"]
        verbose_name = _("stan")
        verbose_name_plural = pgettext_lazy("plural", "stan")
        constraints = [
            # Whatever the case: visitors type the code of a label's link ("?stan=a-11"), and of
            # "A-11" and "a-11" feedback went to either (found by a probe). Forms strip the code.
            models.UniqueConstraint(
                F("exhibition"),
                Lower("code"),
                name="booth_unique_code",
                violation_error_message=_(
                    "Kode stan ini sudah dipakai di pameran ini (huruf besar dan kecil tidak dibedakan)."
                ),
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        if self.delegation_id and self.exhibition_id and self.delegation.exhibition_id != self.exhibition_id:
            raise ValidationError({"delegation": _("Delegasi harus dari pameran yang sama.")})


class StockLine(models.Model):
    """Stock a delegation brought to the fair: brought in, and at the end returned and lost or
    damaged. Sold comes from the sales, so brought in = sold + returned + lost is the
    reconciliation."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="stock_lines", verbose_name=_("delegasi")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="stock_lines", verbose_name=_("produk")
    )
    brought_in = models.PositiveIntegerField(_("jumlah dibawa"), validators=[AtMost(1_000_000)])
    returned = models.PositiveIntegerField(
        _("jumlah dibawa pulang"),
        null=True,
        blank=True,
        validators=[AtMost(1_000_000)],
        help_text=_("Kosongkan sampai pameran selesai dan sisa barang dihitung."),
    )
    # A fair closes only when every line adds up; a keychain lost or a cloth stained had nowhere
    # to go, and officers entered a false number taken back (found by a ministry-staff probe).
    lost = models.PositiveIntegerField(
        _("hilang atau rusak"),
        default=0,
        validators=[AtMost(1_000_000)],
        help_text=_("Barang yang hilang, rusak atau habis dipakai sebagai contoh selama pameran."),
    )
    recorded_at = optional_datetime(_("dicatat pada"))
    recorded_by = optional_user(_("dicatat oleh"))

    class Meta:
        ordering = ["delegation", "product"]
        verbose_name = _("stok pameran")
        verbose_name_plural = _("stok pameran")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "product"], name="stock_line_once"),
        ]

    def __str__(self):
        return f"{self.product} ({self.delegation})"

    def clean(self):
        super().clean()
        error = returned_more_than_brought(brought_in=self.brought_in, returned=self.returned)
        if error:
            raise ValidationError({"returned": error})
        if error := lost_more_than_left(brought_in=self.brought_in, returned=self.returned, lost=self.lost):
            raise ValidationError({"lost": error})


def returned_more_than_brought(*, brought_in: int | None, returned: int | None) -> str:
    """The message when more went back than was brought (impossible: a typing slip), else ""."""
    if brought_in is None or returned is None or returned <= brought_in:
        return ""
    return _("Yang dibawa pulang (%(returned)s) tidak boleh lebih dari yang dibawa (%(brought)s).") % {
        "returned": _grouped(returned),
        "brought": _grouped(brought_in),
    }


def _grouped(number: int) -> str:
    """A count as the reader groups digits ("2.000", not "2000": a bad-input probe)."""
    return number_format(number, 0, force_grouping=True)


def lost_more_than_left(*, brought_in: int | None, returned: int | None, lost: int | None) -> str:
    """The message when more was lost or damaged than was brought and not taken back, else ""."""
    if brought_in is None or not lost or lost + (returned or 0) <= brought_in:
        return ""
    return _(
        "Yang hilang atau rusak (%(lost)s) dan yang dibawa pulang (%(returned)s) lebih dari yang dibawa (%(brought)s)."
    ) % {"lost": _grouped(lost), "returned": _grouped(returned or 0), "brought": _grouped(brought_in)}


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Pembukaan")
        FASHION_SHOW = "fashion_show", _("Peragaan busana")
        DEMO = "demo", _("Demo")
        TALK_SHOW = "talk_show", _("Talk show")
        COMPETITION = "competition", _("Lomba")
        OTHER = "other", _("Lainnya")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="programme", verbose_name=_("pameran")
    )
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200, validators=NAME_VALIDATORS)
    description = models.TextField(_("deskripsi"), blank=True)
    starts_at = models.DateTimeField(_("mulai"), validators=[validate_plausible_datetime])
    ends_at = models.DateTimeField(_("selesai"), validators=[validate_plausible_datetime])
    place = models.CharField(_("tempat di lokasi"), max_length=120, blank=True)
    host = models.CharField(
        _("penyelenggara acara"), max_length=160, blank=True, help_text=_("Mis. Second Chance Foundation")
    )
    host_prison = models.ForeignKey(
        Prison,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_items",
        verbose_name=_("lapas penampil"),
    )

    class Meta:
        ordering = ["exhibition", "starts_at"]
        verbose_name = _("acara")
        verbose_name_plural = pgettext_lazy("plural", "susunan acara")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="programme_item_ends_after_start",
                violation_error_message=_("Acara harus selesai setelah dimulai."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def shown_host(self) -> str:
        """The host as the programme shows it beside the host prison: nothing when it only repeats
        the prison's name ("Area demo · Lapas Kelas I Cipinang · Lapas Kelas I Cipinang", found
        by a ministry probe)."""
        host = " ".join(self.host.split())
        if self.host_prison_id and host.casefold() == " ".join(self.host_prison.name.split()).casefold():
            return ""
        return host

    @property
    def ends_on_another_day(self) -> bool:
        """Whether the item ends on a later day than it starts, on the hall's clock (a competition
        running 4 to 7 February): its end is then shown with its date."""
        zone = self.exhibition.tzinfo
        return self.ends_at.astimezone(zone).date() != self.starts_at.astimezone(zone).date()

    def clean(self):
        """The item lies within the exhibition's days (at the venue) and does not clash with
        another item at the same place (overlapping times; one ending as the next begins is fine)."""
        # The programme is public: it never names an inmate of the performing or exhibiting
        # prisons, whose naming there would say they are inmates. Read against every prison, the
        # programme's speakers were refused when their common name ("Muhammad Ridwan", "Rahmat
        # Hidayat") was also somebody's in a prison anywhere, with no way past (an attacker probe,
        # after a corrections-staff probe had asked for every prison): the exhibitors' people only.
        texts = {"title": self.title, "description": self.description, "host": self.host, "place": self.place}
        if any(text.strip() for text in texts.values()):
            named = {}
            if self.exhibition_id:
                named = public_texts_errors(people=exhibition_people(self.exhibition), texts=texts)
            if self.host_prison_id:
                named = public_texts_errors(people=people_of_prisons({self.host_prison_id}), texts=texts) | named
            if named:
                raise ValidationError(named)
        # A new exhibition's programme is checked against the exhibition as typed (not yet saved).
        has_exhibition = self.exhibition_id is not None or ProgrammeItem.exhibition.is_cached(self)
        if not (has_exhibition and self.exhibition and self.starts_at and self.ends_at):
            return
        try:  # a far-off year is the fields' own error; it cannot be compared or queried
            validate_plausible_datetime(self.starts_at)
            validate_plausible_datetime(self.ends_at)
        except ValidationError:
            return
        errors = {}
        if self.ends_at <= self.starts_at:  # beside the field (the constraint's says it at the top)
            errors["ends_at"] = ValidationError(_("Acara harus selesai setelah dimulai."), code="ends_before_start")
        exhibition = self.exhibition
        if exhibition.start_date and exhibition.end_date and exhibition.timezone in ZONE_ABBREVIATIONS:
            zone = exhibition.tzinfo
            first, last = self.starts_at.astimezone(zone).date(), self.ends_at.astimezone(zone).date()
        else:  # the exhibition's own dates or zone are missing or wrong: its form says so
            first = last = None
        if first is not None and (first < exhibition.start_date or last > exhibition.end_date):
            errors["starts_at"] = ValidationError(
                _("Acara harus berlangsung pada hari pameran (%(start)s sampai %(end)s).")
                % {
                    "start": date_format(exhibition.start_date, "j F Y"),
                    "end": date_format(exhibition.end_date, "j F Y"),
                },
                code="outside_exhibition",
            )
        if self.ends_at > self.starts_at and self.exhibition_id is not None:
            clash = programme_clash(
                exhibition_id=self.exhibition_id,
                place=self.place,
                starts_at=self.starts_at,
                ends_at=self.ends_at,
                exclude_pks=[self.pk] if self.pk else [],
            )
            if clash is not None:
                errors["place"] = ValidationError(programme_clash_message(clash), code="clash")
        if errors:
            raise ValidationError(errors)


def programme_clash(
    *, exhibition_id, place: str, starts_at, ends_at, exclude_pks=()
) -> "ProgrammeItem | None":
    """The first item of the exhibition at the same ``place`` (case and spaces ignored) whose
    time overlaps [starts_at, ends_at); None when there is none or no place is given."""
    place = " ".join((place or "").split())
    if not place:
        return None
    return (
        ProgrammeItem.objects.filter(
            exhibition_id=exhibition_id,
            place__iexact=place,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk__in=[pk for pk in exclude_pks if pk])
        .select_related("exhibition")
        .order_by("starts_at", "pk")
        .first()
    )


def programme_time_range(item: "ProgrammeItem") -> str:
    """The item's start and end on the hall's clock, without the zone: "4 April 2018, 10.00–12.00",
    or with the end's date when it ends on another day: "4 Februari 2027, 10.00 – 7 Februari 2027,
    19.00" (found by a tester: the end date was lost)."""
    zone = item.exhibition.tzinfo
    starts, ends = item.starts_at.astimezone(zone), item.ends_at.astimezone(zone)
    if ends.date() != starts.date():
        return f"{format_moment(starts, localise=False)} – {format_moment(ends, localise=False)}"
    return f"{format_moment(starts, localise=False)}–{time_format(ends, 'TIME_FORMAT')}"


def programme_clash_message(other: "ProgrammeItem") -> str:
    return _("Bentrok dengan “%(title)s” di %(place)s, %(when)s %(abbr)s.") % {
        "title": other.title,
        "place": other.place,
        "when": programme_time_range(other),
        "abbr": other.exhibition.zone_abbreviation,
    }


class Competition(models.Model):
    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="competitions", verbose_name=_("pameran")
    )
    title = models.CharField(_("judul"), max_length=200, validators=NAME_VALIDATORS)
    organiser = models.CharField(_("penyelenggara"), max_length=160, blank=True, validators=NAME_VALIDATORS)
    description = models.TextField(_("deskripsi"), blank=True)
    tie_break_rule = models.CharField(
        _("aturan bila nilai sama"),
        max_length=255,
        default=_("Nilai kriteria berbobot terbesar lebih dulu, lalu kode peserta."),
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="juries",
        verbose_name=_("juri"),
        # Accounts with the jury or a staff role, never a prison officer (the picker listed every
        # account; found by a staff probe).
        limit_choices_to=juror_candidates,
    )
    scoring_closed = models.BooleanField(_("penilaian ditutup"), default=False)
    results_published = models.BooleanField(_("hasil diumumkan"), default=False)
    scoring_closed_at = optional_datetime(_("penilaian ditutup pada"))
    scoring_closed_by = optional_user(_("penilaian ditutup oleh"))
    results_published_at = optional_datetime(_("hasil diumumkan pada"))
    results_published_by = optional_user(_("hasil diumumkan oleh"))

    class Meta:
        ordering = ["exhibition", "title"]
        verbose_name = _("lomba")
        verbose_name_plural = pgettext_lazy("plural", "lomba")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # Shown on the public exhibition page as staff wrote them: read against every prison.
        texts = {"title": self.title, "organiser": self.organiser, "description": self.description}
        if errors := staff_public_texts_errors(texts=texts):
            raise ValidationError(errors)


class Criterion(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("lomba")
    )
    name = models.CharField(_("kriteria"), max_length=120, validators=NAME_VALIDATORS)
    weight = models.PositiveSmallIntegerField(
        _("bobot (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0, validators=[AtMost(32_767)])

    class Meta:
        ordering = ["competition", "position", "id"]
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = pgettext_lazy("plural", "kriteria penilaian")
        constraints = [
            # "Kerapian" and "kerapian" on one score sheet would be two rows a juror cannot tell apart.
            models.UniqueConstraint(
                F("competition"),
                Lower("name"),
                name="criterion_unique_name",
                violation_error_message=_(
                    "Kriteria ini sudah ada di lomba ini (huruf besar dan kecil tidak dibedakan)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100),
                name="criterion_weight_range",
                violation_error_message=_("Bobot kriteria antara 1 dan 100."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class CompetitionEntry(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("lomba")
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="entries", verbose_name=_("delegasi")
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competition_entries",
        verbose_name=_("produk"),
    )
    entry_code = models.CharField(
        _("kode peserta"), max_length=12, help_text=_("Kode samaran yang dilihat juri.")
    )
    title = models.CharField(_("judul karya"), max_length=200, validators=NAME_VALIDATORS)
    assigned_jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_entries",
        verbose_name=_("juri yang ditugaskan"),
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True, validators=[AtMost(1000)])
    award = models.CharField(_("penghargaan"), max_length=120, blank=True)

    class Meta:
        ordering = ["competition", "entry_code"]
        verbose_name = _("peserta lomba")
        verbose_name_plural = pgettext_lazy("plural", "peserta lomba")
        constraints = [
            # A blind code is read out and written down by jurors: "ch-417" is "CH-417" to them.
            models.UniqueConstraint(
                F("competition"),
                Lower("entry_code"),
                name="entry_unique_code",
                violation_error_message=_(
                    "Kode peserta ini sudah dipakai di lomba ini (huruf besar dan kecil tidak dibedakan)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.entry_code}: {self.title}"

    @property
    def award_label(self) -> str:
        """The award as shown, in the reader's language: "Juara 2" / "Place 2" for a ranked
        winner, or the award staff wrote instead ("Juara Harapan"). Found by a new user's probe:
        the award was stored in the language of whoever published the results."""
        if not self.rank:
            return self.award
        defaults = set()
        for language in ("id", "en"):
            with translation.override(language):
                defaults.add(gettext("Juara %(rank)d") % {"rank": self.rank})
        if self.award and self.award not in defaults:
            return self.award
        return gettext("Juara %(rank)d") % {"rank": self.rank}

    def clean(self):
        if self.competition_id and self.delegation_id:
            if self.delegation.exhibition_id != self.competition.exhibition_id:
                raise ValidationError({"delegation": _("Delegasi harus dari pameran lomba ini.")})
            if self.delegation.status != Delegation.Status.ACCEPTED:
                raise ValidationError(
                    {"delegation": _("Hanya delegasi yang sudah diterima dapat ikut lomba.")}
                )
        if (
            self.product_id
            and self.delegation_id
            and not self.delegation.products.filter(pk=self.product_id).exists()
        ):
            raise ValidationError({"product": _("Pilih produk yang dipamerkan delegasi ini.")})
        if self.product_id and self.competition_id and not getattr(self, "twins_checked_by_page", False):
            # One entry per product and competition (found by a staff probe: the same sarong
            # entered twice, scored and ranked twice).
            twin = CompetitionEntry.objects.filter(competition_id=self.competition_id, product_id=self.product_id)
            code = twin.exclude(pk=self.pk).values_list("entry_code", flat=True).first()
            if code is not None:
                raise ValidationError(
                    {
                        "product": _("Produk ini sudah ikut lomba ini dengan kode peserta %(code)s.")
                        % {"code": code}
                    }
                )
        if self.title.strip() and self.delegation_id:
            prisons = {self.delegation.prison_id}
            if self.product_id:
                prisons.add(self.product.prison_id)
            named = public_texts_errors(people=people_of_prisons(prisons), texts={"title": self.title})
            if named:
                raise ValidationError(named)


class JudgeScore(models.Model):
    entry = models.ForeignKey(
        CompetitionEntry, on_delete=models.CASCADE, related_name="scores", verbose_name=_("peserta")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("kriteria")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("juri")
    )
    score = models.PositiveSmallIntegerField(
        _("nilai (0-100)"), validators=[MaxValueValidator(100)]
    )
    scored_at = models.DateTimeField(_("dinilai pada"), auto_now=True)

    class Meta:
        verbose_name = _("nilai juri")
        verbose_name_plural = pgettext_lazy("plural", "nilai juri")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "criterion", "judge"], name="judge_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100),
                name="judge_score_range",
                violation_error_message=_("Nilai paling tinggi 100."),
            ),
        ]

    def __str__(self):
        return f"{self.entry} / {self.criterion}: {self.score}"

    def clean(self):
        if self.entry_id and self.criterion_id and self.entry.competition_id != self.criterion.competition_id:
            raise ValidationError({"criterion": _("Kriteria harus dari lomba yang sama.")})


class Sale(models.Model):
    """A market-trial sale at a booth. Corrections are reversing entries, never edits."""

    class PaymentMethod(models.TextChoices):
        CASH = "cash", _("Tunai")
        TRANSFER = "transfer", _("Transfer bank")
        QRIS = "qris", _("QRIS")
        CARD = "card", _("Kartu debit/kredit")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.PROTECT, related_name="sales", verbose_name=_("pameran")
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="sales", verbose_name=_("delegasi")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="sales", verbose_name=_("produk")
    )
    booth = models.ForeignKey(
        Booth,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales",
        verbose_name=_("stan"),
    )
    quantity = models.PositiveIntegerField(_("jumlah"), validators=[AtMost(9_999)])
    unit_price = models.PositiveBigIntegerField(_("harga satuan (Rp)"), validators=[AtMost(10**12, rupiah=True)])
    # The sale amount split by the exhibition's policy when recorded; the parts add up exactly.
    share_inmate = models.PositiveBigIntegerField(_("bagian warga binaan (Rp)"), default=0)
    share_pnbp = models.PositiveBigIntegerField(_("bagian PNBP (Rp)"), default=0)
    share_programme = models.PositiveBigIntegerField(_("bagian biaya program (Rp)"), default=0)
    payment_method = models.CharField(
        _("cara bayar"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    sold_at = models.DateTimeField(_("waktu penjualan"), default=timezone.now, db_index=True, validators=[validate_plausible_datetime])
    recorded_by = optional_user(_("dicatat oleh"))
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("membatalkan penjualan"),
    )
    idempotency_key = models.UUIDField(
        _("kunci idempotensi"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["-sold_at"]
        verbose_name = _("penjualan")
        verbose_name_plural = pgettext_lazy("plural", "penjualan")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="sale_quantity_positive",
                violation_error_message=_("Jumlah harus lebih dari nol."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="sale_price_not_negative",
                violation_error_message=_("Harga tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=Q(
                    share_inmate=F("quantity") * F("unit_price") - F("share_pnbp") - F("share_programme")
                ),
                name="sale_shares_add_up",
                violation_error_message=_("Pembagian hasil penjualan harus sama dengan jumlah penjualan."),
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product} @ {format_rupiah(self.unit_price)}"

    def clean(self):
        errors = {}
        if self.delegation_id and self.exhibition_id and self.delegation.exhibition_id != self.exhibition_id:
            errors["delegation"] = _("Delegasi harus dari pameran yang sama.")
        if self.reverses_id:
            original = self.reverses
            if original.reverses_id:
                errors["reverses"] = _("Pembatalan tidak dapat dibatalkan lagi.")
            elif (original.product_id, original.quantity, original.unit_price) != (
                self.product_id,
                self.quantity,
                self.unit_price,
            ):
                errors["reverses"] = _("Pembatalan harus sama dengan penjualan yang dibatalkan.")
        if errors:
            raise ValidationError(errors)

    @property
    def sign(self) -> int:
        return -1 if self.reverses_id else 1

    @property
    def signed_quantity(self) -> int:
        """The quantity as it counts: less than zero on a reversal, so a list or a spreadsheet of
        sales adds up to what was sold (found by a staff probe: 33 items in the CSV, 23 sold)."""
        return self.sign * self.quantity

    @property
    def total(self) -> int:
        return self.sign * self.quantity * self.unit_price


class VisitorCount(models.Model):
    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="visitor_counts", verbose_name=_("pameran")
    )
    day = models.DateField(_("hari"), validators=[validate_plausible_date])
    count = models.PositiveIntegerField(_("jumlah pengunjung"), validators=[AtMost(10_000_000)])
    recorded_at = optional_datetime(_("dicatat pada"))
    recorded_by = optional_user(_("dicatat oleh"))

    class Meta:
        ordering = ["exhibition", "day"]
        verbose_name = _("jumlah pengunjung")
        verbose_name_plural = pgettext_lazy("plural", "jumlah pengunjung")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "day"],
                name="visitor_count_once_per_day",
                # Django's own words read "... dengan Pameran dan Hari ini sudah ada": "hari ini" is
                # "today" (found by a ministry probe).
                violation_error_message=_(
                    "Jumlah pengunjung pameran ini pada tanggal itu sudah dicatat; ubah catatan yang ada."
                ),
            )
        ]

    def __str__(self):
        return f"{self.exhibition}, {date_format(self.day, 'j F Y')}: {number_format(self.count, force_grouping=True)}"


class VisitorFeedback(models.Model):
    """A visitor's rating and comment, sent from the QR code on a booth label."""

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("pameran")
    )
    booth = models.ForeignKey(
        Booth, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback", verbose_name=_("stan")
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("produk"),
    )
    rating = models.PositiveSmallIntegerField(
        _("penilaian (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("komentar"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("masukan pengunjung")
        verbose_name_plural = _("masukan pengunjung")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="feedback_rating_range",
                violation_error_message=_("Penilaian antara 1 dan 5."),
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5 ({self.exhibition})"


class Inquiry(models.Model):
    """A buyer's question about a product or an exhibition (hotels, shops, other ministries)."""

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        ANSWERED = "answered", _("Dijawab")
        CLOSED = "closed", _("Selesai")

    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("produk"),
    )
    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("pameran"),
    )
    prison = models.ForeignKey(
        Prison,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("lapas/rutan"),
    )
    buyer_name = models.CharField(_("nama pembeli"), max_length=120, validators=NAME_VALIDATORS)
    organisation = models.CharField(_("instansi/usaha"), max_length=160, blank=True, validators=NAME_VALIDATORS)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True, validators=[validate_one_line])
    quantity = models.PositiveIntegerField(
        _("jumlah yang diinginkan"), null=True, blank=True, validators=[AtMost(1_000_000)]
    )
    message = models.TextField(_("pesan"))
    # The language the buyer used the site in: the answer's e-mail (greeting, signature, quoted
    # message) and the acknowledgement are written in it (found by a new user's probe: an English
    # buyer got the reply wrapped in Indonesian).
    language = models.CharField(
        _("bahasa pembeli"), max_length=8, choices=settings.LANGUAGES, default="id"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # The number the buyer is given and quotes ("K7QX-4M2P"): random, not the row's id, which told
    # anyone how many inquiries come in and, missing from a trapped bot's redirect, gave the trap
    # away (found by a review). Set by ``inquiry_submit``.
    reference = models.CharField(_("nomor permintaan"), max_length=9, unique=True, null=True, editable=False)  # noqa: DJ001 (NULL: rows without a number are not "equal" to each other)
    created_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True, db_index=True)
    answered_at = optional_datetime(_("dijawab pada"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permintaan pembeli")
        verbose_name_plural = pgettext_lazy("plural", "permintaan pembeli")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="inquiry_has_contact",
                violation_error_message=_("Isi surel atau nomor telepon."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0),
                name="inquiry_quantity_positive",
                violation_error_message=_("Jumlah harus lebih dari nol."),
            ),
        ]

    def __str__(self):
        if not self.created_at:
            return self.buyer_name
        return f"{self.buyer_name} ({date_format(self.created_at.astimezone(self.tzinfo))})"

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        """The zone its times are read in: its exhibition's venue's, as the exhibition's report
        reads them (found by a tester: an inquiry about the fair in Jayapura was "07.32 WIB" in
        the back office and the buyer's answer, "09.32 WIT" in the report). One about a product
        alone: its prison's clock (an officer in Jayapura read WIB times), else the site's zone
        (WIB)."""
        if self.exhibition_id is not None:
            return self.exhibition.tzinfo
        if self.prison_id is not None:
            return self.prison.tzinfo
        return timezone.get_default_timezone()


class InquiryReply(models.Model):
    """An answer to a buyer, written in the portal or back office and e-mailed to the buyer by
    Etalase (``exhibitions.services.inquiry_reply``); kept so the next officer sees what was said."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="replies", verbose_name=_("permintaan pembeli")
    )
    body = models.TextField(_("balasan"), max_length=5000)
    sent_by = optional_user(_("dikirim oleh"))
    sent_at = models.DateTimeField(_("dikirim pada"), default=timezone.now, validators=[validate_plausible_datetime])
    # Set when the mail server refused it: the page says so, and the officer calls instead.
    email_failed = models.BooleanField(_("surel gagal terkirim"), default=False)

    class Channel(models.TextChoices):
        EMAIL = "email", _("Surel")
        PHONE = "phone", _("Catatan telepon")

    # "phone": what was agreed on a call, written down for the next officer and the ministry;
    # kept here, never sent to the buyer (exhibitions.services.inquiry_call_note).
    channel = models.CharField(_("cara"), max_length=8, choices=Channel.choices, default=Channel.EMAIL)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("balasan permintaan")
        verbose_name_plural = pgettext_lazy("plural", "balasan permintaan")

    def __str__(self):
        return f"{self.inquiry} – {date_format(self.sent_at.astimezone(self.inquiry.tzinfo), 'DATETIME_FORMAT')}"
