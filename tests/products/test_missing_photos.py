"""A product without a photo the page may show says so. A tester's probe: a blank striped tile
with no text on the prison and exhibition pages, and "No photo" with no reason on the juror's
entry page although the officers see that work's photos (the maker's consent withholds them)."""

import pytest
from django.test import Client
from django.urls import reverse

from exhibitions.models import Competition, CompetitionEntry, Delegation
from inmates import roles
from products.models import Product
from tests import factories

pytestmark = pytest.mark.django_db

CAPTION = '<div class="placeholder-image"><span class="placeholder-caption">Foto belum tersedia</span></div>'


def test_a_product_card_without_a_public_photo_says_the_photo_is_not_available(client, prison):
    maker = factories.make_inmate(prison=prison, legal_name="Ratna Sari Dewi", display_name="Bu Ratna")
    factories.make_consent(inmate=maker, work_photos_public=False)
    product = factories.make_product(prison=prison, name="Tas Anyaman Pandan")
    product.makers.add(maker)
    factories.make_photo(product)

    page = client.get(f"/lapas/{prison.slug}/").content.decode()

    assert "Tas Anyaman Pandan" in page
    assert page.count(CAPTION) == 1


def test_the_caption_is_english_on_english_pages(client, prison):
    factories.make_product(prison=prison, name="Tas Anyaman Pandan")
    client.cookies["django_language"] = "en"

    page = client.get(f"/lapas/{prison.slug}/").content.decode()

    assert '<span class="placeholder-caption">No photo yet</span>' in page


@pytest.fixture
def juror_entry(prison):
    juror = factories.make_user(role=roles.JURY, username="juri")
    exhibition = factories.make_exhibition()
    competition = Competition.objects.create(exhibition=exhibition, title="Lomba Cinderamata")
    competition.jurors.add(juror)
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    product = factories.make_product(prison=prison, name="Tas Anyaman Pandan")
    entry = CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, product=product, entry_code="CH-101", title="Tas Pandan"
    )
    entry.assigned_jurors.add(juror)
    client = Client()
    client.force_login(juror)
    return client, entry


def _entry_page(client, entry) -> str:
    return client.get(reverse("portal:jury-entry", args=[entry.pk])).content.decode()


def test_a_juror_is_told_the_makers_consent_withholds_the_photos_without_naming_the_maker(juror_entry, prison):
    client, entry = juror_entry
    maker = factories.make_inmate(prison=prison, legal_name="Ratna Sari Dewi", display_name="Bu Ratna")
    factories.make_consent(inmate=maker, work_photos_public=False)
    entry.product.makers.add(maker)
    factories.make_photo(entry.product)

    page = _entry_page(client, entry)

    assert "persetujuan pembuatnya tidak mengizinkan fotonya tampil di luar lapas" in page
    for hidden in ("Ratna", "Bu Ratna", maker.registration_number):
        assert hidden not in page


def test_a_juror_is_told_when_the_product_is_not_public_yet(juror_entry):
    client, entry = juror_entry
    Product.objects.filter(pk=entry.product.pk).update(status=Product.Status.SUBMITTED)
    factories.make_photo(entry.product)

    page = _entry_page(client, entry)

    assert "produknya belum tampil di katalog umum" in page


def test_a_juror_is_told_when_there_is_no_photo_at_all(juror_entry):
    client, entry = juror_entry

    page = _entry_page(client, entry)

    assert "Lapas belum mengunggah foto karya ini." in page
    assert "persetujuan pembuatnya" not in page
