"""The last guard of the public pages: a display name or story that names the inmate (stored
before the rule existed, or brought in past it, as the import once did) is never shown, though
the consent in force allows the name and the story. Found by a probe of the import."""

import datetime

import pytest

from inmates.models import Inmate
from programs.models import Certificate, TrainingParticipant
from tests import factories
from tests.public_crawl import crawl

pytestmark = pytest.mark.django_db

LEGAL = "Imp Tujuh Lengkap"
NUMBER = "B.I-7007/2024"


def _stored_past_the_rule(**fields) -> Inmate:
    """An inmate whose public texts were written without Inmate.clean (a bulk insert)."""
    inmate = factories.make_inmate(legal_name=LEGAL, registration_number=NUMBER, display_name="Pak Tujuh")
    Inmate.objects.filter(pk=inmate.pk).update(**fields)
    inmate.refresh_from_db()
    factories.make_consent(inmate=inmate, display_name_public=True, story_public=True)
    return inmate


def test_a_display_name_that_names_the_maker_is_not_credited_anywhere(client):
    inmate = _stored_past_the_rule(display_name=LEGAL, public_story=f"Saya {LEGAL}, nomor {NUMBER}.")
    product = factories.make_product(prison=inmate.prison, name="Bantal Sofa Uji", slug="bantal-sofa-uji")
    product.makers.add(inmate)
    honest = factories.make_inmate(prison=inmate.prison, display_name="Bu Rina")
    factories.make_consent(inmate=honest)
    product.makers.add(honest)

    page = client.get("/produk/bantal-sofa-uji/").content.decode()
    assert "Bu Rina" in page  # the other maker is still credited
    everything = crawl(client, ["/", "/produk/bantal-sofa-uji/", "/sitemap.xml"])
    for path, body in everything.bodies():
        for leak in (LEGAL, NUMBER, "Imp Tujuh"):
            assert leak not in body, (path, leak)


def test_a_story_that_cites_the_number_is_held_back_and_the_name_kept(client):
    inmate = _stored_past_the_rule(public_story="Nomor saya BI 7007 2024, saya menjahit.")
    product = factories.make_product(prison=inmate.prison, slug="tas-uji")
    product.makers.add(inmate)

    page = client.get("/produk/tas-uji/").content.decode()
    assert "Pak Tujuh" in page
    assert "7007" not in page and "saya menjahit" not in page


def test_a_story_that_tells_the_offence_is_held_back_and_the_name_kept(client):
    inmate = _stored_past_the_rule(public_story="Dihukum 7 tahun penjara karena kasus narkotika.")
    product = factories.make_product(prison=inmate.prison, slug="tas-uji-kisah")
    product.makers.add(inmate)

    page = client.get("/produk/tas-uji-kisah/").content.decode()
    assert "Pak Tujuh" in page
    assert "narkotika" not in page and "penjara" not in page


def test_the_certificate_check_does_not_show_a_name_that_names_the_holder(client):
    inmate = _stored_past_the_rule(display_name="Tujuh Lengkap")
    training = factories.make_training(
        prison=inmate.prison, starts_on=datetime.date(2018, 3, 5), ends_on=datetime.date(2018, 3, 9)
    )
    participant = factories.make_participant(
        training=training, inmate=inmate, status=TrainingParticipant.Status.CONFIRMED, passed=True
    )
    Certificate.objects.create(
        participant=participant, number="IKM/1", issued_on=datetime.date(2018, 3, 9), verification_code="ABCDEFGHJK23"
    )

    page = client.get("/sertifikat/verifikasi/ABCDEFGHJK23/").content.decode()
    assert page.count("Tujuh") == 0
    assert "Sertifikat sah" in page


def test_consent_is_not_recorded_for_a_name_or_story_that_names_the_person(officer_client, prison):
    from django.urls import reverse

    from inmates.models import Consent

    inmate = factories.make_inmate(prison=prison, legal_name=LEGAL, registration_number=NUMBER)
    Inmate.objects.filter(pk=inmate.pk).update(display_name=LEGAL, public_story=f"Nomor {NUMBER}.")
    url = reverse("portal:inmate-consent", kwargs={"pk": inmate.pk})

    refused = officer_client.post(url, {"display_name_public": "on", "story_public": "on"})

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Nama tampilan peserta ini memuat nama lengkap" in content
    assert "Kisah publik peserta ini memuat nama lengkap" in content
    assert not Consent.objects.filter(inmate=inmate).exists()
    # Photos of the work alone name nobody: that consent is recorded.
    assert officer_client.post(url, {"work_photos_public": "on"}).status_code == 302
    assert Consent.objects.filter(inmate=inmate, work_photos_public=True, display_name_public=False).exists()
