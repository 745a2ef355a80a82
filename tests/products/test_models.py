import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from inmates import roles
from products.models import Product
from tests import factories

pytestmark = pytest.mark.django_db


def test_product_negative_price_fails(prison):
    product = factories.make_product(prison=prison, price=150000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=-1)
    assert Product.objects.get(pk=product.pk).price == 150000


def test_product_zero_price_allowed(prison):
    product = factories.make_product(prison=prison, price=0)
    assert Product.objects.get(pk=product.pk).price == 0


def test_product_rejected_without_reason_fails(prison):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_product(prison=prison, status=Product.Status.REJECTED, status_reason="")
    assert Product.objects.count() == 0


def test_product_rejected_later_without_reason_fails(prison):
    product = factories.make_product(prison=prison, status=Product.Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(status=Product.Status.REJECTED)
    assert Product.objects.get(pk=product.pk).status == Product.Status.SUBMITTED


def test_product_rejected_with_reason_allowed(prison):
    product = factories.make_product(
        prison=prison, status=Product.Status.REJECTED, status_reason="Foto produk buram."
    )
    assert Product.objects.get(pk=product.pk).status_reason == "Foto produk buram."


def test_product_duplicate_slug_fails(prison, other_prison):
    factories.make_product(prison=prison, slug="tas-anyaman")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_product(prison=other_prison, slug="tas-anyaman")
    assert Product.objects.filter(slug="tas-anyaman").count() == 1


def test_product_workshop_of_other_prison_fails_clean(prison, other_prison):
    product = Product(prison=prison, workshop=factories.make_workshop(prison=other_prison))
    with pytest.raises(ValidationError) as excinfo:
        product.clean()
    assert excinfo.value.message_dict == {
        "workshop": ["Bengkel kerja harus berada di lapas yang sama."]
    }


def test_category_name_in_indonesian_by_default():
    category = factories.make_category(name_id="Kerajinan Kayu", name_en="Woodcraft")
    assert category.name == "Kerajinan Kayu"
    assert str(category) == "Kerajinan Kayu"


def test_category_name_in_english_when_english_active():
    category = factories.make_category(name_id="Kerajinan Kayu", name_en="Woodcraft")
    with translation.override("en"):
        assert category.name == "Woodcraft"
    with translation.override("id"):
        assert category.name == "Kerajinan Kayu"


def test_category_name_without_english_falls_back_to_indonesian():
    category = factories.make_category(name_id="Batik Tulis", name_en="")
    with translation.override("en"):
        assert category.name == "Batik Tulis"


def test_category_duplicate_indonesian_name_fails():
    factories.make_category(name_id="Batik")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_category(name_id="Batik")


@pytest.fixture
def products_in_two_prisons(prison, other_prison):
    return (
        factories.make_product(prison=prison, name="Batik Cipinang"),
        factories.make_product(prison=other_prison, name="Tenun Kerobokan"),
    )


def test_product_visible_to_officer_only_own_prison(officer, products_in_two_prisons):
    own, _other = products_in_two_prisons
    assert list(Product.objects.visible_to(officer)) == [own]


def test_product_visible_to_officer_includes_unapproved_of_own_prison(prison, officer):
    draft = factories.make_product(prison=prison, status=Product.Status.DRAFT)
    assert list(Product.objects.visible_to(officer)) == [draft]


@pytest.mark.parametrize(
    "role", [roles.MINISTRY_STAFF, roles.CORRECTIONS_STAFF], ids=["ministry", "corrections"]
)
def test_product_visible_to_staff_all_prisons(role, products_in_two_prisons):
    user = factories.make_user(role=role)
    assert set(Product.objects.visible_to(user)) == set(products_in_two_prisons)


def test_product_visible_to_anonymous_nothing(products_in_two_prisons):
    assert list(Product.objects.visible_to(AnonymousUser())) == []


def test_product_visible_to_user_without_group_nothing(products_in_two_prisons):
    assert list(Product.objects.visible_to(factories.make_user())) == []


def test_product_approved_excludes_other_statuses(prison):
    approved = factories.make_product(prison=prison, status=Product.Status.APPROVED)
    factories.make_product(prison=prison, status=Product.Status.DRAFT)
    factories.make_product(prison=prison, status=Product.Status.SUBMITTED)
    factories.make_product(prison=prison, status=Product.Status.ARCHIVED)
    factories.make_product(prison=prison, status=Product.Status.REJECTED, status_reason="Tidak rapi.")
    assert list(Product.objects.approved()) == [approved]
