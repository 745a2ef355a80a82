"""Booths of an exhibition: assignment to accepted delegations within their quota, the product
quota, the printable booth list and floor list per zone."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Booth, Delegation
from exhibitions.services import application_submit, application_update, booth_assign
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

ACCEPTED = Delegation.Status.ACCEPTED


def _booth(exhibition, code, **kwargs) -> Booth:
    kwargs.setdefault("zone", f"Zona {code[0]}")
    return Booth.objects.create(exhibition=exhibition, code=code, **kwargs)


def _open_exhibition(**kwargs):
    now = timezone.now()
    kwargs.setdefault("registration_opens", now - datetime.timedelta(days=3))
    kwargs.setdefault("registration_closes", now + datetime.timedelta(days=10))
    kwargs.setdefault("start_date", timezone.localdate() + datetime.timedelta(days=30))
    kwargs.setdefault("end_date", kwargs["start_date"] + datetime.timedelta(days=3))
    return factories.make_exhibition(**kwargs)


# --- booth_assign ------------------------------------------------------------------------------


def test_booth_assign_gives_the_booth_and_records_who(staff_user):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED)
    booth = _booth(exhibition, "A-01")

    booth_assign(booth=booth, delegation=delegation, user=staff_user)

    booth.refresh_from_db()
    assert booth.delegation == delegation
    assert booth.assigned_by == staff_user
    assert booth.assigned_at is not None
    assert delegation.booth_code == "A-01"


@pytest.mark.parametrize("status", [Delegation.Status.APPLIED, Delegation.Status.REJECTED, Delegation.Status.WITHDRAWN])
def test_booth_assign_refuses_a_delegation_not_accepted(staff_user, status):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=status, name="Delegasi Menunggu")
    booth = _booth(exhibition, "A-01")

    with pytest.raises(ValidationError) as raised:
        booth_assign(booth=booth, delegation=delegation, user=staff_user)

    assert "hanya delegasi yang diterima yang mendapat stan" in raised.value.message_dict["delegation"][0]
    booth.refresh_from_db()
    assert booth.delegation is None
    assert booth.assigned_by is None


def test_booth_assign_refuses_a_delegation_of_another_exhibition(staff_user):
    booth = _booth(factories.make_exhibition(), "A-01")
    foreign = factories.make_delegation(status=ACCEPTED, name="Delegasi Pameran Lain")

    with pytest.raises(ValidationError) as raised:
        booth_assign(booth=booth, delegation=foreign, user=staff_user)

    assert raised.value.message_dict["delegation"] == [
        "Delegasi “Delegasi Pameran Lain” bukan peserta pameran stan ini."
    ]
    assert Booth.objects.get(pk=booth.pk).delegation_id is None


def test_booth_assign_refuses_more_booths_than_the_quota(staff_user):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED, name="Kanwil Bali", booth_quota=2)
    first, second, third = (_booth(exhibition, code) for code in ("A-01", "A-02", "A-03"))
    booth_assign(booth=first, delegation=delegation, user=staff_user)
    booth_assign(booth=second, delegation=delegation, user=staff_user)

    with pytest.raises(ValidationError) as raised:
        booth_assign(booth=third, delegation=delegation, user=staff_user)

    assert raised.value.message_dict["delegation"] == [
        "Kuota stan delegasi “Kanwil Bali” 2; delegasi ini sudah mendapat 2 stan."
    ]
    assert list(Booth.objects.filter(delegation=delegation).order_by("code").values_list("code", flat=True)) == [
        "A-01",
        "A-02",
    ]


def test_booth_assign_again_to_the_same_delegation_is_within_quota(staff_user):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED)
    booth = _booth(exhibition, "A-01")
    booth_assign(booth=booth, delegation=delegation, user=staff_user)

    booth_assign(booth=booth, delegation=delegation, user=staff_user)

    assert Booth.objects.filter(delegation=delegation).count() == 1


def test_booth_assign_none_frees_the_booth(staff_user):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED)
    booth = _booth(exhibition, "A-01", delegation=delegation)

    booth_assign(booth=booth, delegation=None, user=staff_user)

    assert Booth.objects.get(pk=booth.pk).delegation_id is None
    assert Delegation.objects.get(pk=delegation.pk).booth_code == ""


# --- Admin: booths inline on the exhibition, booth admin, delegation quotas ---------------------


def test_exhibition_admin_assigns_booths_through_the_inline(staff_client, staff_user):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED)
    booth = _booth(exhibition, "A-01")
    data = changeform_data(staff_client.get(admin_url(type(exhibition), "change", exhibition.pk)))
    index = next(k for k, v in data.items() if k.startswith("booths-") and k.endswith("-code") and v == "A-01")
    data[index.replace("-code", "-delegation")] = str(delegation.pk)

    response = staff_client.post(admin_url(type(exhibition), "change", exhibition.pk), data)

    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.delegation == delegation
    assert booth.assigned_by == staff_user


def _both_booths_to_one_delegation(client, name):
    """An exhibition page with booths A-01 and A-02 both given to one delegation (quota 1), as
    posted: (url, data, delegation)."""
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED, name=name)
    _booth(exhibition, "A-01")
    _booth(exhibition, "A-02")
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(client.get(url))
    for key in [k for k in data if k.startswith("booths-") and k.endswith("-delegation")]:
        data[key] = str(delegation.pk)
    return url, data, delegation


def test_exhibition_admin_inline_shows_quota_error_next_to_the_booth(staff_client):
    url, data, _ = _both_booths_to_one_delegation(staff_client, "Lapas Kerobokan")

    response = staff_client.post(url, data)

    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Booth)
    errors = [form.errors.get("delegation") for form in formset.forms]
    # Only the booth beyond the quota is marked; the first is within it (found by a probe).
    assert errors == [None, ["Kuota stan delegasi “Lapas Kerobokan” 1; delegasi ini sudah mendapat 1 stan."]]
    assert Booth.objects.filter(delegation__isnull=False).count() == 0


def test_raising_the_quota_and_giving_the_booths_in_one_save(staff_client):
    url, data, delegation = _both_booths_to_one_delegation(staff_client, "Kanwil Papua")
    quota = next(k for k in data if k.startswith("delegations-") and k.endswith("-booth_quota"))
    data[quota] = "2"

    response = staff_client.post(url, data)

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.booth_quota == 2
    assert sorted(Booth.objects.filter(delegation=delegation).values_list("code", flat=True)) == ["A-01", "A-02"]


def test_exhibition_admin_inline_offers_only_accepted_delegations_of_the_exhibition(staff_client):
    exhibition = factories.make_exhibition()
    accepted = factories.make_delegation(exhibition=exhibition, status=ACCEPTED, name="Diterima")
    factories.make_delegation(exhibition=exhibition, status=Delegation.Status.APPLIED, name="Mendaftar")
    factories.make_delegation(status=ACCEPTED, name="Pameran Lain")
    _booth(exhibition, "A-01")

    response = staff_client.get(admin_url(type(exhibition), "change", exhibition.pk))

    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Booth)
    assert list(formset.forms[0].fields["delegation"].queryset) == [accepted]


def test_booth_admin_refuses_a_delegation_not_accepted(staff_client):
    exhibition = factories.make_exhibition()
    applied = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.APPLIED, name="Lapas Baru")
    data = changeform_data(staff_client.get(admin_url(Booth, "add")))
    data.update(exhibition=str(exhibition.pk), code="C-09", zone="Zona C", delegation=str(applied.pk))

    response = staff_client.post(admin_url(Booth, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["delegation"] == [
        "Delegasi “Lapas Baru” berstatus Mendaftar; hanya delegasi yang diterima yang mendapat stan."
    ]
    assert not Booth.objects.exists()


def test_booth_admin_adds_an_assigned_booth_through_the_service(staff_client, staff_user):
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED)
    data = changeform_data(staff_client.get(admin_url(Booth, "add")))
    data.update(exhibition=str(exhibition.pk), code="C-09", zone="Zona C", size="3 x 3 m", delegation=str(delegation.pk))

    response = staff_client.post(admin_url(Booth, "add"), data)

    assert response.status_code == 302
    booth = Booth.objects.get()
    assert (booth.code, booth.zone, booth.size, booth.delegation, booth.assigned_by) == (
        "C-09",
        "Zona C",
        "3 x 3 m",
        delegation,
        staff_user,
    )


def test_delegation_admin_refuses_more_products_than_the_quota(staff_client):
    delegation = factories.make_delegation(status=ACCEPTED, product_quota=1)
    products = [factories.make_product(prison=delegation.prison) for _ in range(2)]
    url = admin_url(Delegation, "change", delegation.pk)
    data = changeform_data(staff_client.get(url))
    data["products"] = [str(p.pk) for p in products]

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["products"] == [
        "Kuota produk delegasi ini 1; Anda memilih 2. Kurangi pilihan produk."
    ]
    assert delegation.products.count() == 0


def _post_products(client, delegation, products):
    url = admin_url(Delegation, "change", delegation.pk)
    data = changeform_data(client.get(url))
    data["products"] = [str(p.pk) for p in products]
    return client.post(url, data)


def test_delegation_admin_takes_only_approved_products_of_the_delegation_s_prison(staff_client):
    """Found by a new user's probe: another prison's draft, picked from a list that named no
    prison, was then offered on this prison's portal and sold at its booth."""
    from products.models import Product

    delegation = factories.make_delegation(status=ACCEPTED)
    own = factories.make_product(prison=delegation.prison, name="Tas Anyaman Sendiri")
    draft = factories.make_product(prison=delegation.prison, name="Celemek Draf", status=Product.Status.DRAFT)
    elsewhere = factories.make_product(name="Celemek Kanvas Sablon")

    refused_draft = _post_products(staff_client, delegation, [own, draft])
    refused_foreign = _post_products(staff_client, delegation, [own, elsewhere])
    saved = _post_products(staff_client, delegation, [own])

    assert "Celemek Draf" in refused_draft.context["adminform"].form.errors["products"][0]
    error = refused_foreign.context["adminform"].form.errors["products"][0]
    assert f"Produk harus dari {delegation.prison.name}" in error and elsewhere.prison.name in error
    assert saved.status_code == 302
    assert list(delegation.products.all()) == [own]
    # A product on the delegation that was withdrawn since stays until it is taken off.
    own.status = Product.Status.DRAFT
    own.save()
    assert _post_products(staff_client, delegation, [own]).status_code == 302


def test_a_delegation_moved_to_another_prison_keeps_none_of_the_old_prison_s_products(staff_client):
    """Found by a probe: moving Ambon's delegation to Tangerang kept Ambon's products unchecked,
    and Tangerang's officers then saw (and could sell) them."""
    delegation = factories.make_delegation(status=ACCEPTED)
    own = factories.make_product(prison=delegation.prison, name="Bros Kerang Ambon")
    delegation.products.add(own)
    elsewhere = factories.make_prison()
    url = admin_url(Delegation, "change", delegation.pk)
    data = changeform_data(staff_client.get(url))
    data.update({"prison": str(elsewhere.pk), "region": ""})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Bros Kerang Ambon" in response.context["adminform"].form.errors["products"][0]
    delegation.refresh_from_db()
    assert delegation.prison_id != elsewhere.pk


def test_the_exhibition_s_delegation_rows_cannot_move_a_delegation_with_its_products(staff_client):
    """Found by a review: the exhibition page's delegation rows moved a delegation to another
    prison with the old prison's products, unchecked."""
    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED)
    delegation.products.add(factories.make_product(prison=delegation.prison, name="Bros Kerang Ambon"))
    elsewhere = factories.make_prison()
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    index = next(k for k, v in data.items() if k.startswith("delegations-") and k.endswith("-id") and v == str(delegation.pk))
    data[index.replace("-id", "-prison")] = str(elsewhere.pk)
    data[index.replace("-id", "-region")] = ""

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Bros Kerang Ambon" in " ".join(str(f.formset.errors) for f in response.context["inline_admin_formsets"])
    delegation.refresh_from_db()
    assert delegation.prison_id != elsewhere.pk


def test_a_kanwil_delegation_takes_products_of_the_prisons_of_its_kanwil(staff_client):
    region = factories.make_region()
    delegation = factories.make_delegation(status=ACCEPTED, prison=None, region=region)
    inside = factories.make_product(prison=factories.make_prison(region=region))
    outside = factories.make_product()

    refused = _post_products(staff_client, delegation, [inside, outside])
    saved = _post_products(staff_client, delegation, [inside])

    assert "Produk harus dari lapas/rutan di" in refused.context["adminform"].form.errors["products"][0]
    assert saved.status_code == 302
    assert list(delegation.products.all()) == [inside]


def test_the_product_picker_of_a_delegation_offers_approved_products_and_names_their_prison(staff_client):
    from products.models import Product

    delegation = factories.make_delegation(status=ACCEPTED)
    approved = factories.make_product(prison=delegation.prison, name="Celemek Batik")
    factories.make_product(prison=delegation.prison, name="Celemek Draf", status=Product.Status.DRAFT)
    factories.make_product(name="Celemek Lain")
    url = reverse("admin:autocomplete")
    query = {"app_label": "exhibitions", "model_name": "delegation", "field_name": "products", "term": "celemek"}

    everywhere = staff_client.get(url, query).json()["results"]
    narrowed = staff_client.get(url, {**query, "prison": str(delegation.prison.pk)}).json()["results"]

    assert {item["text"].split(" · ")[0] for item in everywhere} == {"Celemek Batik", "Celemek Lain"}
    assert [item["text"] for item in narrowed] == [f"Celemek Batik · {delegation.prison.name}"]
    assert [item["id"] for item in narrowed] == [str(approved.pk)]


def test_delegation_admin_refuses_a_booth_quota_below_the_booths_held(staff_client):
    delegation = factories.make_delegation(status=ACCEPTED, booth_quota=2)
    _booth(delegation.exhibition, "A-01", delegation=delegation)
    _booth(delegation.exhibition, "A-02", delegation=delegation)
    url = admin_url(Delegation, "change", delegation.pk)
    data = changeform_data(staff_client.get(url))
    data["booth_quota"] = "1"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["booth_quota"] == [
        "Delegasi ini sudah mendapat 2 stan; bebaskan stan dulu."
    ]
    assert Delegation.objects.get(pk=delegation.pk).booth_quota == 2


# --- Product quota in the portal application ---------------------------------------------------


def test_application_submit_refuses_more_products_than_the_default_quota(officer, prison):
    exhibition = _open_exhibition()
    products = [factories.make_product(prison=prison) for _ in range(21)]

    with pytest.raises(ValidationError) as raised:
        application_submit(
            exhibition=exhibition,
            prison=prison,
            user=officer,
            products=products,
            contact_officer=officer,
            contact_phone="0812 3456 7890",
        )

    assert raised.value.message_dict["products"] == [
        "Kuota produk delegasi ini 20; Anda memilih 21. Kurangi pilihan produk."
    ]
    assert not Delegation.objects.exists()


def test_application_update_form_shows_the_quota_error_next_to_products(officer_client, officer, prison):
    exhibition = _open_exhibition()
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, status=Delegation.Status.APPLIED, product_quota=2
    )
    products = [factories.make_product(prison=prison, name=f"Produk {i}") for i in range(3)]
    delegation.products.set(products[:1])

    response = officer_client.post(
        reverse("portal:application-update", args=[delegation.pk]),
        {"products": [p.pk for p in products], "contact_officer": officer.pk, "contact_phone": "0812 3456 7890"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["products"] == [
        "Kuota produk delegasi ini 2; Anda memilih 3. Kurangi pilihan produk."
    ]
    assert list(delegation.products.all()) == products[:1]


def test_application_update_within_quota_is_saved(officer, prison):
    exhibition = _open_exhibition()
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, status=Delegation.Status.APPLIED, product_quota=2
    )
    products = [factories.make_product(prison=prison) for _ in range(2)]

    application_update(
        delegation=delegation, user=officer, products=products, contact_officer=officer, contact_phone="0812 1"
    )

    assert set(delegation.products.all()) == set(products)


# --- Booth list and floor list (staff, printable) ------------------------------------------------


def _hall(count: int):
    exhibition = factories.make_exhibition(title="Pameran Produk Unggulan 2018")
    for i in range(count):
        delegation = factories.make_delegation(exhibition=exhibition, status=ACCEPTED, name=f"Delegasi {i}")
        delegation.products.add(factories.make_product(prison=delegation.prison))
        _booth(exhibition, f"{'AB'[i % 2]}-{i:02d}", size="3 x 3 m", delegation=delegation)
    return exhibition


def test_booth_list_shows_every_booth_with_its_delegation(staff_client):
    exhibition = _hall(2)
    _booth(exhibition, "B-99", zone="Zona B")
    factories.make_delegation(exhibition=exhibition, status=ACCEPTED, name="Delegasi Tanpa Stan")
    _booth(factories.make_exhibition(), "Z-01", zone="Zona Lain")

    response = staff_client.get(reverse("admin:exhibitions_exhibition_booths", args=[exhibition.pk]))

    assert response.status_code == 200
    assert [b.code for b in response.context["booths"]] == ["A-00", "B-01", "B-99"]
    assert response.context["occupied"] == 2
    assert [d.name for d in response.context["short"]] == ["Delegasi Tanpa Stan"]
    content = response.content.decode()
    assert "Delegasi 0" in content and "Delegasi 1" in content
    assert "Kosong" in content
    assert "Z-01" not in content
    assert 'href="/static/css/print.css" media="print"' in content


def test_booth_list_queries_do_not_grow_with_booths(staff_client):
    small, large = _hall(1), _hall(4)

    def queries(exhibition):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse("admin:exhibitions_exhibition_booths", args=[exhibition.pk]))
        assert response.status_code == 200
        return len(captured)

    assert queries(small) == queries(large)


def test_floor_list_groups_the_booths_by_zone(staff_client):
    exhibition = _hall(3)
    _booth(exhibition, "C-01", zone="Zona C")

    response = staff_client.get(reverse("admin:exhibitions_exhibition_floor", args=[exhibition.pk]))

    assert response.status_code == 200
    zones = [(z.zone, [b.code for b in z.booths], z.occupied) for z in response.context["zones"]]
    assert zones == [("Zona A", ["A-00", "A-02"], 2), ("Zona B", ["B-01"], 1), ("Zona C", ["C-01"], 0)]
    assert "2 dari 2 stan terisi" in response.content.decode()


def test_booth_pages_are_for_staff_only(officer_client, corrections_client):
    exhibition = _hall(1)
    url = reverse("admin:exhibitions_exhibition_booths", args=[exhibition.pk])

    assert officer_client.get(url).status_code == 302  # to the admin's login
    assert corrections_client.get(url).status_code == 200  # view permission: read only


def test_exhibition_change_page_links_to_the_staff_pages(staff_client):
    exhibition = factories.make_exhibition()

    content = staff_client.get(admin_url(type(exhibition), "change", exhibition.pk)).content.decode()

    for name in ("booths", "floor", "stock", "visitors"):
        assert reverse(f"admin:exhibitions_exhibition_{name}", args=[exhibition.pk]) in content


# --- The legacy booth codes became Booth rows ----------------------------------------------------


def test_migration_zone_of_a_legacy_booth_code():
    migration = importlib.import_module("exhibitions.migrations.0004_booths_from_codes")

    assert migration.zone_of("A-01") == "Zona A"
    assert migration.zone_of("HALL2-07") == "Zona HALL2"
    assert migration.zone_of("17") == ""


def test_the_booth_box_says_only_accepted_delegations_are_offered(staff_client):
    from exhibitions.models import Exhibition

    exhibition = factories.make_exhibition()
    applied = factories.make_delegation(exhibition=exhibition, name="Delegasi Baru Mendaftar")
    Booth.objects.create(exhibition=exhibition, code="A-01")
    page = staff_client.get(admin_url(Exhibition, "change", exhibition.pk)).content.decode()
    booth_box = page.split('name="booths-0-delegation"')[1].split("</select>")[0]
    assert applied.name not in booth_box
    assert "Hanya delegasi yang sudah diterima." in page


def test_the_liaison_and_juror_pickers_offer_officers_and_jurors_only(staff_client, staff_user):
    # Found by a staff probe: both listed every account (staff, jurors, other prisons' officers).
    from inmates import roles

    officer = factories.make_officer(username="petugas.sari", first_name="Sari")
    juror = factories.make_user(role=roles.JURY, username="juri.sari", first_name="Sari")
    factories.make_user(role=roles.MINISTRY_STAFF, username="staf.sari", first_name="Sari")
    url = reverse("admin:autocomplete")

    def offered(model, field):
        query = {"app_label": "exhibitions", "model_name": model, "field_name": field, "term": "sari"}
        return {item["id"] for item in staff_client.get(url, query).json()["results"]}

    assert offered("delegation", "contact_officer") == {str(officer.pk)}
    jurors = offered("competition", "jurors")
    assert str(juror.pk) in jurors and str(officer.pk) not in jurors


def test_a_delegation_s_liaison_is_an_officer_of_its_prison(staff_client):
    from django.core.exceptions import ValidationError

    delegation = factories.make_delegation(status=ACCEPTED)
    own = factories.make_officer(prison=delegation.prison)
    other = factories.make_officer()

    delegation.contact_officer = other
    with pytest.raises(ValidationError) as refused:
        delegation.full_clean()
    delegation.contact_officer = own
    delegation.full_clean()

    assert list(refused.value.message_dict) == ["contact_officer"]


def test_an_officer_whose_role_was_taken_away_is_no_liaison(staff_client):
    # Found by an attacker probe: a profile left from a removed role was still offered and saved.
    from django.core.exceptions import ValidationError

    delegation = factories.make_delegation(status=ACCEPTED)
    former = factories.make_officer(prison=delegation.prison, username="mantan.petugas", first_name="Mantan")
    former.groups.clear()
    url = reverse("admin:autocomplete")
    query = {"app_label": "exhibitions", "model_name": "delegation", "field_name": "contact_officer", "term": "mantan"}

    assert staff_client.get(url, query).json()["results"] == []
    delegation.contact_officer = former
    with pytest.raises(ValidationError):
        delegation.full_clean()
