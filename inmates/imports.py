"""Reading and checking a participant import (CSV or XLSX) before anything is saved.

``preview_import(file, prison=...)`` reads the upload (format told by its content: an XLSX is a
ZIP archive, anything else must be text: UTF-8 with or without BOM, UTF-16 from Excel's
"Unicode text", or Windows-1252; ``;``, ``,`` or tab as delimiter, since Indonesian Excel writes
``;``), then checks every row and returns ALL row errors at once, so an officer fixes the file in
one go. A file that cannot be read at all raises ImportFileError with a message for the officer.
Nothing here writes: inmates.services.inmates_import saves the checked rows, all or none.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.validators import validate_visible_text
from inmates.exports import FORMULA_STARTS, formula_safe_text
from inmates.models import (
    Inmate,
    Prison,
    Workshop,
    prison_people,
    registration_key,
    registration_number_clean,
    row_public_text_errors,
    women_prison_message,
)
from inmates.naming import PeopleIndex

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# The header, the template's example row (left in, it is not imported) and MAX_ROWS rows of data:
# a table with more rows than this is refused while it is read, not cut.
MAX_TABLE_ROWS = MAX_ROWS + 2
# An XLSX is compressed XML: refuse archives that would unpack to far more than any real sheet.
MAX_XLSX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_COLUMNS = 40
MAX_SHEET_ROWS = 50_000
# The headings are looked for in the first rows that hold anything: a title ("DAFTAR WBP PESERTA
# PELATIHAN", the prison's name) above them is common in office spreadsheets, and left out.
HEADING_SEARCH_ROWS = 10

# A participant is at least 12 (the youngest children in an LPKA) and at most 100 years old.
YOUNGEST_AGE = 12
OLDEST_AGE = 100


def birth_year_bounds() -> tuple[int, int]:
    """The sensible range of birth years, today: (oldest, youngest)."""
    year = timezone.localdate().year
    return year - OLDEST_AGE, year - YOUNGEST_AGE


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template; data, so not translated
    label: str  # for messages
    required: bool = False
    aliases: tuple[str, ...] = ()
    # The cell is saved as written in the Inmate field named ``key``: its length limit and its
    # validators are then the model's own, read from the field, so the import cannot accept what
    # the person form refuses (a probe saved 5000 characters of skills and a name on two lines,
    # which made the person's edit form fail on fields nobody touched).
    as_written: bool = False

    @property
    def gloss(self) -> str:
        """The heading's meaning in the active language for a page that is not in Indonesian
        ("full name" beside "Nama lengkap"), "" on an Indonesian page: the headings themselves stay
        Indonesian, they are the file's format."""
        if translation.get_language() == settings.LANGUAGE_CODE:
            return ""
        label = str(self.label)
        return label[:1].lower() + label[1:]

    @property
    def model_field(self):
        return Inmate._meta.get_field(self.key) if self.as_written else None

    @property
    def max_length(self) -> int | None:
        return self.model_field.max_length if self.as_written else None


COLUMNS = (
    Column(
        "legal_name", "Nama lengkap", gettext_lazy("Nama lengkap"), True, ("nama", "nama_asli"), as_written=True
    ),
    Column(
        "registration_number",
        "Nomor registrasi",
        gettext_lazy("Nomor registrasi"),
        True,
        ("no_registrasi", "no_reg", "noreg", "nomor_register", "no_register", "nomor_reg"),
        as_written=True,
    ),
    Column("gender", "Jenis kelamin (L/P)", gettext_lazy("Jenis kelamin"), True, ("jk", "kelamin", "l_p")),
    Column("birth_year", "Tahun lahir", gettext_lazy("Tahun lahir"), False, ("thn_lahir",)),
    Column("workshop", "Bengkel kerja", gettext_lazy("Bengkel kerja"), False, ("bengkel", "unit_kerja")),
    Column("skills", "Keterampilan", gettext_lazy("Keterampilan"), False, ("keahlian",), as_written=True),
    Column(
        "display_name", "Nama tampilan", gettext_lazy("Nama tampilan"), False, ("nama_publik",), as_written=True
    ),
    Column("public_story", "Kisah publik", gettext_lazy("Kisah publik"), False, ("kisah",), as_written=True),
)
HEADERS = [c.header for c in COLUMNS]

# Keyed by the letters only, lower case: "L", "L.", "Lk", "Laki-laki", "LAKI - LAKI" and "lakilaki"
# are one gender (``gender_of``).
GENDERS = {
    "l": Inmate.Gender.MALE,
    "lk": Inmate.Gender.MALE,
    "lakilaki": Inmate.Gender.MALE,
    "pria": Inmate.Gender.MALE,
    "p": Inmate.Gender.FEMALE,
    "pr": Inmate.Gender.FEMALE,
    "perempuan": Inmate.Gender.FEMALE,
    "wanita": Inmate.Gender.FEMALE,
}


def gender_of(text: str) -> str | None:
    """The gender a cell names, as people write it (L, Lk, Laki-laki, P, Pr, Perempuan...), or None."""
    return GENDERS.get("".join(ch for ch in text.casefold() if ch.isalpha()))


class ImportFileError(Exception):
    """The file as a whole cannot be used (format, size, headers); ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    row: int  # the row number as a spreadsheet shows it (the header is row 1)
    column: str
    message: str


@dataclass
class ImportPreview:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # Where the table was read: the sheet (an Excel file's), whether it is not the workbook's
    # first, and the row of the headings (rows above it are left out).
    sheet: str = ""
    other_sheet: bool = False
    header_row: int = 1
    # Row numbers holding the template's own example, left out of the import.
    example_rows: list[int] = field(default_factory=list)
    format: str = "csv"

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors


# --- Reading -------------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    # "Jenis kelamin (L/P)" -> "jenis_kelamin"; "Nomor Registrasi " -> "nomor_registrasi";
    # "L/P" -> "l_p" and "No. Reg" -> "no_reg" (a slash or a dot parts words; slugify dropped it:
    # "lp", and the alias l_p was never found).
    text = text.split("(", 1)[0] or text
    return slugify(re.sub(r"[^\w]+", " ", text)).replace("-", "_")


_COLUMN_BY_KEY = {}
for _column in COLUMNS:
    for _name in (_column.key, _header_key(_column.header), *_column.aliases):
        _COLUMN_BY_KEY[_name] = _column


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# One character of UTF-8 beyond ASCII: a lead byte and its continuation bytes.
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BINARY_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _refuse_mixed_encoding(raw: bytes, error: UnicodeDecodeError) -> None:
    """A text file that is UTF-8 but for a few bytes was pasted together from two programs (rows
    added from an old export). Read as Windows-1252 throughout, "Andrés" became "AndrÃ©s" and
    passed as valid; read as UTF-8 it cannot be. Refused, naming the first row that breaks."""
    if _BINARY_BYTE.search(raw) or not _UTF8_LETTER.search(raw):
        return  # binary data, or a file with no UTF-8 in it at all (Windows-1252 throughout)
    line_end = b"\n" if b"\n" in raw else b"\r"
    raise ImportFileError(
        _(
            "Berkas ini bercampur dua penyandian huruf: sebagian UTF-8, sebagian lagi tidak (mulai "
            "baris %(row)s), sehingga huruf seperti é atau ñ akan tersimpan rusak. Buka berkasnya "
            "di Excel, simpan sebagai “CSV UTF-8”, lalu unggah lagi."
        )
        % {"row": raw[: error.start].count(line_end) + 1}
    )


def _decode_text(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            _refuse_mixed_encoding(raw, error)
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            # Text files hold no control characters besides tab and line ends: binary data does.
            if not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
                return text
    raise ImportFileError(
        _(
            "Berkas ini bukan CSV atau Excel (.xlsx). Simpan data dari Excel sebagai “CSV” "
            "atau “Excel Workbook (.xlsx)”, lalu unggah lagi."
        )
    )


def _read_csv(raw: bytes) -> list[tuple[int, list[str]]]:
    text = _decode_text(raw)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if first_line.lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's "sep=;" hint line: it names the delimiter, and Excel does not show it as a row.
        delimiter = first_line.strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = max((";", ",", "\t"), key=first_line.count)
        if first_line.count(delimiter) == 0:
            delimiter = ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        # Python's own words ("field larger than field limit (131072)") are English and technical.
        if "field larger than field limit" in str(exc):
            message = _(
                "Berkas CSV tidak dapat dibaca: satu sel berisi teks terlalu panjang (lebih dari %(limit)s "
                "huruf). Periksa berkasnya di Excel, lalu unggah lagi."
            ) % {"limit": number_format(csv.field_size_limit(), force_grouping=True)}
        else:
            message = _(
                "Berkas CSV tidak dapat dibaca: tanda kutip atau pemisah kolomnya rusak. Buka di Excel, "
                "simpan ulang sebagai CSV, lalu unggah lagi."
            )
        raise ImportFileError(message) from exc
    return [(number, [cell.strip() for cell in record]) for number, record in enumerate(records, start=1)]


def _broken_xlsx_message() -> str:
    return _(
        "Berkas Excel ini rusak atau bukan berkas .xlsx. Buka di Excel, simpan ulang sebagai .xlsx, "
        "lalu unggah lagi."
    )


@dataclass
class Table:
    """What ``read_table`` read: the rows from the headings down, and where they were found."""

    format: str
    rows: list[tuple[int, list[str]]]
    sheet: str = ""  # an Excel file's sheet
    other_sheet: bool = False  # not the workbook's first sheet
    header_row: int = 1


def _required_found(cells: list[str]) -> set[str]:
    found = (_COLUMN_BY_KEY.get(_header_key(text)) for text in cells if text)
    return {column.key for column in found if column is not None and column.required}


def _find_headings(rows) -> tuple[int | None, list[str]]:
    """The index in ``rows`` of the headings: the first of the first HEADING_SEARCH_ROWS rows that
    names every required column. Else None, and the required columns missing from the row that
    came closest (the first row, when none names any)."""
    required = {column.key for column in COLUMNS if column.required}
    closest: set[str] = set()
    for index, (_number, cells) in enumerate(rows[:HEADING_SEARCH_ROWS]):
        found = _required_found(cells)
        if found == required:
            return index, []
        if len(found) > len(closest):
            closest = found
    return None, [column.header for column in COLUMNS if column.required and column.key not in closest]


def _sheet_rows(values_sheet, written_sheet, *, limit: int, formulas: bool = True) -> list[tuple[int, list[str]]]:
    """The filled rows of a sheet (at most ``limit``), as (row number, cells); with ``formulas``,
    a formula without a stored value is refused (``_UnvaluedFormula``)."""
    from openpyxl.utils import get_column_letter

    rows = []
    pairs = zip(
        values_sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True),
        written_sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True),
        strict=False,
    )
    for number, (values, formulas) in enumerate(pairs, start=1):
        if number > MAX_SHEET_ROWS:  # formatted but empty rows far below the data
            break
        for column, (value, formula) in enumerate(zip(values, formulas, strict=False)):
            # A formula saved by a program that does not compute it (some exporters do): read
            # as an empty cell, the value would be lost without a word.
            if formulas and value is None and isinstance(formula, str) and formula.startswith("="):
                raise _UnvaluedFormula(f"{get_column_letter(column + 1)}{number}")
        cells = [_cell_text(v) for v in values]
        if any(cells):
            rows.append((number, cells))
            if len(rows) >= limit:
                break
    return rows


class _UnvaluedFormula(Exception):
    def __init__(self, cell: str):
        super().__init__(cell)
        self.cell = cell


def _read_xlsx(raw: bytes) -> Table:
    """The sheet that holds the headings: "Peserta" (the template's, in any case) first, then the
    others in the workbook's order; the first whose first HEADING_SEARCH_ROWS filled rows name
    the required columns. With none, the first of them (and ``read_table`` says what is missing)."""
    broken = _broken_xlsx_message()
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
                raise ImportFileError(
                    _("Berkas Excel ini terlalu besar setelah dibuka. Bagi menjadi beberapa berkas.")
                )
    except zipfile.BadZipFile as exc:
        raise ImportFileError(broken) from exc

    import openpyxl  # only needed here

    try:
        # The values Excel stored, and the cells as written (to tell a formula without a value).
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        written = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise ImportFileError(broken) from exc
    try:
        titles = workbook.sheetnames
        if not titles:
            raise ImportFileError(broken)
        ordered = sorted(titles, key=lambda title: title.strip().casefold() != "peserta")
        chosen = ordered[0]
        for title in ordered:
            head = _sheet_rows(workbook[title], written[title], limit=HEADING_SEARCH_ROWS, formulas=False)
            if _find_headings(head)[0] is not None:
                chosen = title
                break
        # Enough rows to tell "too many" once the rows above the headings are left out.
        rows = _sheet_rows(
            workbook[chosen], written[chosen], limit=MAX_TABLE_ROWS + HEADING_SEARCH_ROWS + 1
        )
    except ImportFileError:
        raise
    except _UnvaluedFormula as formula:
        raise ImportFileError(
            _(
                "Sel %(cell)s berisi rumus tanpa nilai tersimpan. Buka berkasnya di Excel atau "
                "LibreOffice, simpan lagi, lalu unggah ulang (atau ganti rumusnya dengan nilainya)."
            )
            % {"cell": formula.cell}
        ) from None
    except Exception as exc:
        raise ImportFileError(broken) from exc
    finally:
        workbook.close()
        written.close()
    return Table(format="xlsx", rows=rows, sheet=chosen, other_sheet=chosen != titles[0])


def read_table(upload) -> Table:
    """The file's format ("csv"/"xlsx") and its non-empty rows as (row number, cells), from the
    headings down (rows above them are titles, left out), and where they were read."""
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise ImportFileError(_("Berkas terlalu besar (paling besar 2 MB). Bagi menjadi beberapa berkas."))
    upload.seek(0)
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(_("Berkas terlalu besar (paling besar 2 MB). Bagi menjadi beberapa berkas."))
    if not raw.strip():
        raise ImportFileError(_("Berkas kosong."))
    if raw.startswith(b"PK\x03\x04"):
        table = _read_xlsx(raw)
    elif raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Format Excel lama (.xls) tidak didukung. Simpan sebagai “Excel Workbook (.xlsx)” "
                "atau CSV, lalu unggah lagi."
            )
        )
    else:
        if upload.name and upload.name.lower().endswith(".xlsx"):
            raise ImportFileError(_broken_xlsx_message())
        table = Table(format="csv", rows=_read_csv(raw))
    rows = [(number, cells) for number, cells in table.rows if any(cells)]
    if rows:
        index, missing = _find_headings(rows)
        if index is None:
            raise _no_headings(table, missing)
        table.header_row = rows[index][0]
        rows = rows[index:]
    if len(rows) > MAX_TABLE_ROWS:
        raise _too_many_rows()
    table.rows = rows
    return table


def _no_headings(table: Table, missing: list[str]) -> ImportFileError:
    if table.format == "xlsx":
        message = _(
            "Judul kolom seperti pada templat tidak ditemukan di %(rows)s baris teratas lembar mana "
            "pun (dibaca: lembar “%(sheet)s”). Letakkan judul kolom di atas data, di lembar pertama "
            "atau lembar “Peserta”. Kolom wajib yang tidak ditemukan: %(missing)s."
        )
    else:
        message = _(
            "Judul kolom seperti pada templat tidak ditemukan di %(rows)s baris teratas berkas. "
            "Kolom wajib yang tidak ditemukan: %(missing)s."
        )
    return ImportFileError(
        message % {"rows": HEADING_SEARCH_ROWS, "sheet": table.sheet, "missing": ", ".join(missing)}
    )


def _too_many_rows() -> ImportFileError:
    # The same refusal for CSV and Excel: a sheet's rows past the limit were once cut without a
    # word, and "2000 peserta siap disimpan" saved the first 2,000 of 5,000.
    return ImportFileError(
        _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
        % {"max": number_format(MAX_ROWS, force_grouping=True)}
    )


# --- Checking ------------------------------------------------------------------------------------


def _map_header(cells: list[str]) -> tuple[dict[int, Column], list[str]]:
    mapping: dict[int, Column] = {}
    ignored = []
    seen: dict[str, str] = {}
    for index, text in enumerate(cells):
        if not text:
            continue
        column = _COLUMN_BY_KEY.get(_header_key(text))
        if column is None:
            ignored.append(text)
            continue
        if column.key in seen:
            raise ImportFileError(
                _("Kolom “%(column)s” muncul dua kali di baris judul.") % {"column": column.label}
            )
        seen[column.key] = text
        mapping[index] = column
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise ImportFileError(
            _(
                "Baris pertama berkas harus berisi judul kolom seperti pada templat. "
                "Kolom wajib yang tidak ditemukan: %(missing)s."
            )
            % {"missing": ", ".join(missing)}
        )
    return mapping, ignored


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _cell_errors(column: Column, value: str) -> list[str]:
    """The messages for one cell: too long for its model field, invisible characters (in every
    column), and what the field's own validators refuse (a line break in a name or a number)."""
    messages = []
    if column.max_length and len(value) > column.max_length:
        messages.append(_("Terlalu panjang (paling banyak %(max)s karakter).") % {"max": column.max_length})
    validators = [validate_visible_text]
    if column.as_written and value:
        # The length is told above in the import's words, and a TextField's limit is no validator.
        validators += [
            v
            for v in column.model_field.validators
            if not isinstance(v, MaxLengthValidator) and v is not validate_visible_text
        ]
    for validator in validators:
        try:
            validator(value)
        except ValidationError as refused:
            messages.extend(refused.messages)
    return messages


def _check_row(
    number: int,
    values: dict[str, str],
    *,
    workshops: dict[str, list[Workshop]],
    first_row_of: dict[str, int],
    taken: set[str],
    people: PeopleIndex,
    errors: list[RowError],
    womens_prison: Prison | None = None,
) -> dict | None:
    row_errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        label = next(str(c.label) for c in COLUMNS if c.key == key)
        row_errors.append(RowError(number, label, message))

    for column in COLUMNS:
        for message in _cell_errors(column, values.get(column.key, "")):
            error(column.key, message)

    legal_name = values.get("legal_name", "")
    if not legal_name:
        error("legal_name", _("Nama lengkap wajib diisi."))

    number_text = registration_number_clean(values.get("registration_number", ""))
    if not number_text:
        error("registration_number", _("Nomor registrasi wajib diisi."))
    else:
        key = registration_key(number_text)
        if key in first_row_of:
            error(
                "registration_number",
                _("Nomor registrasi %(number)s sudah ada di baris %(row)s berkas ini.")
                % {"number": number_text, "row": first_row_of[key]},
            )
        elif key in taken:
            error(
                "registration_number",
                _("Nomor registrasi %(number)s sudah terdaftar di lapas Anda.") % {"number": number_text},
            )
        first_row_of.setdefault(key, number)

    gender_text = values.get("gender", "")
    gender = gender_of(gender_text)
    if not gender_text:
        error("gender", _("Jenis kelamin wajib diisi: L atau P."))
    elif gender is None:
        error(
            "gender",
            _("Jenis kelamin “%(value)s” tidak dikenal. Isi L (Laki-laki) atau P (Perempuan).")
            % {"value": gender_text},
        )
    elif gender == Inmate.Gender.MALE and womens_prison is not None:
        error("gender", women_prison_message(womens_prison))

    birth_year = None
    year_text = values.get("birth_year", "")
    if year_text:
        low, high = birth_year_bounds()
        try:
            birth_year = int(year_text)
        except ValueError:
            error(
                "birth_year",
                _("Tahun lahir “%(value)s” bukan angka tahun.") % {"value": year_text},
            )
        else:
            if not low <= birth_year <= high:
                error(
                    "birth_year",
                    _("Tahun lahir %(value)s di luar rentang %(low)s–%(high)s.")
                    % {"value": birth_year, "low": low, "high": high},
                )

    workshop = None
    workshop_text = values.get("workshop", "")
    if workshop_text.startswith("'") and workshop_text[1:].startswith(FORMULA_STARTS):
        # The template wrote the name formula-safe ("'=..."); the name is what follows.
        workshop_text = workshop_text[1:]
    if workshop_text:
        # The name as written first, else the one name that differs only in case or spaces; of
        # two such names neither is guessed. Names alike but for case can no longer be stored
        # (migration 0014), but two written outside the admin may still differ in their spaces.
        alike = workshops.get(_folded(workshop_text), [])
        exact = [w for w in alike if w.name == workshop_text]
        if exact or len(alike) == 1:
            workshop = (exact or alike)[0]
        elif alike:
            error(
                "workshop",
                _(
                    "Bengkel kerja “%(value)s” cocok dengan beberapa bengkel kerja di lapas Anda "
                    "(%(names)s). Tulis namanya persis seperti salah satunya."
                )
                % {"value": workshop_text, "names": ", ".join(sorted(f"“{w.name}”" for w in alike))},
            )
        else:
            if workshops:
                names = ", ".join(sorted(w.name for group in workshops.values() for w in group))
                message = _(
                    "Bengkel kerja “%(value)s” tidak ada di lapas Anda. Pilihan: %(names)s."
                ) % {"value": workshop_text, "names": names}
            else:
                message = _(
                    "Bengkel kerja “%(value)s” tidak ada: lapas Anda belum memiliki bengkel kerja. "
                    "Kosongkan kolom ini."
                ) % {"value": workshop_text}
            error("workshop", message)

    # What may become public: the same rule as the person form (no legal name, no number, not
    # the full name of another inmate of the prison), told here rather than at saving.
    public_errors = row_public_text_errors(
        people=people,
        own=("row", number),
        legal_name=legal_name,
        registration_number=number_text,
        display_name=values.get("display_name", ""),
        public_story=values.get("public_story", ""),
        birth_year=birth_year,
    )
    for key, message in public_errors.items():
        error(key, str(message))

    if row_errors:
        errors.extend(row_errors)
        return None
    return {
        "row": number,
        "legal_name": legal_name,
        "registration_number": number_text,
        "gender": gender,
        "birth_year": birth_year,
        "workshop_id": workshop.pk if workshop else None,
        "workshop_name": workshop.name if workshop else "",
        "skills": values.get("skills", ""),
        "display_name": values.get("display_name", ""),
        "public_story": values.get("public_story", ""),
    }


def check_rows(table: list[tuple[int, list[str]]], *, prison: Prison) -> ImportPreview:
    """Check every data row of ``table`` (the first row is the header) against ``prison``."""
    if not table:
        raise ImportFileError(_("Berkas kosong."))
    (_header_number, header), data = table[0], table[1:]
    mapping, ignored = _map_header(header)
    if not data:
        raise ImportFileError(_("Berkas hanya berisi baris judul, belum ada data peserta."))
    if len(data) > MAX_TABLE_ROWS - 1:
        raise _too_many_rows()
    workshops: dict[str, list[Workshop]] = {}
    for workshop in Workshop.objects.filter(prison=prison).order_by("pk"):
        workshops.setdefault(_folded(workshop.name), []).append(workshop)
    taken = {
        registration_key(number)
        for number in Inmate.objects.filter(prison=prison).values_list("registration_number", flat=True)
    }
    preview = ImportPreview(ignored_columns=ignored)
    first_row_of: dict[str, int] = {}
    rows = []
    for number, cells in data:
        values = {column.key: cells[index] if index < len(cells) else "" for index, column in mapping.items()}
        if _is_template_example(values):
            preview.example_rows.append(number)
        else:
            rows.append((number, values))
    if len(rows) > MAX_ROWS:  # the template's example row is not counted
        raise _too_many_rows()
    # Display names and stories must not name another inmate of the prison, nor another person
    # of this file.
    people = prison_people(
        prison_id=prison.pk,
        more=((("row", n), v.get("legal_name", ""), v.get("registration_number", "")) for n, v in rows),
    )
    for number, values in rows:
        row = _check_row(
            number,
            values,
            workshops=workshops,
            first_row_of=first_row_of,
            taken=taken,
            people=people,
            errors=preview.errors,
            womens_prison=prison if prison.kind == Prison.Kind.LAPAS_PEREMPUAN else None,
        )
        if row is not None:
            preview.rows.append(row)
    if preview.example_rows and not preview.rows and not preview.errors:
        raise ImportFileError(
            _("Berkas hanya berisi baris contoh dari templat (%(name)s). Isi data peserta Anda, lalu unggah lagi.")
            % {"name": example_name(prison)}
        )
    return preview


def preview_import(upload, *, prison: Prison) -> ImportPreview:
    """Read and check an uploaded file; raises ImportFileError when it cannot be read at all."""
    table = read_table(upload)
    preview = check_rows(table.rows, prison=prison)
    preview.format = table.format
    preview.sheet, preview.other_sheet, preview.header_row = table.sheet, table.other_sheet, table.header_row
    return preview


# --- The template --------------------------------------------------------------------------------


# The template's example row. An uploaded row with both is that example left in, never imported.
# A women's prison gets a woman as its example (found by an officer probe: "Budi Santoso, L" in
# the template of Lapas Perempuan Tangerang).
EXAMPLE_NAME = "Budi Santoso"
EXAMPLE_NAME_WOMAN = "Siti Aminah"
EXAMPLE_REGISTRATION_NUMBER = "B.I-0123/2018"


def example_name(prison: Prison) -> str:
    return EXAMPLE_NAME_WOMAN if prison.kind == Prison.Kind.LAPAS_PEREMPUAN else EXAMPLE_NAME


def _is_template_example(values: dict) -> bool:
    def folded(text) -> str:
        return " ".join(str(text or "").casefold().split())

    return folded(values.get("legal_name")) in {folded(EXAMPLE_NAME), folded(EXAMPLE_NAME_WOMAN)} and folded(
        values.get("registration_number")
    ) == folded(EXAMPLE_REGISTRATION_NUMBER)


def template_rows(*, prison: Prison) -> list[list[str]]:
    """The header and one example row; the example uses one of the prison's own workshops, so the
    template passes the checks as it is. An upload still holding it leaves it out
    (``ImportPreview.example_rows``)."""
    workshop = Workshop.objects.filter(prison=prison).order_by("name").first()
    woman = prison.kind == Prison.Kind.LAPAS_PEREMPUAN
    example = [
        example_name(prison),
        EXAMPLE_REGISTRATION_NUMBER,
        "P" if woman else "L",
        "1985",
        # Formula-safe, as every export (an attacker probe: a workshop named "=HYPERLINK(...)" by
        # an admin account became a live formula in every officer's template of that prison).
        formula_safe_text(workshop.name) if workshop else "",
        "Membatik tulis, mewarnai alami",
        "Bu Siti" if woman else "Pak Budi",
        "Belajar membatik sejak 2016 dan kini mengajari teman-temannya.",
    ]
    return [HEADERS, example]


def template_csv(*, prison: Prison) -> bytes:
    # UTF-8 with BOM and ";" so that Excel set to Indonesian opens it in columns, accents intact.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(template_rows(prison=prison))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(*, prison: Prison) -> bytes:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Peserta"
    for row in template_rows(prison=prison):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = (28, 20, 20, 12, 22, 32, 18, 50)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    # Registration numbers are text: keep Excel from turning "0123" into 123.
    for row in range(2, MAX_ROWS + 2):
        sheet.cell(row=row, column=2).number_format = "@"
    gender = DataValidation(type="list", formula1='"L,P"', allow_blank=True)
    sheet.add_data_validation(gender)
    gender.add(f"C2:C{MAX_ROWS + 1}")

    notes = workbook.create_sheet("Petunjuk")
    lines = [
        "Petunjuk pengisian",
        "Isi satu baris per peserta pada lembar “Peserta”; baris judul jangan diubah.",
        "Wajib: Nama lengkap, Nomor registrasi, Jenis kelamin (L atau P).",
        "Nomor registrasi tidak boleh sama dengan peserta lain di lapas Anda.",
        "Tahun lahir: empat angka, misalnya 1985.",
        "Bengkel kerja: tulis persis salah satu nama di bawah, atau kosongkan.",
        "Nama tampilan dan kisah publik baru tampil setelah persetujuan dicatat di portal.",
        f"Baris contoh ({example_name(prison)}, {EXAMPLE_REGISTRATION_NUMBER}) tidak ikut diimpor; boleh dihapus atau ditimpa.",
        "",
        "Bengkel kerja di lapas Anda:",
        *[formula_safe_text(w.name) for w in Workshop.objects.filter(prison=prison).order_by("name")],
    ]
    for line in lines:
        notes.append([line])
    notes["A1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 90

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
