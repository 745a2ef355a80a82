"""Restoring deleted rows from their django-simple-history records in the back-office: the
"Data terhapus" page of inmates, consents and products, for users with the add permission."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from inmates import roles
from inmates.models import Consent, Inmate
from products.models import Product
from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db

INMATES_DELETED = "/admin/inmates/inmate/terhapus/"


def delete_in_admin(client, obj):
    response = client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302, response.content
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def delete_in_code(obj, *, user):
    # The admin refuses to delete an inmate with consents (a consent is never deleted by hand);
    # a deletion in code, through the cascade, is what the restore has to undo then.
    pk = obj.pk
    obj._history_user = user
    obj.delete()
    obj.pk = pk  # delete() forgets it; the tests look the deletion up by it


def deletion_record(model, pk):
    return model.history.get(id=pk, history_type="-")


def _permissions(*codenames):
    return list(Permission.objects.filter(codename__in=codenames))


def restore_url(model, pk) -> str:
    return admin_url(model, "restore", deletion_record(model, pk).history_id)


@pytest.fixture
def inmate(prison):
    workshop = factories.make_workshop(prison=prison, name="Bengkel Batik")
    inmate = factories.make_inmate(
        prison=prison,
        workshop=workshop,
        legal_name="Budi Santoso",
        registration_number="B.I-0042/2018",
        birth_year=1985,
        skills="Batik tulis, pewarnaan alam",
        display_name="Pak Budi",
        public_story="Belajar membatik sejak 2016.",
    )
    # An older creation time, to see that restoring keeps it.
    Inmate.objects.filter(pk=inmate.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    inmate.refresh_from_db()
    return inmate


def test_restore_urls_named_under_the_changelist():
    assert admin_url(Inmate, "deleted") == INMATES_DELETED
    assert admin_url(Inmate, "restore", 7) == "/admin/inmates/inmate/terhapus/7/pulihkan/"
    assert admin_url(Consent, "deleted") == "/admin/inmates/consent/terhapus/"
    assert admin_url(Product, "deleted") == "/admin/products/product/terhapus/"


def test_deleted_page_lists_deleted_inmates_only(staff_client, staff_user, inmate, prison):
    factories.make_inmate(prison=prison, legal_name="Masih Ada")
    delete_in_admin(staff_client, inmate)

    response = staff_client.get(INMATES_DELETED)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["object_pk"] for row in rows] == [inmate.pk]
    assert rows[0]["record"].history_user == staff_user
    assert rows[0]["prison"] == prison
    content = response.content.decode()
    assert "Budi Santoso (B.I-0042/2018)" in content
    assert prison.name in content
    assert "Masih Ada" not in content
    assert restore_url(Inmate, inmate.pk) in content


def test_changelist_links_to_deleted_page_for_staff(staff_client, corrections_client):
    assert f'href="{INMATES_DELETED}"' in staff_client.get("/admin/inmates/inmate/").content.decode()
    response = corrections_client.get("/admin/inmates/inmate/")
    assert response.status_code == 200
    assert INMATES_DELETED not in response.content.decode()


def test_restore_brings_back_deleted_inmate_with_same_pk_and_fields(staff_client, staff_user, inmate):
    consent = factories.make_consent(inmate=inmate, notes="Ditandatangani di hadapan petugas.")
    before = {
        f.attname: getattr(inmate, f.attname) for f in Inmate._meta.concrete_fields if f.name != "updated_at"
    }
    consent_before = {f.attname: getattr(consent, f.attname) for f in Consent._meta.concrete_fields}
    delete_in_code(inmate, user=staff_user)
    assert not Consent.objects.filter(pk=consent.pk).exists()

    response = staff_client.post(restore_url(Inmate, inmate.pk))

    assert response.status_code == 302
    assert response["Location"] == admin_url(Inmate, "change", inmate.pk)
    restored = Inmate.objects.get(pk=inmate.pk)
    assert {attname: getattr(restored, attname) for attname in before} == before
    # The consent deleted with the inmate comes back with it, unchanged.
    restored_consent = Consent.objects.get(pk=consent.pk)
    assert {f.attname: getattr(restored_consent, f.attname) for f in Consent._meta.concrete_fields} == (
        consent_before
    )
    latest = restored.history.order_by("-history_date", "-history_id").first()
    assert latest.history_type == "+"
    assert latest.history_user == staff_user
    assert latest.history_change_reason == "Dipulihkan dari data terhapus"
    assert latest.created_at == before["created_at"]
    assert restored_consent.history.order_by("-history_date").first().history_user == staff_user
    # Restored: no longer on the deleted page.
    assert staff_client.get(INMATES_DELETED).context["rows"] == []


def test_restore_success_message_and_admin_log(staff_client, inmate):
    delete_in_admin(staff_client, inmate)

    response = staff_client.post(restore_url(Inmate, inmate.pk), follow=True)

    assert "“Budi Santoso (B.I-0042/2018)” dipulihkan." in response.content.decode()
    entry = LogEntry.objects.filter(object_id=str(inmate.pk), action_flag=ADDITION).get()
    assert entry.change_message == "Dipulihkan dari data terhapus."


def test_restore_corrections_staff_forbidden(corrections_client, staff_client, inmate):
    delete_in_admin(staff_client, inmate)
    url = restore_url(Inmate, inmate.pk)

    assert corrections_client.get(INMATES_DELETED).status_code == 403
    assert corrections_client.post(url).status_code == 403
    assert not Inmate.objects.filter(pk=inmate.pk).exists()


def test_restore_user_with_view_permission_only_forbidden(staff_client, inmate):
    viewer = factories.make_user(username="pembaca", is_staff=True)
    viewer.user_permissions.add(*_permissions("view_inmate"))
    client = Client()
    client.force_login(viewer)
    delete_in_admin(staff_client, inmate)

    assert client.post(restore_url(Inmate, inmate.pk)).status_code == 403
    assert not Inmate.objects.filter(pk=inmate.pk).exists()


def test_restore_get_not_allowed(staff_client, inmate):
    delete_in_admin(staff_client, inmate)

    assert staff_client.get(restore_url(Inmate, inmate.pk)).status_code == 405
    assert not Inmate.objects.filter(pk=inmate.pk).exists()


def test_restore_existing_object_not_found(staff_client, inmate):
    delete_in_admin(staff_client, inmate)
    url = restore_url(Inmate, inmate.pk)
    staff_client.post(url)

    assert staff_client.post(url).status_code == 404
    assert Inmate.objects.filter(pk=inmate.pk).count() == 1


def test_restore_clashing_registration_number_refused(staff_client, inmate, prison):
    delete_in_admin(staff_client, inmate)
    factories.make_inmate(prison=prison, registration_number="B.I-0042/2018", legal_name="Pengganti")

    response = staff_client.post(restore_url(Inmate, inmate.pk), follow=True)

    assert "“Budi Santoso (B.I-0042/2018)” tidak dapat dipulihkan" in response.content.decode()
    assert not Inmate.objects.filter(pk=inmate.pk).exists()
    assert list(Inmate.objects.values_list("legal_name", flat=True)) == ["Pengganti"]


def test_restore_with_deleted_workshop_clears_it(staff_client, inmate):
    workshop = inmate.workshop
    delete_in_admin(staff_client, inmate)
    workshop.delete()

    staff_client.post(restore_url(Inmate, inmate.pk))

    restored = Inmate.objects.get(pk=inmate.pk)
    assert restored.workshop is None
    assert restored.legal_name == "Budi Santoso"


def test_consent_restore_needs_its_inmate_first(staff_client, staff_user, inmate):
    consent = factories.make_consent(inmate=inmate)
    delete_in_code(inmate, user=staff_user)

    response = staff_client.post(restore_url(Consent, consent.pk), follow=True)

    content = response.content.decode()
    assert "tidak dapat dipulihkan" in content
    assert "pulihkan dahulu data itu" in content
    assert not Consent.objects.filter(pk=consent.pk).exists()


def test_consent_restore_corrections_staff_forbidden(corrections_client, staff_user, inmate):
    consent = factories.make_consent(inmate=inmate)
    delete_in_code(inmate, user=staff_user)

    assert corrections_client.get(admin_url(Consent, "deleted")).status_code == 403
    assert corrections_client.post(restore_url(Consent, consent.pk)).status_code == 403


def test_restore_older_deletion_of_restored_object_not_listed(staff_client, inmate):
    delete_in_admin(staff_client, inmate)
    staff_client.post(restore_url(Inmate, inmate.pk))
    delete_in_admin(staff_client, Inmate.objects.get(pk=inmate.pk))

    rows = staff_client.get(INMATES_DELETED).context["rows"]

    # Deleted twice: one row, the latest deletion.
    assert [row["object_pk"] for row in rows] == [inmate.pk]
    assert rows[0]["record"].history_id == (
        Inmate.history.filter(id=inmate.pk, history_type="-").latest("history_date").history_id
    )


def test_restore_deleted_product_with_same_pk_and_fields(staff_client, staff_user, prison):
    # Needs RestoreDeletedMixin in ProductAdmin's bases (products/admin.py).
    product = factories.make_product(
        prison=prison,
        name="Kain Batik Tulis Parang",
        slug="kain-batik-tulis-parang",
        price=350000,
        materials="Katun primissima",
        curated_at=timezone.now() - datetime.timedelta(days=3),
    )
    Product.objects.filter(pk=product.pk).update(created_at=timezone.now() - datetime.timedelta(days=100))
    product.refresh_from_db()
    before = {
        f.attname: getattr(product, f.attname)
        for f in Product._meta.concrete_fields
        if f.name != "updated_at"
    }
    delete_in_admin(staff_client, product)

    assert staff_client.get(admin_url(Product, "deleted")).status_code == 200
    response = staff_client.post(restore_url(Product, product.pk))

    assert response.status_code == 302
    restored = Product.objects.get(pk=product.pk)
    assert {attname: getattr(restored, attname) for attname in before} == before
    assert restored.history.order_by("-history_date", "-history_id").first().history_user == staff_user


def test_restore_product_corrections_staff_forbidden(corrections_client, staff_client, prison):
    product = factories.make_product(prison=prison)
    delete_in_admin(staff_client, product)

    assert corrections_client.post(restore_url(Product, product.pk)).status_code == 403
    assert not Product.objects.filter(pk=product.pk).exists()


def test_restore_role_permissions_match_roles_module():
    # The rule above rests on the roles: ministry staff add inmates, corrections staff only view.
    ministry = roles.ROLE_PERMISSIONS[roles.MINISTRY_STAFF]
    assert ("inmates", "*", ("add", "change", "delete", "view")) in ministry
    assert ("inmates", "*", ("view",)) in roles.ROLE_PERMISSIONS[roles.CORRECTIONS_STAFF]


def test_deleted_page_of_scoped_user_lists_own_prison_only(staff_user, prison, other_prison):
    scoped = factories.make_officer(prison=prison, username="petugas.admin", is_staff=True)
    scoped.user_permissions.add(*_permissions("add_inmate", "view_inmate", "change_inmate"))
    own = factories.make_inmate(prison=prison, legal_name="Warga Lapas Sendiri")
    other = factories.make_inmate(prison=other_prison, legal_name="Warga Lapas Lain")
    own_pk, other_pk = own.pk, other.pk
    delete_in_code(own, user=staff_user)
    delete_in_code(other, user=staff_user)
    client = Client()
    client.force_login(scoped)

    response = client.get(INMATES_DELETED)

    # An officer given admin access by mistake is refused the back office altogether (the
    # officer role confines an account to the portal); nothing is listed nor restored.
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "Warga Lapas Lain" not in response.content.decode()
    assert client.post(restore_url(Inmate, other_pk)).status_code == 302
    assert not Inmate.objects.filter(pk=other_pk).exists()
    assert not Inmate.objects.filter(pk=own_pk).exists()
