"""Inmate and workshop boxes in the back office offer the prison chosen on the page: the page's
script adds ``prison`` to each autocomplete request (static/js/admin_prison_autocomplete.js) and
InmateAdmin/WorkshopAdmin answer with that prison's rows only. It only narrows: a prison-scoped
staff user still sees nothing of another prison, and a bad value is ignored, never a 500."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def ask(client, *, model_name, field_name, term="", **extra):
    app_label = {"trainingparticipant": "programs", "training": "programs", "product": "products"}.get(
        model_name, "inmates"
    )
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term, **extra},
    )
    assert response.status_code == 200
    return sorted(item["text"] for item in response.json()["results"])


@pytest.fixture
def two_prisons():
    cipinang, tangerang = factories.make_prison(name="Lapas Cipinang"), factories.make_prison(name="Lapas Tangerang")
    for prison, names in ((cipinang, ("Budi Cipinang", "Agus Cipinang")), (tangerang, ("Budi Tangerang",))):
        for name in names:
            factories.make_inmate(prison=prison, legal_name=name)
        factories.make_workshop(prison=prison, name=f"Bengkel {prison.name}")
    return cipinang, tangerang


def test_participant_box_offers_the_chosen_prison_s_inmates(staff_client, two_prisons):
    cipinang, tangerang = two_prisons

    everyone = ask(staff_client, model_name="trainingparticipant", field_name="inmate", term="budi")
    narrowed = ask(staff_client, model_name="trainingparticipant", field_name="inmate", term="budi", prison=cipinang.pk)

    assert [t.split(" (")[0] for t in everyone] == ["Budi Cipinang", "Budi Tangerang"]
    assert [t.split(" (")[0] for t in narrowed] == ["Budi Cipinang"]
    assert ask(staff_client, model_name="product", field_name="makers", prison=tangerang.pk)[0].startswith("Budi Tangerang")


def test_workshop_box_offers_the_chosen_prison_s_workshops(staff_client, two_prisons):
    cipinang, _ = two_prisons

    narrowed = ask(staff_client, model_name="training", field_name="workshop", prison=cipinang.pk)

    assert [t.split(" (")[0] for t in narrowed] == ["Bengkel Lapas Cipinang"]


@pytest.mark.parametrize("bad", ["", "abc", "1; DROP", "-1", "9" * 30, "١٢"])
def test_a_bad_prison_value_is_ignored(staff_client, two_prisons, bad):
    results = ask(staff_client, model_name="trainingparticipant", field_name="inmate", term="budi", prison=bad)
    assert len(results) == 2


def test_the_page_scripts_are_on_the_pages_with_a_prison_box(staff_client, two_prisons):
    cipinang, _ = two_prisons
    training = factories.make_training(prison=cipinang)
    for url in (
        reverse("admin:programs_training_change", args=[training.pk]),
        reverse("admin:programs_training_add"),
        reverse("admin:inmates_inmate_add"),
        reverse("admin:products_product_add"),
    ):
        assert "js/admin_prison_autocomplete" in staff_client.get(url).content.decode(), url


def test_the_product_form_refuses_a_maker_of_another_prison(staff_client, two_prisons):
    """The narrowed box is backed by a check on saving: a tampered post naming another prison's
    inmate is refused (found by a probe), the product's own prison's inmate is taken."""
    from products.models import Product
    from tests.admin_helpers import admin_url, changeform_data

    cipinang, tangerang = two_prisons
    product = factories.make_product(prison=cipinang)
    url = admin_url(Product, "change", product.pk)
    own = cipinang.inmates.first()
    stranger = tangerang.inmates.first()

    data = changeform_data(staff_client.get(url))
    data["makers"] = [str(stranger.pk)]
    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Pembuat harus warga binaan dari lapas produk ini" in " ".join(response.context["adminform"].form.errors["makers"])
    assert not product.makers.exists()

    data["makers"] = [str(own.pk)]
    assert staff_client.post(url, data).status_code == 302
    assert list(product.makers.all()) == [own]


def test_every_form_with_a_prison_box_and_a_workshop_or_inmate_box_narrows_them(staff_client, rf, staff_user):
    """Found by a new user's probe: the aid form offered every prison's workshops."""
    from django.contrib import admin

    checked = []
    for model, model_admin in admin.site._registry.items():
        request = rf.get("/")
        request.user = staff_user
        narrowed = {"workshop", "inmate", "makers"} & set(model_admin.get_autocomplete_fields(request))
        if not narrowed or "prison" not in model_admin.get_fields(request):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        assert "js/admin_prison_autocomplete" in staff_client.get(url).content.decode(), url
        checked.append(model._meta.label)
    assert "programs.Aid" in checked


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [("inmates", "inmate", "products"), ("inmates", "prison", "inmates"), ("auth", "permission", "user"),
     ("products", "category", "products")],
)
def test_the_far_side_of_a_relation_is_refused_not_a_server_error(staff_client, app_label, model_name, field_name):
    """Found by an attacker probe: Django took a reverse relation as the box's field and failed."""
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": "a"},
    )

    assert response.status_code == 403
