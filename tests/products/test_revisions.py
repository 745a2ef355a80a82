"""Editing an approved product: the edit is a revision the curators review, and the public keeps
seeing the last approved version until they approve it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from products.models import Product, ProductImage
from products.selectors import public_product_list
from products.services import (
    ImageChange,
    NewImage,
    product_approve,
    product_archive,
    product_reject,
    product_revision_discard,
    product_submit,
    product_update,
)
from tests import factories
from tests.products.test_portal_products import (
    LIST_URL,
    discard_url,
    edit_data,
    jpeg,
    media_files,
    update_url,
    with_new_image,
    with_stored_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return factories.make_category(name_id="Anyaman", slug="anyaman")


@pytest.fixture
def approved(prison, category):
    product = factories.make_product(
        prison=prison,
        category=category,
        name="Tas Pandan",
        slug="tas-pandan",
        price=90000,
        description="Tas anyaman pandan.",
        status=Product.Status.APPROVED,
        is_featured=True,
    )
    maker = factories.make_inmate(prison=prison, legal_name="Pembuat Lama")
    # Photos of the work may be public (nothing else): the public page shows the product's images.
    factories.make_consent(inmate=maker, display_name_public=False, story_public=False)
    product.makers.add(maker)
    with_stored_image(product, alt="Tas pandan tampak depan", color=(10, 120, 10))
    return product


@pytest.fixture
def curator(db):
    return factories.make_user(username="kurator")


def public_view(product_pk: int):
    """What the public sees of a product: (name, price, description, [image files])."""
    product = public_product_list().filter(pk=product_pk).first()
    if product is None:
        return None
    return product.name, product.price, product.description, [i.image.name for i in product.images.all()]


def public_page(client, product) -> str:
    """The public product page (public:product-detail, by slug)."""
    response = client.get(reverse("public:product-detail", kwargs={"slug": product.slug}))
    assert response.status_code == 200
    return response.content.decode()


def open_revision(officer, approved, **data) -> Product:
    values = {
        "name": "Tas Pandan Besar",
        "price": 120000,
        "description": "Tas anyaman pandan, kini lebih besar.",
        "category": approved.category,
        "makers": list(approved.makers.all()),
    }
    values.update(data)
    return product_update(product=approved, user=officer, data=values)


# --- Opening a revision ---------------------------------------------------------------------------------


def test_edit_of_an_approved_product_opens_a_revision_and_leaves_the_original(officer_client, approved):
    files_before = media_files()
    original_image = approved.images.get()

    response = officer_client.post(update_url(approved), edit_data(approved, name="Tas Pandan Besar", price="120.000"))

    assert response.status_code == 302
    stored = Product.objects.get(pk=approved.pk)
    assert (stored.name, stored.price, stored.status) == ("Tas Pandan", 90000, "approved")
    revision = Product.objects.get(revision_of=approved)
    assert (revision.name, revision.price, revision.status, revision.slug) == (
        "Tas Pandan Besar", 120000, "draft", "tas-pandan-revisi-1"
    )
    assert (revision.prison, revision.category) == (approved.prison, approved.category)
    assert list(revision.makers.all()) == list(approved.makers.all())
    copy = revision.images.get()
    assert copy.pk != original_image.pk
    assert (copy.image.name, copy.thumb_small.name, copy.alt_text) == (
        original_image.image.name, original_image.thumb_small.name, original_image.alt_text
    )
    assert media_files() == files_before  # rows duplicated, files shared, nothing copied on disk
    assert approved.images.get() == original_image


def test_second_edit_updates_the_same_revision(officer, approved):
    first = open_revision(officer, approved)
    second = open_revision(officer, approved, name="Tas Pandan Jumbo")

    assert first.pk == second.pk
    assert Product.objects.filter(revision_of=approved).count() == 1
    assert Product.objects.get(pk=first.pk).name == "Tas Pandan Jumbo"


def test_edit_page_of_an_approved_product_shows_its_pending_revision(officer_client, officer, approved):
    open_revision(officer, approved, name="Tas Pandan Besar")

    response = officer_client.get(update_url(approved))

    html = response.content.decode()
    assert response.context["target"].revision_of_id == approved.pk
    assert 'value="Tas Pandan Besar"' in html
    assert "katalog tetap menampilkan versi yang disetujui" in html


def test_revision_url_redirects_to_the_original(officer_client, officer, approved):
    revision = open_revision(officer, approved)

    response = officer_client.get(update_url(revision))

    assert response.status_code == 302
    assert response["Location"] == update_url(approved)


def test_revision_slug_skips_a_taken_number(officer, approved, prison):
    factories.make_product(prison=prison, slug="tas-pandan-revisi-1")

    assert open_revision(officer, approved).slug == "tas-pandan-revisi-2"


def test_image_edits_on_a_new_revision_apply_to_its_copies(officer, approved):
    original_image = approved.images.get()

    revision = product_update(
        product=approved,
        user=officer,
        data={"name": "Tas Pandan"},
        image_changes=[ImageChange(image_id=original_image.pk, alt_text="Tas pandan hijau", position=3)],
    )

    assert list(revision.images.values_list("alt_text", "position")) == [("Tas pandan hijau", 3)]
    original_image.refresh_from_db()
    assert (original_image.alt_text, original_image.position) == ("Tas pandan tampak depan", 0)


def test_deleting_an_image_in_a_revision_keeps_the_originals_file(
    officer, approved, django_capture_on_commit_callbacks
):
    original_image = approved.images.get()
    files_before = media_files()

    with django_capture_on_commit_callbacks(execute=True):
        revision = product_update(
            product=approved,
            user=officer,
            data={},
            image_changes=[ImageChange(image_id=original_image.pk, delete=True)],
            new_images=[NewImage(file=jpeg(color=(1, 2, 3)), alt_text="Foto baru")],
        )

    assert list(revision.images.values_list("alt_text", flat=True)) == ["Foto baru"]
    assert approved.images.get() == original_image
    assert files_before < media_files()  # the original's files are all still there


def test_an_approved_original_cannot_be_submitted_itself(officer, approved):
    with pytest.raises(ValidationError) as raised:
        product_submit(product=approved, user=officer)

    assert raised.value.code == "invalid_status"


def test_submit_without_any_image_is_refused(officer, prison):
    draft = factories.make_product(prison=prison, status=Product.Status.DRAFT)

    with pytest.raises(ValidationError) as raised:
        product_submit(product=draft, user=officer)

    assert raised.value.code == "no_images"
    assert Product.objects.get(pk=draft.pk).status == "draft"


# --- The public keeps the approved version ----------------------------------------------------------


def test_public_sees_the_approved_version_until_the_revision_is_approved(
    client, officer_client, officer, approved, curator, django_capture_on_commit_callbacks
):
    old_image = approved.images.get()
    old_files = {old_image.image.name, old_image.thumb_small.name, old_image.thumb_medium.name, old_image.thumb_large.name}
    before = public_view(approved.pk)
    assert before == ("Tas Pandan", 90000, "Tas anyaman pandan.", [old_image.image.name])
    data = edit_data(approved, name="Tas Pandan Besar", price="120.000", description="Kini lebih besar.")
    data["images-0-DELETE"] = "on"
    data = with_new_image(data, jpeg(color=(200, 200, 0)), index=1, alt="Tas pandan kuning")
    data["action"] = "submit"

    officer_client.post(update_url(approved), data)

    revision = Product.objects.get(revision_of=approved)
    new_image = revision.images.get()
    new_file = new_image.image.name
    assert revision.status == "submitted"
    # Submitted, not yet approved: no unreviewed text or image is public.
    assert public_view(approved.pk) == before
    assert [p.pk for p in public_product_list()] == [approved.pk]
    page = public_page(client, approved)
    assert "Tas Pandan Besar" not in page and "Kini lebih besar." not in page
    assert "Rp 120.000" not in page and "Rp 90.000" in page
    assert new_image.thumb_medium.url not in page
    assert old_image.thumb_medium.url in page

    with django_capture_on_commit_callbacks(execute=True):
        returned = product_approve(product=revision, user=curator)

    assert returned.pk == approved.pk
    assert public_view(approved.pk) == ("Tas Pandan Besar", 120000, "Kini lebih besar.", [new_file])
    stored = Product.objects.get(pk=approved.pk)
    assert (stored.status, stored.slug, stored.is_featured, stored.curated_by) == (
        "approved", "tas-pandan", True, curator
    )
    assert stored.curated_at is not None
    assert Product.objects.filter(pk=revision.pk).exists() is False
    assert ProductImage.objects.filter(pk=old_image.pk).exists() is False
    assert old_files & media_files() == set()  # the replaced image's files are gone
    assert new_file in media_files()
    page = public_page(client, stored)
    assert "Tas Pandan Besar" in page and "Rp 120.000" in page
    assert new_image.thumb_medium.url in page
    assert old_image.thumb_medium.url not in page


def test_approving_a_revision_copies_content_and_makers(officer, approved, prison, curator):
    new_maker = factories.make_inmate(prison=prison, legal_name="Pembuat Baru")
    workshop = factories.make_workshop(prison=prison)
    revision = open_revision(
        officer, approved, makers=[new_maker], workshop=workshop, materials="Pandan", size="40 × 30 cm",
        weight_grams=300, monthly_capacity=50,
    )
    product_submit(product=revision, user=officer)

    product_approve(product=revision, user=curator)

    stored = Product.objects.get(pk=approved.pk)
    assert list(stored.makers.all()) == [new_maker]
    assert (stored.workshop, stored.materials, stored.size, stored.weight_grams, stored.monthly_capacity) == (
        workshop, "Pandan", "40 × 30 cm", 300, 50
    )
    assert Product.objects.filter(revision_of=approved).exists() is False


def test_approving_a_revision_keeps_files_still_used(officer, approved, curator, django_capture_on_commit_callbacks):
    kept = approved.images.get()
    revision = open_revision(officer, approved)
    product_submit(product=revision, user=officer)

    with django_capture_on_commit_callbacks(execute=True):
        product_approve(product=revision, user=curator)

    image = Product.objects.get(pk=approved.pk).images.get()
    assert image.image.name == kept.image.name
    assert image.image.name in media_files()


def test_rejecting_a_revision_keeps_the_original_public(client, officer, approved, curator):
    before = public_view(approved.pk)
    revision = open_revision(officer, approved)
    product_submit(product=revision, user=officer)

    product_reject(product=revision, user=curator, reason="Harga terlalu tinggi.")

    revision.refresh_from_db()
    assert (revision.status, revision.status_reason, revision.curated_by) == (
        "rejected", "Harga terlalu tinggi.", curator
    )
    assert revision.curated_at is not None
    stored = Product.objects.get(pk=approved.pk)
    assert (stored.status, stored.name, stored.curated_by) == ("approved", "Tas Pandan", None)
    assert public_view(approved.pk) == before
    page = public_page(client, approved)
    assert "Tas Pandan Besar" not in page and "Rp 120.000" not in page
    assert "Tas Pandan" in page and "Rp 90.000" in page


def test_rejected_revision_shows_in_the_list_and_on_the_edit_page(officer_client, officer, approved, curator):
    revision = open_revision(officer, approved)
    product_submit(product=revision, user=officer)
    product_reject(product=revision, user=curator, reason="Foto kurang terang.")

    list_html = officer_client.get(LIST_URL).content.decode()
    edit_html = officer_client.get(update_url(approved)).content.decode()

    assert "perubahan ditolak" in list_html
    assert "Alasan: Foto kurang terang." in list_html
    assert "Foto kurang terang." in edit_html


def test_rejected_revision_can_be_edited_and_submitted_again(officer_client, officer, approved, curator):
    revision = open_revision(officer, approved)
    product_submit(product=revision, user=officer)
    product_reject(product=revision, user=curator, reason="Foto kurang terang.")
    revision.refresh_from_db()

    data = edit_data(revision, name="Tas Pandan Terang", action="submit")
    response = officer_client.post(update_url(approved), data)

    assert response.status_code == 302
    revision.refresh_from_db()
    assert (revision.status, revision.name) == ("submitted", "Tas Pandan Terang")
    assert Product.objects.filter(revision_of=approved).count() == 1
    assert Product.objects.get(pk=approved.pk).name == "Tas Pandan"


def test_submitted_revision_is_marked_in_the_list(officer_client, officer, approved):
    revision = open_revision(officer, approved)
    product_submit(product=revision, user=officer)

    html = officer_client.get(LIST_URL).content.decode()

    assert "perubahan menunggu kurasi" in html
    assert "Tas Pandan Besar" not in html


# --- Discarding and archiving ---------------------------------------------------------------------------


def test_discarding_a_revision_deletes_it_and_only_its_own_files(
    officer_client, officer, approved, django_capture_on_commit_callbacks
):
    files_before = media_files()
    revision = product_update(
        product=approved, user=officer, data={}, new_images=[NewImage(file=jpeg(color=(9, 9, 9)), alt_text="Baru")]
    )
    assert len(media_files()) == len(files_before) + 4

    page = officer_client.get(discard_url(approved))
    assert "Batalkan perubahan?" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(discard_url(approved))

    assert response["Location"] == update_url(approved)
    assert Product.objects.filter(pk=revision.pk).exists() is False
    assert media_files() == files_before
    assert Product.objects.get(pk=approved.pk).status == "approved"


def test_discard_without_a_revision_goes_back_to_the_product(officer_client, approved):
    for method in ("get", "post"):
        response = getattr(officer_client, method)(discard_url(approved))
        assert response.status_code == 302
        assert response["Location"] == update_url(approved)
    assert Product.objects.get(pk=approved.pk).status == "approved"


def test_discard_service_refuses_an_original(officer, approved):
    with pytest.raises(ValidationError):
        product_revision_discard(revision=approved, user=officer)


def test_archiving_a_product_drops_its_open_revision(officer, approved):
    revision = open_revision(officer, approved)

    product_archive(product=approved, user=officer)

    assert Product.objects.get(pk=approved.pk).status == "archived"
    assert Product.objects.filter(pk=revision.pk).exists() is False
    assert public_view(approved.pk) is None


def test_archive_service_refuses_a_revision_row(officer, approved):
    revision = open_revision(officer, approved)

    with pytest.raises(ValidationError) as raised:
        product_archive(product=revision, user=officer)

    assert raised.value.code == "invalid_status"
