"""Validators shared by the apps."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def validate_plausible_datetime(value) -> None:
    """A moment between 1900 and 2999. Python and the database take years 1 to 9999, but a moment
    near either end (0001-01-01 00:00 WIB) cannot be converted to UTC, which every save does: it
    would fail on saving, as a server error, instead of here, as a form error. And no date of this
    programme lies outside these years: such a year is a typing mistake."""
    if value is None or timezone.is_naive(value):
        return
    # The year as written, in the zone it was written in (01-01-1900 00:00 WIB is 1899 in UTC);
    # so far from years 1 and 9999, converting it later cannot overflow.
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Tahun %(year)s tidak masuk akal; periksa tanggalnya (%(earliest)s sampai %(latest)s)."),
            code="implausible_year",
            params={"year": value.year, "earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def validate_plausible_date(value) -> None:
    """A day between 1900 and 2999, for the same reason as ``validate_plausible_datetime``: no
    date of this programme lies outside these years, and near the ends of the calendar the
    follow-ups three months after a release on 31-12-9999 or a report day by day from year 1
    could not be computed (a server error, or a page of millions of rows)."""
    if value is None or isinstance(value, datetime.datetime):
        return
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Tahun %(year)s tidak masuk akal; periksa tanggalnya (%(earliest)s sampai %(latest)s)."),
            code="implausible_year",
            params={"year": value.year, "earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def validate_visible_text(value) -> None:
    """Text without invisible characters: control characters (a tab, a new line are fine) and
    format characters such as zero-width spaces and the right-to-left override, which make a
    name read differently from what it is (spoofing) or slip a legal name past a check. They
    come from copying and pasting, never from typing a name."""
    import unicodedata

    from inmates.naming import BLANK_LETTERS

    if not isinstance(value, str):
        return
    for ch in value:
        category = unicodedata.category(ch)
        # U+200D joins emoji (a family, a flag); it changes no letter. The Hangul filler is a
        # letter that draws nothing: "Yohanes\u3164Manurung" reads as two words.
        if (
            (category == "Cc" and ch not in "\t\n\r")
            or (category == "Cf" and ch != "\u200d")
            or ch in BLANK_LETTERS
        ):
            raise ValidationError(
                _(
                    "Teks ini memuat karakter tak terlihat (U+%(code)04X), biasanya terbawa saat "
                    "menyalin dari tempat lain. Ketik ulang teksnya."
                ),
                code="invisible_character",
                params={"code": ord(ch)},
            )


def validate_one_line(value) -> None:
    """A one-line field (a name, a title, a phone number) holds no line break: a browser's text
    box cannot type one, so it comes from a crafted request, and in an e-mail it would draw a
    line that looks like a header ("Bcc: ...")."""
    if isinstance(value, str) and any(ch in value for ch in "\r\n\v\f\x85\u2028\u2029"):
        raise ValidationError(
            _("Isian ini harus satu baris, tanpa ganti baris."),
            code="line_break",
        )


@deconstructible(path="config.validators.AtMost")
class AtMost(MaxValueValidator):
    """The upper bound of a number a person types, its limit written as the reader groups
    digits: "Paling banyak 1.000.000." (or "Rp 10.000.000.000" for money). Without one an
    integer column was bounded by the database alone: on PostgreSQL "kurang dari atau sama dengan
    32767" and on SQLite (the demo) "... 9223372036854775807", and SQLite took 40.000 in a column
    PostgreSQL refused it in. Every number a person types into a model's column has one."""

    message = _("Terlalu besar: paling banyak %(limit)s.")

    def __init__(self, limit_value, message=None, *, rupiah: bool = False):
        super().__init__(limit_value, message)
        self.rupiah = rupiah

    def __call__(self, value):
        if value is not None and self.compare(value, self.limit_value):
            from django.utils.formats import number_format

            from inmates.templatetags.etalase import format_rupiah

            limit = format_rupiah(self.limit_value) if self.rupiah else number_format(self.limit_value, 0, force_grouping=True)
            raise ValidationError(
                self.message,
                code="max_value",
                params={"limit": limit, "limit_value": self.limit_value, "show_value": value, "value": value},
            )

    def __eq__(self, other):
        return super().__eq__(other) and self.rupiah == getattr(other, "rupiah", None)


@deconstructible(path="config.validators.LengthAtMost")
class LengthAtMost(MaxLengthValidator):
    """A text's upper length with the counts grouped as the reader groups digits: "(sekarang
    20.000)", not "(sekarang 20000)" (found by a bad-input probe). The message may use
    ``%(limit)s`` and ``%(count)s``."""

    def __call__(self, value):
        from django.utils.formats import number_format

        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code="max_length",
                params={
                    "limit": number_format(self.limit_value, 0, force_grouping=True),
                    "count": number_format(length, 0, force_grouping=True),
                    "limit_value": self.limit_value,
                    "show_value": length,
                    "value": value,
                },
            )


def validate_has_letter(value) -> None:
    """A name or a title has at least one letter, of any script: "-1", "!!!" or "2018" name
    nothing a reader could recognise (found by a ministry-staff probe: a Kanwil named "-1")."""
    import unicodedata

    # A letter of any script, but not a modifier letter ("ˆ", "ˇ", the long-vowel mark "ー"), which
    # reads as a sign (found by an attacker probe).
    if isinstance(value, str) and value.strip() and not any(
        ch.isalpha() and unicodedata.category(ch) != "Lm" for ch in value
    ):
        raise ValidationError(
            _("Isian ini harus memuat huruf, tidak hanya angka atau tanda baca."),
            code="no_letter",
        )


# What every one-line name or title a person reads (a prison, a product, an exhibition, a
# buyer) is checked for.
NAME_VALIDATORS = [validate_visible_text, validate_one_line, validate_has_letter]

# The legal name of an inmate whose data was erased (programs.erasure): a dash, no name at all.
ERASED_NAME = "—"


def validate_legal_name(value) -> None:
    """``validate_has_letter``, but an erased inmate's mark stays as it is (found by a review: the
    record of an erased person could not be saved again without typing a name into it)."""
    if value != ERASED_NAME:
        validate_has_letter(value)


LEGAL_NAME_VALIDATORS = [validate_visible_text, validate_one_line, validate_legal_name]


# A telephone number as people write it: a "+" before the country code or an area code in
# brackets, "(021) 5255509" or "(+62) 812 3456 7890", then digits with spaces, dots, dashes or
# brackets between them.
_PHONE = re.compile(r"(?:\+|\(\+?)?[0-9][0-9 .\-()]{0,28}")  # digits as dialled: 0-9 only


def phone_digits(phone: str) -> str:
    """A telephone number's digits as dialled at home: "+62 812-3456-7890", "62812 3456 7890" and
    "0812 3456 7890" are one number, and so are "(021) 5255509" and "+62 21 5255509"."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("62") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits


def _brackets_pair(phone: str) -> bool:
    """Each "(" closed by a ")" after it, none inside another: "(021) 555" but not "(021 555",
    "021) 555" or "((021))"."""
    depth = 0
    for ch in phone:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth not in (0, 1):
            return False
    return depth == 0


def clean_phone_number(value: str, *, min_digits: int = 7) -> str:
    """``value`` as a telephone number, its runs of spaces made one ("" stays ""), or a
    ValidationError saying how to write one. The one rule of every phone field (the buyer's
    inquiry, a delegation's contact), which once refused an area code in brackets."""
    phone = " ".join(value.split())
    if phone and (
        not _PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < min_digits or not _brackets_pair(phone)
    ):
        raise ValidationError(
            _("Tulis nomor telepon dengan angka, mis. 0812 3456 7890 atau +62 21 123 4567."),
            code="phone",
        )
    return phone


def validate_phone_number(value) -> None:
    """A model's telephone column holds a number as ``clean_phone_number`` reads one (found by a
    staff probe: "abc" was saved as a delegation's contact and shown to the officers)."""
    if isinstance(value, str) and value.strip():
        validate_one_line(value)  # a line break typed into the admin's box was kept (an attacker probe)
        clean_phone_number(value)


# What a scanned or written document of the programme comes as (a signed agreement, a handover
# report, a consent form): PDF, a photo or scan, an office document. Found by a staff probe: an
# ".exe", an ".html" page and a program named ".pdf" were all stored as evidence.
DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "webp", "tif", "tiff", "doc", "docx", "odt", "xls", "xlsx", "ods")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_HELP = _("PDF, foto/pindaian (JPEG, PNG, TIFF) atau dokumen Office, paling besar 20 MB.")
# The first bytes of a program or a web page, whatever the name says (compared in small letters).
_NOT_DOCUMENTS = (b"mz", b"\x7felf", b"#!", b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")


# How a file of each kind begins (its "magic" bytes). A kind not named here (the old Word and Excel
# files are OLE, named with the others) is only checked against programs and web pages.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_DOCUMENT_STARTS = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "doc": (_OLE,),
    "xls": (_OLE,),
    "docx": (_ZIP,),
    "xlsx": (_ZIP,),
    "odt": (_ZIP,),
    "ods": (_ZIP,),
}


def validate_document(value) -> None:
    """A document upload: one of DOCUMENT_EXTENSIONS, at most DOCUMENT_MAX_BYTES, and not a
    program or a web page under a document's name. A file already stored is not read again."""
    import os

    upload = getattr(value, "file", None)
    if getattr(value, "_committed", True) or upload is None:
        # Already stored: it passed when it came (or came before this check, found by a review:
        # an old ".tif" would make its record impossible to save again).
        return
    name = getattr(value, "name", "") or ""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if not extension:
        # A scan saved as "scan" was told 'Jenis berkas “.?”' (found by a bad-input probe).
        raise ValidationError(
            _(
                "Nama berkas “%(name)s” tidak berakhiran jenis berkas (misalnya .pdf atau .jpg). Unggah PDF, "
                "foto/pindaian (JPEG, PNG, TIFF) atau dokumen Office."
            )
            % {"name": os.path.basename(name)[:60]},
            code="document_type",
        )
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("Jenis berkas “.%(extension)s” tidak diterima. Unggah PDF, foto/pindaian (JPEG, PNG, TIFF) atau dokumen Office.")
            % {"extension": extension},
            code="document_type",
        )
    size = getattr(value, "size", None)
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": DOCUMENT_MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    upload.seek(0)
    raw = upload.read(64)
    upload.seek(0)
    head = raw.removeprefix(b"\xef\xbb\xbf").lstrip().lower()  # a UTF-8 BOM hides nothing
    # Each kind begins as its kind does (found by an attacker probe: "<body onload=…>", PHP and
    # UTF-16 HTML named ".pdf" were taken); a scan's photo formats are checked the same way.
    starts = _DOCUMENT_STARTS.get(extension)
    if head.startswith(_NOT_DOCUMENTS) or (starts and not raw.startswith(starts)):
        raise ValidationError(
            _(
                "Isi berkas ini bukan dokumen .%(extension)s yang sah (berkas rusak, atau program atau halaman web "
                "yang diberi nama dokumen). Unggah PDF, foto/pindaian atau dokumen Office."
            )
            % {"extension": extension},
            code="not_a_document",
        )
