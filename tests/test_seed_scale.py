"""seed_scale (programs/scale.py): synthetic data for the benchmark, at a tiny size."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from exhibitions.models import Delegation, Exhibition, Sale
from inmates.models import Consent, Inmate, Prison, Region
from products.models import Product, ProductImage
from programs.models import Training, TrainingParticipant
from tests.factories import make_product

pytestmark = pytest.mark.django_db

TINY = [
    "--prisons=6", "--inmates=300", "--products=80", "--exhibitions=3", "--delegations=3",
    "--trainings=4", "--participants=3", "--sales=5", "--images=2", "--no-progress",
]


def _seed(*extra: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", *TINY, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_seed_scale_makes_the_sizes_asked_for():
    output = _seed()

    assert (Region.objects.count(), Prison.objects.count()) == (34, 6)
    assert (Inmate.objects.count(), Product.objects.count(), Exhibition.objects.count()) == (300, 80, 3)
    assert Training.objects.count() == 4
    assert TrainingParticipant.objects.count() == 12
    assert "seed_scale done in" in output


def test_seed_scale_gives_most_inmates_consent_and_withdraws_some():
    _seed("--inmates=1000")

    assert 0.75 * 1000 <= Consent.objects.count() <= 0.95 * 1000
    assert 0 < Consent.objects.filter(withdrawn_on__isnull=False).count() <= 0.1 * 1000
    in_force = Consent.objects.filter(withdrawn_on__isnull=True).values("inmate").annotate(n=Count("pk"))
    assert not in_force.filter(n__gt=1).exists()


def test_seed_scale_credits_approved_products_with_makers_of_their_prison():
    _seed()

    approved = Product.objects.approved()
    assert approved.count() >= 0.7 * 80
    assert not approved.filter(makers__isnull=True).exists()
    for product in approved.prefetch_related("makers")[:20]:
        assert {maker.prison_id for maker in product.makers.all()} == {product.prison_id}


def test_seed_scale_shares_a_few_image_files_between_all_image_rows():
    _seed()

    images = ProductImage.objects.all()
    assert images.count() > 2
    assert images.values("image").distinct().count() == 2
    assert not images.filter(thumb_medium="").exists()
    assert not images.exclude(product__status=Product.Status.APPROVED).exists()


def test_seed_scale_sales_carry_shares_that_add_up():
    _seed()

    sales = list(Sale.objects.all())
    assert sales
    assert all(s.share_inmate + s.share_pnbp + s.share_programme == s.quantity * s.unit_price for s in sales)
    assert Delegation.objects.filter(status=Delegation.Status.ACCEPTED).exists()


def test_seed_scale_refuses_a_database_with_products_unless_forced():
    make_product()

    with pytest.raises(CommandError, match="already has products"):
        _seed()
    _seed("--force")
    assert Product.objects.count() == 81
