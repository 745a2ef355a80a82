"""The English catalogue is complete and keeps every placeholder; the public pages render in English
when the visitor chose it (the language cookie), and in Indonesian otherwise, whatever the browser
asks for."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real

from tests import factories

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s, %s / %d, and str.format's {name}.
_PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sdif]|%[sdif]|\{[A-Za-z0-9_]*\}")
# A plural's singular may leave the number out ("The following product will be rejected:").
_COUNTERS = {"%(counter)s", "%(count)d", "%(count)s", "%(n)s"}


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def entry_label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"{entry.msgid!r}{context} ({where})"


@pytest.fixture(scope="module")
def en_catalogue() -> polib.POFile:
    return polib.pofile(str(EN_PO))


@pytest.fixture(scope="module")
def _compiled_translations():
    call_command("compile_translations", verbosity=0)
    # Drop catalogues loaded before the .mo files were (re)compiled.
    trans_real._translations = {}
    trans_real._default = None


# --- the catalogue


def test_en_catalogue_declares_english_plural_forms(en_catalogue):
    assert en_catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"


def test_catalogues_carry_no_previous_msgid_markers():
    # A "#| msgid_plural" left without its "#| msgid" made msgmerge (makemessages) refuse the file.
    for po in EN_PO.parent.parent.parent.glob("*/LC_MESSAGES/django.po"):
        assert not [line for line in po.read_text(encoding="utf-8").splitlines() if line.startswith("#|")], po


def test_a_revoked_certificate_and_a_cancelled_training_read_so_in_english():
    # Found by a new user's probe: both said "Withdrawn", the word of a withdrawn consent.
    from django.utils import translation

    from programs.models import Training

    with translation.override("en"):
        assert str(translation.pgettext("certificate", "Dicabut")) == "Revoked"
        assert str(Training.Status.CANCELLED.label) == "Cancelled"
        assert translation.gettext("Dicabut") == "Withdrawn"  # a consent
        # "Jumlah" is a sum in reports but a quantity at the sales desk (found by a new user's probe).
        assert translation.pgettext("quantity", "Jumlah") == "Quantity"
        assert translation.gettext("Jumlah") == "Total"


def test_en_catalogue_has_no_untranslated_entries(en_catalogue):
    untranslated = [entry_label(e) for e in en_catalogue.untranslated_entries() if not e.obsolete]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:20]}"


def test_en_catalogue_has_no_fuzzy_entries(en_catalogue):
    fuzzy = [entry_label(e) for e in en_catalogue.fuzzy_entries()]
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_en_catalogue_plural_entries_have_both_forms(en_catalogue):
    incomplete = [
        entry_label(e)
        for e in en_catalogue
        if e.msgid_plural and not all(e.msgstr_plural.get(i) for i in (0, 1))
    ]
    assert not incomplete


def test_en_translations_keep_the_placeholders(en_catalogue):
    wrong = []
    for entry in en_catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            source = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            plural = placeholders(entry.msgstr_plural.get(1, ""))
            singular = placeholders(entry.msgstr_plural.get(0, ""))
            if plural != placeholders(entry.msgid_plural):
                wrong.append((entry_label(entry), entry.msgstr_plural.get(1)))
            if not singular <= source or (source - singular) - _COUNTERS:
                wrong.append((entry_label(entry), entry.msgstr_plural.get(0)))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry_label(entry), entry.msgstr))
    assert not wrong, wrong


def test_en_translations_keep_the_html_tags(en_catalogue):
    tag = re.compile(r"</?[a-z]+")
    wrong = [
        entry_label(e)
        for e in en_catalogue
        if not e.msgid_plural and sorted(tag.findall(e.msgid)) != sorted(tag.findall(e.msgstr))
    ]
    assert not wrong


# --- rendered pages


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def showcase(db):
    prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
    return factories.make_product(prison=prison, name="Kain Batik Tulis Parang", is_featured=True)


@pytest.fixture
def english_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
@pytest.mark.usefixtures("_compiled_translations", "showcase")
def test_home_in_english(english_client):
    response = english_client.get("/")
    text = text_of(response)
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    for english in ("Featured products", "Browse the catalogue", "Made by inmates of Indonesian prisons"):
        assert english in text
    for indonesian in ("Produk pilihan", "Jelajahi katalog", "Karya warga binaan pemasyarakatan"):
        assert indonesian not in text
    assert "Kain Batik Tulis Parang" in text  # data stays as entered


@pytest.mark.django_db
@pytest.mark.usefixtures("_compiled_translations", "showcase")
def test_catalogue_in_english(english_client):
    text = text_of(english_client.get("/produk/"))
    for english in ("Product catalogue", "Filter products", "All categories", "Made by inmates"):
        assert english in text
    for indonesian in ("Katalog produk", "Saring produk", "Semua kategori", "Karya warga binaan"):
        assert indonesian not in text


@pytest.mark.django_db
@pytest.mark.usefixtures("_compiled_translations", "showcase")
def test_indonesian_is_the_default_even_for_an_english_browser(client):
    for path, indonesian, english in (
        ("/", "Produk pilihan", "Featured products"),
        ("/produk/", "Saring produk", "Filter products"),
    ):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        text = text_of(response)
        assert response.headers["Content-Language"] == "id"
        assert '<html lang="id">' in response.content.decode()
        assert indonesian in text
        assert english not in text


# --- corrections to Django's own Indonesian catalogue


@pytest.mark.django_db
@pytest.mark.usefixtures("_compiled_translations")
def test_duplicate_on_a_several_field_constraint_says_already_exists_in_indonesian():
    """Django's catalogue says "tidak ada" (does not exist); ours says it already exists."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from exhibitions.models import StockLine

    delegation = factories.make_delegation()
    counted = StockLine.objects.create(delegation=delegation, product=factories.make_product(prison=delegation.prison), brought_in=10)
    duplicate = StockLine(delegation=delegation, product=counted.product, brought_in=12)
    for language, expected, wrong in [("id", "sudah ada", "tidak ada"), ("en", "already exists", None)]:
        with translation.override(language):
            with pytest.raises(ValidationError) as caught:
                duplicate.validate_constraints()
            message = " ".join(caught.value.messages)  # lazy: read in the language
        assert expected in message, message
        if wrong:
            assert wrong not in message, message


def test_the_admin_names_a_slug_as_the_page_address(staff_client):
    """"Slug" is developers' jargon: the field is labelled as the page's address, with help."""
    html = staff_client.get("/admin/products/product/add/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Alamat halaman" in html and "tas-anyaman-pandan" in html
    assert ">Slug" not in html


def test_djangos_stiff_indonesian_messages_are_reworded():
    """Found by a probe of the admin: "Masukkan keseluruhan angka bilangan", "Pastikan nilai ini
    lebih besar dari atau sama dengan 0", "menyunting itu kembali" beside "mengeditnya kembali",
    and the English "You may edit it again below" after adding with "Save and continue"."""
    from django import forms
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("id"):
        field = forms.IntegerField(min_value=0, max_value=100)
        for typed, expected in (("2,5", "Masukkan bilangan bulat, tanpa koma."), ("-1", "Nilai ini paling kecil 0."),
                                ("101", "Nilai ini paling besar 100.")):
            with pytest.raises(forms.ValidationError) as raised:
                field.clean(typed)
            assert raised.value.messages == [expected]
        assert gettext("You may edit it again below.") == "Anda dapat mengubahnya lagi di bawah."
        added = gettext("The {name} “{obj}” was added successfully. You may edit it again below.")
        assert added == "{name} “{obj}” berhasil ditambahkan. Anda dapat mengubahnya lagi di bawah."
        # "Rubah" is a fox; "Tambahkan … lagi" ("another") on an inline with no rows yet.
        assert gettext("Change or view list link") == "Tautan ubah atau lihat daftar"
        assert "merubah" not in gettext("After you’ve created a user, you’ll be able to edit more user options.")
        assert gettext("Add another %(verbose_name)s") == "Tambah %(verbose_name)s"
        assert gettext("%(model_name)s with this %(field_label)s already exists.") == (
            "%(model_name)s dengan %(field_label)s ini sudah ada."
        )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/masuk/", "/admin/login/"])
def test_a_wrong_password_is_told_without_naming_the_field_twice(client, url):
    """Found by a new user's probe: "Masukkan nama pengguna nama pengguna dan sandi yang benar"."""
    from tests import factories

    factories.make_user(username="petugas.lupa")
    page = client.post(url, {"username": "petugas.lupa", "password": "bukan-sandinya-1"}).content.decode()

    assert "Masukkan nama pengguna dan kata sandi yang benar" in page
    assert "nama pengguna nama pengguna" not in page


@pytest.mark.django_db
def test_an_exhibition_without_an_edition_is_called_an_exhibition_in_english(english_client):
    """Found by a new user's probe: a single exhibition's page was headed "EXHIBITIONS"."""
    exhibition = factories.make_exhibition(title="Pameran Karya WBP Makassar", edition=None)

    html = english_client.get(f"/pameran/{exhibition.slug}/").content.decode()

    assert re.search(r'class="eyebrow mb-2">\s*Exhibition\s*</p>', html), html[:3000]


@pytest.mark.django_db
def test_a_womens_prison_is_named_so_in_english(english_client):
    """A tester's probe: the eyebrow of a women's prison read "LAPAS PEREMPUAN · CLASS IIA" in
    English. Lapas, Rutan and LPKA stay as the institutions' names (see the glossary)."""
    from inmates.models import Prison

    prison = factories.make_prison(
        name="Lapas Perempuan Kelas IIA Tangerang", slug="lapas-perempuan-tangerang",
        kind=Prison.Kind.LAPAS_PEREMPUAN, klass=Prison.Klass.IIA,
    )

    html = english_client.get(f"/lapas/{prison.slug}/").content.decode()

    assert re.search(r'class="eyebrow mb-2">Women’s Lapas · Class IIA</p>', html), html[:3000]


@pytest.mark.django_db
@pytest.mark.usefixtures("showcase")
def test_the_home_page_heads_its_categories_in_the_plural_in_english(english_client):
    from django.test import Client

    english = english_client.get("/").content.decode()
    indonesian = Client().get("/").content.decode()

    assert '<h2 id="categories-title" class="h3 mb-3">Categories</h2>' in english
    assert '<h2 id="categories-title" class="h3 mb-3">Kategori</h2>' in indonesian


@pytest.mark.usefixtures("_compiled_translations")
def test_the_display_name_example_reads_as_a_nickname_in_english():
    """"Pak Rani" (Mr Rani) is a natural Indonesian nickname; in English it is marked as one."""
    from django.utils import translation

    from inmates.models import public_text_errors

    with translation.override("en"):
        errors = public_text_errors(
            legal_name="Syahrani Putra", registration_number="B.I-1/2018",
            display_name="Syahrani Putra", public_story="",
        )
        message = str(errors["display_name"])

    assert message.endswith(
        "choose a nickname or initials instead, for example the nickname “Pak Rani” or the initial “S.”."
    )


def test_djangos_run_together_indonesian_words_are_corrected():
    """Django's catalogue reads "memerlukan penghapusanobjek terlindungi" (found by a staff probe
    deleting a booth that had sales); ours, read first, has the words apart."""
    from django.utils import translation

    message = (
        "Deleting %(class_name)s %(instance)s would require deleting the following protected related "
        "objects: %(related_objects)s"
    )
    with translation.override("id"):
        text = translation.gettext(message)

    assert "penghapusan objek terlindungi" in text and "penghapusanobjek" not in text
