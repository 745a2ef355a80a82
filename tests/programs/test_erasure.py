from inmates.models import Consent, Inmate
from programs.erasure import inmate_erase
from programs.models import FollowUp
from tests import factories


def test_inmate_erase_removes_personal_data_and_history_but_keeps_work(staff_user, client):
    prison = factories.make_prison()
    inmate = factories.make_inmate(
        prison=prison, legal_name="Sutrisno Wibowo", registration_number="B.I-7777/2017", birth_year=1980,
        display_name="Pak Tris", public_story="Belajar membatik sejak 2016.",
    )
    factories.make_consent(inmate=inmate)
    inmate.legal_name = "Sutrisno W."
    inmate.save()
    product = factories.make_product(prison=prison, name="Kain Batik Parang Tris")
    product.makers.add(inmate)
    participant = factories.make_participant(inmate=inmate, training=factories.make_training(prison=prison))
    FollowUp.objects.create(
        inmate=inmate, months_after_release=3, recorded_on="2019-01-01", has_business=True, business_name="Batik Tris"
    )

    inmate_erase(inmate=inmate, user=staff_user)

    inmate = Inmate.objects.get(pk=inmate.pk)
    assert (inmate.legal_name, inmate.registration_number, inmate.birth_year, inmate.display_name, inmate.public_story) == (
        "—", f"DIHAPUS-{inmate.pk}", None, "", ""
    )
    assert Consent.objects.filter(inmate=inmate).count() == 0
    assert FollowUp.objects.filter(inmate=inmate).count() == 0
    history_names = set(Inmate.history.filter(id=inmate.pk).values_list("legal_name", flat=True))
    assert history_names <= {"—"}
    assert Consent.history.filter(inmate_id=inmate.pk).count() == 0
    assert list(product.makers.all()) == []
    participant.refresh_from_db()
    assert participant.inmate_id == inmate.pk
    page = client.get(f"/produk/{product.slug}/").content.decode()
    assert "Kain Batik Parang Tris" in page
    assert "Pak Tris" not in page and "Sutrisno" not in page
