"""Long choice lists in the portal (``inmates.form_fields.offer_by_search``): the product form's
makers and the exhibition application's products.

Up to ``SEARCH_ABOVE`` choices the form lists them all as checkboxes. Beyond that (the largest
prisons have thousands of inmates and products: a page of 13,000 checkboxes took 1.6 s to draw)
the page lists only the chosen ones and a search box; the search answers JSON of the officer's own
prison only; whatever the search found is saved like a ticked checkbox, and what may be chosen is
checked as before.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from exhibitions.models import Delegation
from inmates import form_fields
from inmates.models import Inmate
from products.models import Product
from tests import factories
from tests.exhibitions.test_portal_applications import application_data, open_exhibition
from tests.products.test_portal_products import product_data

pytestmark = pytest.mark.django_db

MAKER_SEARCH = reverse("portal:maker-search")
PRODUCT_SEARCH = reverse("portal:exhibit-product-search")
CREATE_URL = reverse("portal:product-create")


@pytest.fixture
def few(monkeypatch):
    """Lists longer than 3 become a search."""
    monkeypatch.setattr(form_fields, "SEARCH_ABOVE", 3)


def _inmates(prison, count: int, **kwargs) -> list[Inmate]:
    return [factories.make_inmate(prison=prison, **kwargs) for _ in range(count)]


def _checkbox_values(html: str, name: str) -> set[str]:
    import re

    return set(re.findall(rf'<input type="checkbox"[^>]*name="{name}" value="(\d+)"', html))


# --- The product form's makers ----------------------------------------------------------------------


def test_a_short_list_of_makers_is_all_checkboxes(officer_client, prison, few):
    inmates = _inmates(prison, 3)

    html = officer_client.get(CREATE_URL).content.decode()

    assert _checkbox_values(html, "makers") == {str(i.pk) for i in inmates}
    assert "data-choice-search" not in html


def test_a_long_list_of_makers_shows_the_chosen_ones_and_a_search(officer_client, prison, few):
    inmates = _inmates(prison, 5)
    product = factories.make_product(prison=prison, status=Product.Status.DRAFT)
    product.makers.set(inmates[:1])

    html = officer_client.get(reverse("portal:product-update", args=[product.pk])).content.decode()

    assert _checkbox_values(html, "makers") == {str(inmates[0].pk)}
    assert f'data-url="{MAKER_SEARCH}"' in html
    assert 'data-name="makers"' in html and "choice_search.js" in html
    assert "Cari warga binaan lain" in html


def test_a_maker_found_by_the_search_is_saved(officer_client, prison, few):
    inmates = _inmates(prison, 5)
    category = factories.make_category()

    response = officer_client.post(CREATE_URL, {**product_data(category), "makers": [inmates[4].pk]})

    assert response.status_code == 302
    product = Product.objects.get(name="Kain Batik Tulis Parang")
    assert list(product.makers.all()) == [inmates[4]]


def test_a_refused_form_keeps_the_makers_chosen_through_the_search(officer_client, prison, few):
    inmates = _inmates(prison, 5)
    category = factories.make_category()

    response = officer_client.post(
        CREATE_URL, {**product_data(category), "name": "", "makers": [inmates[2].pk, inmates[3].pk]}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert _checkbox_values(html, "makers") == {str(inmates[2].pk), str(inmates[3].pk)}
    assert html.count("checked") >= 2


def test_another_prison_s_inmate_cannot_be_made_a_maker_through_the_search(
    officer_client, prison, other_prison, few
):
    _inmates(prison, 5)
    stranger = factories.make_inmate(prison=other_prison)
    category = factories.make_category()

    response = officer_client.post(CREATE_URL, {**product_data(category), "makers": [stranger.pk]})

    assert response.status_code == 200
    assert not Product.objects.filter(name="Kain Batik Tulis Parang").exists()
    assert stranger.legal_name not in response.content.decode()


def test_maker_search_finds_the_officer_s_own_active_inmates_only(officer_client, prison, other_prison):
    mine = factories.make_inmate(prison=prison, legal_name="Budi Santoso", registration_number="B.I-777/2018")
    factories.make_inmate(
        prison=prison,
        legal_name="Budi Released",
        status=Inmate.Status.RELEASED,
        release_date=datetime.date(2025, 1, 2),
    )
    factories.make_inmate(prison=other_prison, legal_name="Budi Lain")

    by_name = officer_client.get(MAKER_SEARCH, {"q": "budi"}).json()
    by_number = officer_client.get(MAKER_SEARCH, {"q": "777"}).json()
    two_words = officer_client.get(MAKER_SEARCH, {"q": "santoso  budi"}).json()

    expected = [{"id": mine.pk, "label": "Budi Santoso · B.I-777/2018"}]
    assert by_name == {"results": expected, "more": False}
    assert by_number["results"] == expected
    assert two_words["results"] == expected


def test_maker_search_needs_two_letters_and_says_when_there_are_more(officer_client, prison):
    _inmates(prison, form_fields.SEARCH_RESULTS + 1)

    assert officer_client.get(MAKER_SEARCH, {"q": "N"}).json() == {"results": [], "more": False}
    assert officer_client.get(MAKER_SEARCH).json() == {"results": [], "more": False}
    many = officer_client.get(MAKER_SEARCH, {"q": "nama asli"}).json()
    assert len(many["results"]) == form_fields.SEARCH_RESULTS and many["more"] is True


def test_maker_search_takes_odd_input_without_an_error(officer_client, prison):
    factories.make_inmate(prison=prison, legal_name="Siti Aminah")

    for query in ("%", "_", "' OR 1=1 --", "a" * 5000, "\u202esiti", "siti\x00"):
        response = officer_client.get(MAKER_SEARCH, {"q": query})
        assert response.status_code == 200, query
        assert set(response.json()) == {"results", "more"}


def test_maker_search_is_for_officers(client, prison):
    factories.make_inmate(prison=prison, legal_name="Budi Santoso")
    assert client.get(MAKER_SEARCH, {"q": "budi"}).status_code == 302

    staff = Client()
    staff.force_login(factories.make_user(role="Staf Kemenperin"))
    assert staff.get(MAKER_SEARCH, {"q": "budi"}).status_code == 403


def test_search_answers_are_never_stored(officer_client, prison):
    response = officer_client.get(MAKER_SEARCH, {"q": "budi"})

    assert "no-store" in response["Cache-Control"]


# --- The exhibition application's products -------------------------------------------------------------


def test_a_long_list_of_products_in_an_application_becomes_a_search(officer_client, officer, prison, few):
    products = [factories.make_product(prison=prison, name=f"Tas Anyaman {i}") for i in range(5)]
    exhibition = open_exhibition()
    url = reverse("portal:application-create", args=[exhibition.slug])

    html = officer_client.get(url).content.decode()
    assert _checkbox_values(html, "products") == set()
    assert f'data-url="{PRODUCT_SEARCH}"' in html and "Cari produk lain" in html

    response = officer_client.post(url, application_data(products=products[3:], officer=officer))
    assert response.status_code == 302
    delegation = Delegation.objects.get(exhibition=exhibition, prison=prison)
    assert set(delegation.products.all()) == set(products[3:])


def test_product_search_finds_the_prison_s_approved_products_only(officer_client, prison, other_prison):
    shown = factories.make_product(prison=prison, name="Tas Anyaman Pandan", price=150000)
    factories.make_product(prison=prison, name="Tas Anyaman Draf", status=Product.Status.DRAFT)
    factories.make_product(prison=other_prison, name="Tas Anyaman Lain")

    found = officer_client.get(PRODUCT_SEARCH, {"q": "anyaman"}).json()

    assert found == {"results": [{"id": shown.pk, "label": "Tas Anyaman Pandan · Rp\u00a0150.000"}], "more": False}


# --- A training's proposals -----------------------------------------------------------------------------


def _upcoming_training(prison):
    start = datetime.date.today() + datetime.timedelta(days=20)
    return factories.make_training(prison=prison, starts_on=start, ends_on=start + datetime.timedelta(days=2))


def test_a_long_list_of_inmates_to_propose_becomes_a_search(officer_client, prison, few):
    training = _upcoming_training(prison)
    inmates = _inmates(prison, 5)
    url = reverse("portal:training-propose", args=[training.pk])
    search_url = reverse("portal:training-propose-search", args=[training.pk])

    html = officer_client.get(url).content.decode()
    assert _checkbox_values(html, "inmates") == set()
    assert f'data-url="{search_url}"' in html and 'data-list="inmates-choices"' in html

    response = officer_client.post(url, {"inmates": [inmates[4].pk]})
    assert response.status_code == 302
    assert list(training.participants.values_list("inmate", flat=True)) == [inmates[4].pk]


def test_proposal_search_leaves_out_those_already_on_the_training_and_other_prisons(
    officer_client, prison, other_prison
):
    training = _upcoming_training(prison)
    free = factories.make_inmate(prison=prison, legal_name="Dewi Lestari")
    listed = factories.make_inmate(prison=prison, legal_name="Dewi Kartika")
    factories.make_participant(training=training, inmate=listed)
    factories.make_inmate(prison=other_prison, legal_name="Dewi Lain")
    search_url = reverse("portal:training-propose-search", args=[training.pk])

    found = officer_client.get(search_url, {"q": "dewi"}).json()

    assert [row["id"] for row in found["results"]] == [free.pk]
    assert found["results"][0]["label"] == f"Dewi Lestari · {free.registration_number}"  # namesakes told apart


def test_proposal_search_of_another_prison_s_training_is_not_found(officer_client, other_prison):
    training = factories.make_training(prison=other_prison)
    factories.make_inmate(prison=other_prison, legal_name="Dewi Lain")

    response = officer_client.get(
        reverse("portal:training-propose-search", args=[training.pk]), {"q": "dewi"}
    )

    assert response.status_code == 404
