import pytest
from django.core.exceptions import ValidationError

from products.models import Product
from products.services import product_approve, product_reject
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Product.Status.SUBMITTED, Product.Status.REJECTED])
def test_product_approve_from_submitted_or_rejected(status):
    curator = factories.make_user()
    reason = "Foto buram." if status == Product.Status.REJECTED else ""
    product = factories.make_product(status=status, status_reason=reason)
    factories.make_photo(product)

    returned = product_approve(product=product, user=curator)

    stored = Product.objects.get(pk=product.pk)
    assert returned is product
    assert (stored.status, stored.status_reason, stored.curated_by) == ("approved", "", curator)
    assert stored.curated_at is not None
    assert stored.history.first().history_user == curator


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.APPROVED, Product.Status.ARCHIVED])
def test_product_approve_refused_from_other_statuses(status):
    product = factories.make_product(status=status)

    with pytest.raises(ValidationError) as raised:
        product_approve(product=product, user=factories.make_user())

    assert raised.value.code == "invalid_status"
    stored = Product.objects.get(pk=product.pk)
    assert (stored.status, stored.curated_by, stored.curated_at) == (status, None, None)


def test_product_approve_reads_the_stored_status_not_a_stale_instance():
    product = factories.make_product(status=Product.Status.SUBMITTED)
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)

    with pytest.raises(ValidationError):
        product_approve(product=product, user=factories.make_user())

    assert Product.objects.get(pk=product.pk).status == "archived"


def test_product_reject_stores_the_reason_and_the_curator():
    curator = factories.make_user()
    product = factories.make_product(status=Product.Status.SUBMITTED)

    product_reject(product=product, user=curator, reason="  Ukuran belum diisi. ")

    stored = Product.objects.get(pk=product.pk)
    assert (stored.status, stored.status_reason) == ("rejected", "Ukuran belum diisi.")
    assert stored.curated_by == curator
    assert stored.curated_at is not None


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_product_reject_refused_without_a_reason(reason):
    product = factories.make_product(status=Product.Status.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        product_reject(product=product, user=factories.make_user(), reason=reason)

    assert raised.value.code == "reason_required"
    assert Product.objects.get(pk=product.pk).status == "submitted"


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.APPROVED, Product.Status.REJECTED])
def test_product_reject_refused_unless_submitted(status):
    reason = "Alasan lama" if status == Product.Status.REJECTED else ""
    product = factories.make_product(status=status, status_reason=reason)

    with pytest.raises(ValidationError) as raised:
        product_reject(product=product, user=factories.make_user(), reason="Foto buram.")

    assert raised.value.code == "invalid_status"
    assert Product.objects.get(pk=product.pk).status == status


def test_product_approve_refuses_a_product_without_a_photo():
    """Found by a probe: a product whose photo had gone stood in the catalogue as a placeholder."""
    from django.core.exceptions import ValidationError

    product = factories.make_product(status=Product.Status.SUBMITTED)

    with pytest.raises(ValidationError) as raised:
        product_approve(product=product, user=factories.make_user())

    assert raised.value.code == "no_images"
    assert Product.objects.get(pk=product.pk).status == Product.Status.SUBMITTED
