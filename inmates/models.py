"""Regions (Kanwil), prisons, workshops, officers, inmates (WBP) and their consent.

Privacy: an inmate's legal name, registration number and birth year are personal data that only
the portal and the admin may show. Offence and sentence are deliberately never stored. What may
be public is decided by the inmate's current Consent, never by the Inmate row alone.
"""

import itertools
import re
import unicodedata
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from config.model_fields import optional_datetime, optional_user
from config.validators import (
    DOCUMENT_HELP,
    ERASED_NAME,
    LEGAL_NAME_VALIDATORS,
    NAME_VALIDATORS,
    validate_document,
    validate_one_line,
    validate_phone_number,
    validate_plausible_date,
    validate_plausible_datetime,
    validate_visible_text,
)
from inmates.naming import (
    FORMS_OF_ADDRESS,
    PeopleIndex,
    cites_number,
    fold,
    looks_like_registration_number,
    names_person,
    readings,
    spelling_key,
    spelling_variants,
    words,
)
from inmates.uploads import RandomName, RandomNameFileField

# The label's help for every slug (shown in the admin as "alamat halaman", not the jargon).
SLUG_HELP = _(
    "Bagian alamat web (URL) halamannya: huruf kecil, angka dan tanda hubung, misalnya "
    "“tas-anyaman-pandan”. Terisi sendiri saat nama atau judulnya diketik."
)


class Region(models.Model):
    """A regional office (Kantor Wilayah, Kanwil) of the Ministry of Law, one per province."""

    name = models.CharField(_("nama"), max_length=120, unique=True, validators=NAME_VALIDATORS)
    province = models.CharField(_("provinsi"), max_length=80, unique=True, validators=NAME_VALIDATORS)
    slug = models.SlugField(_("alamat halaman"), max_length=80, unique=True, help_text=SLUG_HELP)
    code = models.CharField(_("kode"), max_length=8, blank=True)

    class Meta:
        ordering = ["province"]
        verbose_name = _("kanwil")
        verbose_name_plural = pgettext_lazy("plural", "kanwil")

    def __str__(self):
        return self.province


class Prison(models.Model):
    class Kind(models.TextChoices):
        LAPAS = "lapas", _("Lapas")
        LAPAS_PEREMPUAN = "lapas_perempuan", _("Lapas Perempuan")
        RUTAN = "rutan", _("Rutan")
        LPKA = "lpka", _("LPKA")

    class Klass(models.TextChoices):
        I = "I", _("Kelas I")  # noqa: E741 (the class is called "I", as on the prison's sign)
        IIA = "IIA", _("Kelas IIA")
        IIB = "IIB", _("Kelas IIB")
        III = "III", _("Kelas III")

    name = models.CharField(_("nama"), max_length=160, unique=True, validators=NAME_VALIDATORS)
    slug = models.SlugField(_("alamat halaman"), max_length=160, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, db_index=True)
    klass = models.CharField(_("kelas"), max_length=4, choices=Klass.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="prisons", verbose_name=_("kanwil")
    )
    city = models.CharField(_("kota/kabupaten"), max_length=80, validators=NAME_VALIDATORS)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    public_description = models.TextField(_("deskripsi publik"), blank=True, max_length=5000)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lapas/rutan")
        verbose_name_plural = pgettext_lazy("plural", "lapas/rutan")

    def __str__(self):
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        """The prison's clock: its province's zone (WIB, WITA or WIT; ``province_zone``)."""
        return zoneinfo.ZoneInfo(province_zone(self.region.province if self.region_id else ""))

    def clean(self):
        super().clean()
        # The description is the prison's public page (its body, meta and og tags), written by
        # staff who see every prison: it never names an inmate of any of them nor tells an offence.
        from inmates.selectors import staff_public_texts_errors

        # Its name and city too, on the same page and every product card (a corrections-staff probe
        # wrote an inmate's name as the city).
        texts = {"name": self.name, "city": self.city, "public_description": self.public_description}
        if errors := staff_public_texts_errors(texts=texts):
            raise ValidationError(errors)


# Indonesia's three zones by province, as people write them ("Papua Barat Daya", "NTB", "Sulsel",
# "Kalimantan Timur"): WIT east of Sulawesi, WITA from Bali and the Nusa Tenggara through
# Sulawesi and the eastern half of Kalimantan, WIB for the rest (Sumatra, Java, West and
# Central Kalimantan). A prison in Jayapura saw its consent history and buyers' inquiries on
# Jakarta's clock, and after midnight there "today" was refused as a date in the future (found
# by an officer probe in Papua).
_WIT_PROVINCES = ("papua", "maluku")
_WITA_PROVINCES = (
    "bali", "nusa tenggara", "ntb", "ntt", "sulawesi", "sulut", "sulteng", "sulsel", "sultra", "sulbar",
    "gorontalo", "kalimantan selatan", "kalimantan timur", "kalimantan utara", "kalsel", "kaltim", "kaltara",
)


def province_zone(province: str) -> str:
    """The IANA zone of ``province``: Asia/Jayapura (WIT), Asia/Makassar (WITA) or Asia/Jakarta
    (WIB, also for a province it does not know)."""
    words = f" {' '.join(re.sub(r'[^a-z]+', ' ', (province or '').casefold()).split())} "
    if any(f" {name} " in words for name in _WIT_PROVINCES):
        return "Asia/Jayapura"
    if any(f" {name} " in words for name in _WITA_PROVINCES):
        return "Asia/Makassar"
    return "Asia/Jakarta"


class Workshop(models.Model):
    """A production unit inside a prison (batik, woodwork, weaving, tailoring, food ...)."""

    class Craft(models.TextChoices):
        BATIK = "batik", _("Batik")
        TENUN = "tenun", _("Tenun")
        WOOD = "kayu", _("Kerajinan kayu")
        WEAVING = "anyaman", _("Anyaman")
        LEATHER = "kulit", _("Kulit")
        TAILORING = "jahit", _("Menjahit/busana")
        FOOD = "makanan", _("Makanan olahan")
        CRAFT = "kriya", _("Kriya/cinderamata")
        OTHER = "lain", _("Lainnya")

    prison = models.ForeignKey(
        Prison, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("lapas/rutan")
    )
    name = models.CharField(_("nama"), max_length=120, validators=NAME_VALIDATORS)
    craft = models.CharField(_("bidang"), max_length=20, choices=Craft.choices)
    description = models.TextField(_("deskripsi"), blank=True, max_length=2000)

    class Meta:
        ordering = ["prison__name", "name"]
        verbose_name = _("bengkel kerja")
        verbose_name_plural = pgettext_lazy("plural", "bengkel kerja")
        constraints = [
            # "Bengkel Batik" and "bengkel batik" in one prison look the same in every list, and
            # an import matched its file's name to either one (found by a probe). Runs of spaces
            # are made one when the name is written (WorkshopAdminForm, migration 0014).
            models.UniqueConstraint(
                F("prison"),
                Lower("name"),
                name="workshop_unique_name_per_prison",
                violation_error_message=_(
                    "Lapas ini sudah memiliki bengkel kerja dengan nama ini (huruf besar dan kecil "
                    "tidak dibedakan)."
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prison})"


class OfficerProfile(models.Model):
    """Links a user account to the one prison whose data the officer may see and change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_profile",
        verbose_name=_("pengguna"),
    )
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, related_name="officers", verbose_name=_("lapas/rutan")
    )
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True, validators=[validate_phone_number])

    class Meta:
        verbose_name = _("petugas lapas")
        verbose_name_plural = pgettext_lazy("plural", "petugas lapas")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.prison})"


class InmateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The inmates a user may see in the portal or admin: all for staff, own prison for officers."""
        from inmates.scoping import prison_scope

        return prison_scope(self, user, prison_field="prison")

    def publicly_credited(self):
        """Inmates whose current consent allows their display name on public pages."""
        return self.filter(
            consents__withdrawn_on__isnull=True,
            consents__display_name_public=True,
        ).exclude(display_name="")


# Words that tell an offence, a verdict or a sentence (Indonesian, and English for a story written
# in English), matched as whole words. Not "narapidana", "lapas" or "penjara" alone: that the
# makers are inmates is what the programme says anyway; a length in prison is ("2 tahun
# penjara"). Not idioms that read as crimes ("mencuri perhatian", "membunuh waktu"): only the
# nouns and the court's words.
_OFFENCE_WORDS = (
    r"vonis|divonis|dihukum|hukuman|terpidana|pidana|dipidana|dakwaan|didakwa|terdakwa|tersangka"
    r"|ditangkap|penangkapan|diringkus|dibekuk|residivis|seumur hidup|dipenjara|dibui|kuhp"
    r"|\d+\s*(?:tahun|thn|th|bulan|bln)\s*(?:\d+\s*(?:bulan|bln)\s*)?(?:penjara|kurungan|pidana)"
    r"|(?:penjara|kurungan)\s*(?:selama\s*)?\d+\s*(?:tahun|thn|th|bulan|bln)"
    r"|narkoba|narkotika|sabu|sabu-sabu|shabu|shabu-shabu|ganja|heroin|ekstasi|pengedar|bandar narkoba"
    r"|pembunuhan|pembunuh|pencurian|pencuri|perampokan|perampok|penjambretan|penjambret|pencopet"
    r"|korupsi|koruptor|penipuan|penipu|penggelapan|pemerkosaan|pemerkosa|pencabulan|penganiayaan"
    r"|perdagangan orang|terorisme|teroris|pembegalan|begal"
    # The article of the law, the time held, the offence's short names (found by a probe):
    # "terjerat pasal 112", "masa tahanan 5 tahun", "ditahan sejak 2015", "kasus tipikor".
    # Not "tahanan" alone ("Rumah Tahanan Negara" is a prison's name) nor "tahan" ("tahan lama").
    r"|pasal\s*\d+|ps\.\s*\d+|terjerat(?:\s+(?:kasus|pasal|hukum|perkara))?|masa\s+(?:tahanan|hukuman|pidana)"
    r"|ditahan|penahanan|tipikor|asusila|kdrt|kekerasan dalam rumah tangga|uu\s*ite|pelecehan|perkosaan"
    r"|membunuh(?!\s+(?:waktu|rasa|kebosanan|sepi|jenuh))|mencuri(?!\s+(?:perhatian|hati|pandang|start|waktu|ilmu))"
    r"|mencopet|menjambret|merampok|menipu|mengedarkan|mengedar|memperkosa|menganiaya"
    r"|convicted|sentenced|prison sentence|jailed|imprisoned|murder|murderer|manslaughter|theft|thief"
    r"|robbery|robber|burglary|burglar|rapist|drug|drugs|narcotics|trafficking|fraud|embezzlement"
    r"|corruption|rape|assault|terrorism|arrested|detained|serving\s+(?:a\s+)?(?:\d+|[a-z]+)[\s-]+years?"
    # More offences and the stages of a case and a sentence, as people write them (found by a
    # privacy probe: "dulu pelaku curanmor dan jambret; kini menunggu kasasi, pembebasan bersyarat
    # 2027" went public). Not "napi" (that the makers are inmates the programme says anyway);
    # not "anti maling/copet/jambret" (a lock or a bag), nor "asimilasi budaya" (a batik's motif).
    r"|judi|berjudi|perjudian|togel|curanmor|curas|curat|(?<!anti )(?<!anti-)(?:maling|copet|jambret)"
    r"|makar|penadah|penadahan|pemalsuan|pemalsu|penyelundupan|penyelundup|menyelundupkan"
    r"|illegal logging|pembalakan liar|pengeroyokan|mengeroyok|dikeroyok|mucikari|prostitusi|pelacuran"
    r"|pencucian uang|tppu|penyuapan|disuap|kasus suap|gratifikasi|napiter|kpk|operasi tangkap tangan"
    r"|kasasi|inkracht|inkrah|remisi|peninjauan kembali|grasi"
    r"|(?:putusan|upaya|mengajukan|tingkat|sidang|proses)\s+banding|banding(?:nya)?\s+(?:ditolak|diterima|dikabulkan)"
    r"|menunggu\s+putusan|putusan\s+(?:pengadilan|hakim|banding|kasasi|pn|pt|ma)|persidangan|disidang"
    r"|(?:pem)?bebas(?:an)?\s+bersyarat|cuti\s+(?:bersyarat|menjelang\s+bebas)"
    r"|(?:program|masa|tahap|menjalani|mendapat|mendapatkan|dapat|hak)\s+asimilasi|asimilasi\s+(?:di\s+)?rumah"
    r"|parole|gambling|smuggling|smuggler|forgery|pickpocket|pimp|money laundering|bribery"
)
# "pidananya", "vonisnya", "hukumanmu": the same words with Indonesian's possessive endings.
_OFFENCE = re.compile(rf"(?<!\w)(?:{_OFFENCE_WORDS})(?:nya|ku|mu)?(?!\w)")


# The official names of the prisons for drug convicts ("Lapas Narkotika Kelas IIA Jakarta",
# "Lembaga Pemasyarakatan Narkotika") tell no one's offence: read without their "narkotika"
# (found by a probe: a prison's own description and its products' texts were refused).
_PRISON_KIND_NAME = re.compile(r"(?<![a-z])(?:lapas|rutan|lpka|lembaga\s+pemasyarakatan|rumah\s+tahanan(?:\s+negara)?)\s+narkotika(?![a-z])")


def mentions_offence(text: str) -> bool:
    """Whether ``text`` tells an offence, a verdict or a sentence ("dihukum 7 tahun penjara",
    "kasus narkotika"): never public (the programme's rule; offence and sentence are not even
    stored)."""
    return any(_OFFENCE.search(_PRISON_KIND_NAME.sub(" lapas ", reading)) for reading in offence_readings(text))


# A birth date: the word for birth, then within a few words a date or a year ("lahir 12 Maret
# 1968", "kelahiran 1968", "tgl lahir 12-03-1968", "born 12/3/1968"). "Lahir di Klaten" alone is a
# place, not a date. Found by a privacy probe.
_MONTHS = (
    r"jan|januari|january|feb|febr|februari|february|mar|maret|march|apr|april|mei|may|jun|juni|june"
    r"|jul|juli|july|agu|agt|agus|agustus|aug|august|sep|sept|september|okt|oktober|oct|october"
    r"|nov|nop|november|nopember|des|desember|dec|december"
)
_FULL_DATE = (
    rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?[\s./-]+(?:[0-9]{{1,2}}|(?:{_MONTHS})\.?)[\s./,-]+(?:19|20)?[0-9]{{2}}"
    rf"|(?:{_MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)[0-9]{{2}}"
    rf"|(?:19|20)[0-9]{{2}}[./-][0-9]{{1,2}}[./-][0-9]{{1,2}})(?![0-9])"
)
# A year alone only right after the word, or after the place of birth ("kelahiran 1968", "lahir
# tahun 1968", "lahir di Klaten, 1980"): "usaha ini lahir dari pelatihan 2018" is no birth date.
_A_YEAR = r"(?:(?:pada\s+)?(?:tahun|thn|th|year)\.?\s*)?(?:19|20)[0-9]{2}(?![0-9])"
_BIRTH = re.compile(
    r"(?<![a-z])(?:lahir(?:nya)?|lhr|kelahiran|ttl|born|birth|dob|birthday)(?![a-z])"
    rf"(?:[^.;\n]{{0,40}}?(?<![0-9]){_FULL_DATE}|[\s:,]*{_A_YEAR}|\s+(?:di|in)\s+[a-z]+(?:\s+[a-z]+)?[\s,]+{_A_YEAR}"
    # "kelahiran 68", "kelahiran '68"
    r"|\s+'?[0-9]{2}(?![0-9.,]))"
    # A birthday: the day and month are the birth date's ("ulang tahunnya 23 April").
    rf"|(?<![a-z])(?:ulang\s+tahun(?:nya)?|ultah(?:nya)?|hari\s+lahir(?:nya)?)(?![a-z])[^.;\n]{{0,20}}?(?<![0-9])[0-9]{{1,2}}\s+(?:{_MONTHS})(?![a-z])"
)

# Somebody's age now ("umur 54 tahun", "berusia 54", "54 years old"), for a person's display
# name and story only: a product may be "untuk anak usia 5 tahun", and "sejak usia 12 tahun" in
# a story is when the craft began, not a birth year.
_AGE = re.compile(
    r"(?<![a-z])(?<!sejak )(?<!pada )(?<!di )(?<!dari )(?<!anak )(?:umur|usia|berumur|berusia|umurnya|usianya|aged)"
    r"\s+(?:sekitar\s+|kira-kira\s+)?[0-9]{1,3}(?![0-9])"
    r"|(?<![0-9])[0-9]{1,3}[\s-]+years?[\s-]+old(?![a-z])"
)


def mentions_birth_date(text: str) -> bool:
    """Whether ``text`` tells somebody's birth date or year ("lahir 12 Maret 1968")."""
    return any(_BIRTH.search(reading) for reading in offence_readings(text))


def tells_own_birth(text: str, birth_year: int | None) -> bool:
    """Whether a person's display name or story tells their birth date, their age, or their
    stored birth year as a number of its own ("Pak Darto, 1968")."""
    if mentions_birth_date(text):
        return True
    readings = offence_readings(text)
    if any(_AGE.search(reading) for reading in readings):
        return True
    if birth_year:
        year = re.compile(rf"(?<![0-9.,]){birth_year}(?![0-9]|[.,][0-9])")
        return any(year.search(reading) for reading in readings)
    return False


_SPACED_LETTERS = re.compile(r"(?<!\w)\w(?: \w)+(?!\w)")


def offence_readings(text: str) -> list[str]:
    """``text`` as ``naming.readings`` reads it (signs as letters: "narkob4"), and each of those
    with letters written apart joined up again ("n a r k o b a")."""
    found = []
    for reading in readings(text):
        found.append(reading)
        joined = _SPACED_LETTERS.sub(lambda m: m.group().replace(" ", ""), reading)
        if joined != reading:
            found.append(joined)
    return found


NUMBER_SHAPE_MESSAGE = _(
    "Teks ini tampil di halaman publik dan memuat sesuatu yang berbentuk nomor registrasi "
    "warga binaan (misalnya “B.I-0000/2000”); hapus nomor itu."
)


_BIRTH_DATE_MESSAGE = _(
    "Teks ini tampil di halaman publik: jangan menyebut tanggal atau tahun lahir warga binaan."
)

_OWN_BIRTH_MESSAGE = _(
    "Teks ini tampil di halaman publik: jangan menyebut tanggal lahir, tahun lahir atau umur warga binaan."
)


def public_text_errors(
    *, legal_name: str, registration_number: str, display_name: str, public_story: str, birth_year: int | None = None
) -> dict:
    """``{field: message}`` for what may become public (display name, story) that would name the
    person, cite their registration number, tell an offence or a sentence, or their birth date,
    age or ``birth_year``; empty when both are fine. The one rule of the person form, the import
    and consent."""
    errors = {}
    if names_person(display_name, legal_name) or cites_number(display_name, registration_number):
        errors["display_name"] = _(
            "Nama tampilan tidak boleh memuat nama lengkap (atau dua bagian nama) warga binaan; "
            "pilih nama panggilan atau inisial (misalnya “Pak Rani” atau “S.”)."
        )
    elif looks_like_registration_number(display_name):
        errors["display_name"] = NUMBER_SHAPE_MESSAGE
    elif mentions_offence(display_name):
        errors["display_name"] = _(
            "Nama tampilan tidak boleh menyebut tindak pidana, putusan atau masa hukuman."
        )
    elif tells_own_birth(display_name, birth_year):
        errors["display_name"] = _OWN_BIRTH_MESSAGE
    if names_person(public_story, legal_name) or cites_number(public_story, registration_number):
        errors["public_story"] = _(
            "Kisah publik tidak boleh memuat nama lengkap atau nomor registrasi warga binaan."
        )
    elif looks_like_registration_number(public_story):
        errors["public_story"] = NUMBER_SHAPE_MESSAGE
    elif mentions_offence(public_story):
        errors["public_story"] = _(
            "Kisah publik tidak boleh menyebut tindak pidana, putusan atau masa hukuman (misalnya "
            "“narkotika” atau “7 tahun penjara”). Ceritakan keterampilan dan karyanya."
        )
    elif tells_own_birth(public_story, birth_year):
        errors["public_story"] = _OWN_BIRTH_MESSAGE
    # A public page shows the two side by side: one word of the name in each ("Pak Sudarto" and
    # "keluarga Wibisono") is the whole name.
    if not errors and display_name.strip() and public_story.strip() and names_person(f"{display_name}\n{public_story}", legal_name):
        errors["public_story"] = _(
            "Nama tampilan dan kisah publik bersama-sama memuat nama lengkap warga binaan (satu bagian "
            "nama di masing-masing); hapus bagian nama itu dari kisah."
        )
    return errors


def women_prison_message(prison: Prison) -> str:
    """A man registered at a women's prison (as the transfer refuses to move one there)."""
    return _("%(prison)s adalah lapas perempuan; peserta laki-laki tidak terdaftar di sana. Periksa jenis kelaminnya.") % {
        "prison": prison.name
    }


def people_of_prisons(prison_ids) -> PeopleIndex:
    """``prison_people`` of several prisons at once (an exhibition's exhibitors)."""
    ids = [pk for pk in set(prison_ids) if pk]
    if not ids:
        return PeopleIndex(())
    return PeopleIndex(
        Inmate.objects.filter(prison_id__in=ids).order_by().values_list("pk", "legal_name", "registration_number")
    )


def prison_people(*, prison_id: int, more=()) -> PeopleIndex:
    """The legal names and registration numbers of every inmate of the prison, keyed by pk, and
    of ``more`` (``(key, legal_name, registration_number)``, e.g. the rows of an import file), for
    ``others_named_errors``. Other prisons are never looked up: an answer drawn from them would
    tell an officer whether a person is held elsewhere."""
    return PeopleIndex(
        itertools.chain(
            Inmate.objects.filter(prison_id=prison_id).order_by().values_list("pk", "legal_name", "registration_number"),
            more,
        )
    )


def people_named_anywhere(texts, *, more=()) -> PeopleIndex:
    """The inmates of every prison whose legal name may be in ``texts``: those with a word of
    their name among the words of the texts (however written: spaced out, with signs for letters,
    in the old spelling or the new),
    or at the start of a long word (names written joined), and ``more``. For the back office only
    (staff see every prison): an officer is never answered from other prisons (``prison_people``).
    A query per 200 words (PostgreSQL answers from a trigram index, migration 0012)."""
    words = []
    for text in texts:
        for reading in offence_readings(text or ""):
            for word in re.findall(r"[a-z]+", reading):
                if 3 <= len(word) <= _LONGEST_NAME_WORD:
                    words.extend(sorted(spelling_variants(word)))  # "sudarto" finds "Soedarto"
                if len(word) >= 8:  # "sudartowibisono": its first name word is one of its starts
                    # At most that long: a run of thousands of letters made a pattern of millions
                    # (n² / 2) and a save of half a minute (found by an attacker probe).
                    words.extend(word[:end] for end in range(3, min(len(word) - 2, _LONGEST_NAME_WORD + 1)))
    wanted = list(dict.fromkeys(words))
    if len(wanted) > _NATIONWIDE_WORDS_PER_QUERY:
        wanted = _name_words_among(wanted)
    rows = []
    for start in range(0, len(wanted), _NATIONWIDE_WORDS_PER_QUERY):
        chunk = "|".join(wanted[start : start + _NATIONWIDE_WORDS_PER_QUERY])
        rows += Inmate.objects.filter(legal_name__iregex=rf"(^|[^a-z])({chunk})([^a-z]|$)").order_by().values_list(
            "pk", "legal_name", "registration_number"
        )
    return PeopleIndex(itertools.chain(rows, more))


_NATIONWIDE_WORDS_PER_QUERY = 200


def _name_words_among(words: list[str]) -> list[str]:
    """Those of ``words`` that are a word of some inmate's legal name, found in one pass over the
    names (about 0.2 s for 250,000 on PostgreSQL). A text of many different words made a pattern
    query over every name per 200 of them: 5 to 13 seconds for a 5,000-character description at
    national scale, a curator's approval held up (found by an attacker probe)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT word FROM inmates_inmate, "
                "LATERAL regexp_split_to_table(lower(legal_name), '[^a-z]+') AS word WHERE word = ANY(%s)",
                [words],
            )
            found = {word for (word,) in cursor.fetchall()}
    else:
        wanted, found = set(words), set()
        for name in Inmate.objects.order_by().values_list("legal_name", flat=True).iterator(chunk_size=5000):
            found.update(word for word in re.findall(r"[a-z]+", name.lower()) if word in wanted)
    return [word for word in words if word in found]
# No word of a name is longer (the longest in use run to some twenty letters).
_LONGEST_NAME_WORD = 40


def row_public_text_errors(
    *,
    people: PeopleIndex,
    own,
    legal_name: str,
    registration_number: str,
    display_name: str,
    public_story: str,
    birth_year: int | None = None,
) -> dict:
    """``public_text_errors`` and ``others_named_errors`` together: the rules for one person of
    ``people`` (key ``own``), as the person form applies them, for a row of an import."""
    errors = public_text_errors(
        legal_name=legal_name,
        registration_number=registration_number,
        display_name=display_name,
        public_story=public_story,
        birth_year=birth_year,
    )
    others = others_named_errors(people=people, own=own, display_name=display_name, public_story=public_story)
    return errors | {field: message for field, message in others.items() if field not in errors}


def others_named_errors(*, people: PeopleIndex, own, display_name: str, public_story: str) -> dict:
    """``{field: message}`` where the display name or story names somebody of ``people`` other
    than ``own`` (their key), or cites their registration number: a public page must not put
    another inmate's name on somebody's work. A display name is short, so two words of a name in
    any order count, and so does a one-word legal name written as a name ("Salam Paiman"), or in
    small letters when it is the whole display name ("paiman", "pak paiman"); among other small
    words it is an ordinary word ("batik indah"). A story is checked for whole names only (it is
    full of ordinary words that are also names, such as Indah or Sari)."""
    errors = {}
    named = people.named(display_name, capitalised_mononyms=True) | people.whole_mononym(display_name)
    if display_name.strip() and (named | people.cited(display_name)) - {own}:
        errors["display_name"] = _(
            "Nama tampilan ini adalah nama lengkap warga binaan lain; pilih nama panggilan atau inisial."
        )
    if public_story.strip() and (people.named(public_story, any_order=False) | people.cited(public_story)) - {own}:
        errors["public_story"] = _(
            "Kisah publik tidak boleh memuat nama lengkap atau nomor registrasi warga binaan lain."
        )
    return errors


def public_texts_errors(*, people: PeopleIndex, texts: dict[str, str]) -> dict:
    """``{field: message}`` for texts a public page shows about the work (a product's name,
    description, materials, a photo's caption) that name an inmate of ``people`` (whole names
    however spelt, or a registration number) or tell an offence or a sentence. A maker is credited
    by the display name they consented to, under the product, never in its text."""
    errors = {}
    for field, text in texts.items():
        if not (text or "").strip():
            continue
        if not (people.named(text, any_order=False) or people.cited(text)) and looks_like_registration_number(text):
            errors[field] = NUMBER_SHAPE_MESSAGE
        elif people.named(text, any_order=False) or people.cited(text):
            errors[field] = _(
                "Teks ini tampil di halaman publik: jangan memuat nama lengkap atau nomor registrasi "
                "warga binaan. Pembuat ditampilkan dengan nama tampilan yang ia setujui."
            )
        elif mentions_offence(text):
            errors[field] = _(
                "Teks ini tampil di halaman publik: jangan menyebut tindak pidana, putusan atau masa "
                "hukuman. Ceritakan produk dan keterampilannya."
            )
        elif mentions_birth_date(text):
            errors[field] = _BIRTH_DATE_MESSAGE
    return errors


def display_name_core(display_name: str) -> str:
    """A display name without the form of address before it ("Pak Darto": "Darto"); empty when
    what is left is an initial ("S.") or two letters, which name nobody."""
    words = (display_name or "").split()
    while len(words) > 1 and fold(words[0]).strip(".") in FORMS_OF_ADDRESS:
        words = words[1:]
    core = " ".join(words)
    return core if len(re.sub(r"[\W_]", "", fold(core))) >= 3 else ""


def name_words_in(texts, *, name: str) -> set[str]:
    """The words of ``name`` (a legal name; of four letters or more, however spelt in the old or
    the new spelling) that ``texts`` hold as words: a first name alone in a product's title
    ("Blus Sulam Maryam") tells who made it once consent is withdrawn, though no whole name is."""
    keys = {spelling_key(word): word for word in words(name) if len(word) >= 4 and word.isalpha()}
    found = set()
    for text in texts:
        for word in words(text or ""):
            if len(word) >= 4 and (key := spelling_key(word)) in keys:
                found.add(keys[key])
    return found


def makers_named_errors(*, makers, texts: dict[str, str]) -> dict:
    """``{field: message}`` where a product's public text names one of its ``makers`` (inmates):
    by the legal name even when it is a single word ("Sarung Batik Sutrisno"), which the check
    through the whole prison leaves alone (one-word names are ordinary words there), or by the
    display name ("Tas Batik Pak Yohanes"). A maker is credited under the product by the display
    name only while their consent lets the public see it; written into the product's own text,
    the name would stay on the page after a withdrawal (found by a privacy probe)."""
    makers = list(makers)
    if not makers:
        return {}
    legal = PeopleIndex((maker.pk, maker.legal_name, maker.registration_number) for maker in makers)
    shown = {maker.pk: core for maker in makers if (core := display_name_core(maker.display_name))}
    displayed = PeopleIndex((pk, core, "") for pk, core in shown.items())
    errors = {}
    for field, text in texts.items():
        if not (text or "").strip():
            continue
        if legal.named(text, any_order=False, mononyms=True) or legal.cited(text):
            errors[field] = _(
                "Teks ini tampil di halaman publik: jangan memuat nama lengkap atau nomor registrasi "
                "pembuatnya. Pembuat ditampilkan dengan nama tampilan yang ia setujui."
            )
        elif named := displayed.named(text, any_order=False, mononyms=True):
            errors[field] = _(
                "Teks ini memuat nama pembuat (“%(name)s”). Nama tampilan pembuat sudah ditampilkan di "
                "bawah produk selama persetujuannya berlaku; di dalam teks produk nama itu tetap tampil "
                "walaupun persetujuannya dicabut. Hapus nama itu dari teks."
            ) % {"name": shown[min(named)]}
    return errors


def prison_name_key(name: str) -> str:
    """A prison's name as people shorten it: small letters, without its class ("Kelas IIA",
    "Klas I") or signs. "Lapas Perempuan Kelas IIA Tangerang" and "lapas perempuan tangerang"
    are one key."""
    words = re.findall(r"[a-z0-9]+", (name or "").casefold())
    dropped = {"kelas", "klas", "kls", "i", "ii", "iia", "iib", "iii"}
    return " ".join(word for word in words if word not in dropped)


# Every look-alike of the hyphen and of the slash that a number copied from Word, a PDF or a phone
# keyboard brings (an attacker probe found "⸺", "˗", "➖", "∕" and "⁄" let a number in twice).
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u02d7\u2e3a\u2e3b\u2796\ufe58\ufe63\uff0d"), "-"
)
_DASHES |= dict.fromkeys(map(ord, "\u2215\u2044\u29f8\uff0f"), "/")
# What a key drops, in the database too (``registration_taken``): spaces, dots and hyphens.
_KEY_DROPPED = (" ", ".", "-")


def registration_number_clean(number: str) -> str:
    """A registration number as stored: the ends trimmed, runs of spaces one, full-width letters
    and digits plain, every kind of dash the hyphen (a number copied from Word or a PDF brings
    "‐" or "–")."""
    return " ".join(unicodedata.normalize("NFKC", number).translate(_DASHES).split())


def registration_key(number: str) -> str:
    """What makes two registration numbers one register entry: neither case, spaces, dots nor the
    kind of dash count, nor a hyphen beside a letter ("B.I‐3001/2026", "bi-3001/2026", "B.I
    3001/2026" and "B.I-12.345/2026", "B.I-12345/2026" are one; found by an officer's probe: a
    lookalike dash or a missing dot registered the same person twice). A hyphen between two digits
    stays: "A-1-1/2020" is not "A-11/2020"."""
    text = re.sub(r"[\s.]", "", registration_number_clean(number)).casefold()
    return re.sub(r"(?<!\d)-|-(?!\d)", "", text)


def _coarse_key(number: str) -> str:
    text = registration_number_clean(number).casefold()
    for dropped in _KEY_DROPPED:
        text = text.replace(dropped, "")
    return text


def registration_taken(*, prison_id: int, registration_number: str, exclude_pk: int | None = None) -> bool:
    """Whether ``registration_number`` (by ``registration_key``) is already used in the prison.
    The database keeps the rows whose number, without spaces, dots and hyphens, is the same (any
    number stored with one inside its digits, "12.345", was missed when its digits were looked
    for); their keys decide."""
    key = registration_key(registration_number)
    if not key:
        return False
    stripped = Lower("registration_number")
    # (Numbers stored before they were cleaned may hold any dash.)
    for dropped in (*_KEY_DROPPED, *(chr(code) for code, to in _DASHES.items() if to == "-")):
        stripped = Replace(stripped, Value(dropped), Value(""))
    rows = Inmate.objects.filter(prison_id=prison_id).annotate(coarse=stripped).filter(coarse=_coarse_key(registration_number))
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return any(registration_key(number) == key for number in rows.values_list("registration_number", flat=True))


class Inmate(models.Model):
    """A participant (warga binaan pemasyarakatan, WBP). Offence and sentence are never stored."""

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        RELEASED = "released", _("Bebas")
        TRANSFERRED = "transferred", _("Dipindahkan")

    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, related_name="inmates", verbose_name=_("lapas/rutan")
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inmates",
        verbose_name=_("bengkel kerja"),
    )
    legal_name = models.CharField(_("nama lengkap"), max_length=160, validators=LEGAL_NAME_VALIDATORS)
    registration_number = models.CharField(_("nomor registrasi"), max_length=40, validators=[validate_visible_text, validate_one_line])
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("tahun lahir"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    skills = models.TextField(_("keterampilan"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    release_date = models.DateField(_("tanggal bebas"), null=True, blank=True, validators=[validate_plausible_date])
    transferred_to = models.CharField(_("dipindahkan ke"), max_length=160, blank=True, validators=NAME_VALIDATORS)
    transferred_on = models.DateField(
        _("tanggal dipindahkan"), null=True, blank=True, validators=[validate_plausible_date]
    )
    display_name = models.CharField(
        _("nama tampilan publik"),
        max_length=60,
        blank=True,
        help_text=_("Nama yang dipilih warga binaan untuk ditampilkan, hanya jika ia setuju."),
        validators=NAME_VALIDATORS,
    )
    public_story = models.TextField(
        _("kisah publik"),
        blank=True,
        max_length=3000,
        help_text=_("Kisah singkat yang disetujui warga binaan untuk ditampilkan."),
        validators=[validate_visible_text],
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("riwayat warga binaan"))
    objects = InmateQuerySet.as_manager()

    class Meta:
        ordering = ["prison__name", "legal_name"]
        verbose_name = _("warga binaan")
        verbose_name_plural = pgettext_lazy("plural", "warga binaan")
        indexes = [
            # The portal dashboard counts a prison's participants by status from this index alone
            # (an index-only scan: 15,000 inmates of one prison in about 2 ms on PostgreSQL).
            models.Index(fields=["prison", "status"], name="inmate_prison_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["prison", "registration_number"],
                name="inmate_unique_registration_per_prison",
            ),
            models.CheckConstraint(
                condition=~Q(status="released") | Q(release_date__isnull=False),
                name="inmate_released_has_release_date",
                violation_error_message=_("Warga binaan yang bebas harus memiliki tanggal bebas."),
            ),
        ]

    def __str__(self):
        # Only ever shown in the portal and the admin.
        return f"{self.legal_name} ({self.registration_number})"

    def clean(self):
        if self.workshop_id and self.prison_id and self.workshop.prison_id != self.prison_id:
            raise ValidationError({"workshop": _("Bengkel kerja harus berada di lapas yang sama.")})
        if self.gender == self.Gender.MALE and self.prison_id and self.prison.kind == Prison.Kind.LAPAS_PEREMPUAN:
            raise ValidationError({"gender": women_prison_message(self.prison)}, code="womens_prison")
        self._check_departure()
        if self.registration_number:
            self.registration_number = registration_number_clean(self.registration_number)
            if self.prison_id and registration_taken(
                prison_id=self.prison_id, registration_number=self.registration_number, exclude_pk=self.pk
            ):
                raise ValidationError(
                    {"registration_number": _("Nomor registrasi ini sudah terdaftar di lapas tersebut.")},
                    code="duplicate",
                )
        # The erased mark ("—") is no name for a living record (found by an attacker probe).
        if self.legal_name == ERASED_NAME and self.registration_number != f"DIHAPUS-{self.pk}":
            raise ValidationError({"legal_name": _("Isian ini harus memuat huruf, tidak hanya angka atau tanda baca.")})
        # What may become public never carries the legal name or the registration number.
        if self.prison_id and (self.display_name.strip() or self.public_story.strip()):
            errors = row_public_text_errors(
                people=prison_people(prison_id=self.prison_id),
                own=self.pk,
                legal_name=self.legal_name,
                registration_number=self.registration_number,
                display_name=self.display_name,
                public_story=self.public_story,
                birth_year=self.birth_year,
            )
        else:
            errors = self.public_text_errors()
        if errors:
            raise ValidationError(errors)

    def _check_departure(self) -> None:
        """A release has its date, a transfer its date and destination (another prison; a man not to a
        women's prison), as the portal's release and transfer ask: the admin, where staff set the
        status by hand, saved "transferred to -" (found by a review)."""
        if self.status == self.Status.RELEASED and not self.release_date:
            raise ValidationError({"release_date": _("Isi tanggal bebas untuk peserta yang bebas.")})
        if self.status == self.Status.RELEASED and self.release_date and self.release_date > timezone.localdate():
            raise ValidationError({"release_date": _("Tanggal bebas tidak boleh di masa depan.")})
        if self.status != self.Status.TRANSFERRED:
            return
        if not self.transferred_on:
            raise ValidationError({"transferred_on": _("Isi tanggal pemindahan.")})
        if self.transferred_on > timezone.localdate():
            raise ValidationError({"transferred_on": _("Tanggal pemindahan tidak boleh di masa depan.")})
        destination_name = (self.transferred_to or "").strip()
        if not destination_name:
            raise ValidationError({"transferred_to": _("Isi lapas/rutan tujuan.")})
        destination = Prison.objects.filter(name__iexact=destination_name).only("pk", "kind", "name").first()
        if destination is None:
            # The name as typed with other spaces, signs or without its class (found by an
            # attacker probe: "Lapas Perempuan Kelas IIA  Tangerang", two spaces, for a man).
            key = prison_name_key(destination_name)
            destination = next(
                (prison for prison in Prison.objects.only("pk", "kind", "name") if prison_name_key(prison.name) == key),
                None,
            )
        own = Prison.objects.only("name").get(pk=self.prison_id) if self.prison_id else None
        if own is not None and (
            (destination is not None and destination.pk == own.pk) or prison_name_key(destination_name) == prison_name_key(own.name)
        ):
            # Also the name as people say it, without its class: "Lapas Perempuan Tangerang" for
            # "Lapas Perempuan Kelas IIA Tangerang" (found by a browser check).
            raise ValidationError(
                {
                    "transferred_to": _(
                        "Peserta ini sudah berada di %(prison)s. Isi lapas/rutan tujuan pemindahannya."
                    )
                    % {"prison": own.name}
                }
            )
        if destination is None:
            return
        if destination.kind == Prison.Kind.LAPAS_PEREMPUAN and self.gender == self.Gender.MALE:
            raise ValidationError(
                {
                    "transferred_to": _(
                        "%(prison)s adalah lapas perempuan, sedangkan peserta ini laki-laki. Periksa lapas/rutan tujuannya."
                    )
                    % {"prison": destination.name}
                }
            )

    def public_text_errors(self) -> dict:
        return public_text_errors(
            legal_name=self.legal_name,
            registration_number=self.registration_number,
            display_name=self.display_name,
            public_story=self.public_story,
            birth_year=self.birth_year,
        )

    @property
    def current_consent(self):
        """The consent in force, or None. Uses prefetched consents when present."""
        for consent in sorted(self.consents.all(), key=lambda c: c.given_on, reverse=True):
            if consent.withdrawn_on is None:
                return consent
        return None


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_on__isnull=True)


class Consent(models.Model):
    """What an inmate agreed may be public. A new record each time; withdrawal is dated, never deleted.

    At most one consent per inmate is in force (not withdrawn) at any time.
    """

    inmate = models.ForeignKey(
        Inmate, on_delete=models.CASCADE, related_name="consents", verbose_name=_("warga binaan")
    )
    display_name_public = models.BooleanField(_("nama tampilan boleh publik"), default=False)
    story_public = models.BooleanField(_("kisah boleh publik"), default=False)
    work_photos_public = models.BooleanField(_("foto karya boleh publik"), default=False)
    face_public = models.BooleanField(
        _("wajah boleh tampil"),
        default=False,
        help_text=_("Hanya jika warga binaan secara tegas menyetujui fotonya ditampilkan."),
    )
    given_on = models.DateTimeField(_("diberikan pada"), default=timezone.now, validators=[validate_plausible_datetime])
    withdrawn_on = optional_datetime(_("dicabut pada"))
    recorded_by = optional_user(_("dicatat oleh"))
    withdrawn_recorded_by = optional_user(_("pencabutan dicatat oleh"))
    document = RandomNameFileField(
        _("formulir persetujuan (pindaian)"),
        upload_to=RandomName("consent"),
        blank=True,
        help_text=DOCUMENT_HELP,
        validators=[validate_document],
    )
    notes = models.TextField(_("catatan"), blank=True, max_length=2000)

    history = HistoricalRecords(verbose_name=_("riwayat persetujuan"))
    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on"]
        get_latest_by = "given_on"
        # The admin's list, newest first (the admin adds the id as a tie-breaker): at 250,000
        # consents, without it every page sorted the whole table (160 ms).
        indexes = [models.Index(F("given_on").desc(), F("id").desc(), name="consent_given_on")]
        verbose_name = _("persetujuan publikasi")
        verbose_name_plural = pgettext_lazy("plural", "persetujuan publikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["inmate"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_active_per_inmate",
                violation_error_message=_("Warga binaan ini sudah memiliki persetujuan yang berlaku."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("Tanggal pencabutan tidak boleh sebelum tanggal persetujuan."),
            ),
        ]

    def __str__(self):
        # Staff pages only (admin, history): the person as the back office shows them (the legal
        # name and registration number). Lists that show it select the inmate with it.
        try:
            person = self.inmate if self.inmate_id else "-"
        except Inmate.DoesNotExist:
            person = None
        if person is None:  # a deleted consent's inmate, deleted too (the list of deleted records)
            person = _("warga binaan #%(id)s (terhapus)") % {"id": self.inmate_id}
        return _("Persetujuan %(date)s: %(person)s") % {
            "date": date_format(timezone.localtime(self.given_on)) if self.given_on else "-",
            "person": person,
        }

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class StagedFile(models.Model):
    """A file sent with a form that failed for another reason (a scanned agreement, a handover
    report), kept so that the form sent again need not pick it again: for its sender alone, used
    once and dropped after ``KEEP_HOURS`` (inmates.kept_uploads). No URL serves it."""

    KEEP_HOURS = 24

    token = models.CharField(_("kode"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis"), max_length=100)
    content = models.BinaryField(_("isi"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("berkas tersimpan sementara")
        verbose_name_plural = pgettext_lazy("plural", "berkas tersimpan sementara")

    def __str__(self):
        return self.name
