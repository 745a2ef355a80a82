"""A product's photos are photos of its makers' work: the public sees them only while the consent
in force of every maker allows "photos of the work" (Consent.work_photos_public). Otherwise the
product stays public without its photos, on every public page and at every file URL, and staff
and the prison's officers still see them."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from inmates.services import consent_give, consent_withdraw
from products.models import Product
from products.selectors import public_product_list
from products.services import product_image_add
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def prison():
    return factories.make_prison(name="Lapas Perempuan Tangerang", slug="lapas-perempuan-tangerang")


def _product_with_image(prison, *makers):
    product = factories.make_product(
        prison=prison, name="Tas Anyaman Pandan", slug="tas-anyaman-pandan", status=Product.Status.APPROVED
    )
    product.makers.add(*makers)
    image = product_image_add(product=product, file=factories.uploaded_image(), alt_text="Tas pandan")
    return product, image


def _maker(prison, *, photos: bool | None):
    """A maker whose consent in force allows photos of the work (True), does not (False), or who
    has no consent at all (None)."""
    maker = factories.make_inmate(prison=prison, display_name="Ibu Sari")
    if photos is not None:
        factories.make_consent(inmate=maker, work_photos_public=photos)
    return maker


def _public_urls(product) -> list[str]:
    """The public pages that show the product card or page."""
    return [
        reverse("public:product-detail", args=[product.slug]),
        reverse("public:product-list"),
        f"/lapas/{product.prison.slug}/",
        "/",
    ]


def _shows(image) -> dict[str, bool]:
    client = Client()
    seen = {}
    for url in _public_urls(image.product):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        seen[url] = any(
            getattr(image, field).name in page for field in ("thumb_small", "thumb_medium", "thumb_large", "image")
        )
    files = {
        field: client.get(settings.MEDIA_URL + getattr(image, field).name).status_code
        for field in ("image", "thumb_small", "thumb_medium", "thumb_large")
    }
    seen["files"] = set(files.values()) == {200}
    assert set(files.values()) in ({200}, {404}), files
    return seen


@pytest.mark.parametrize(
    ("consents", "public"),
    [
        ([], True),  # credited to the prison alone
        ([True], True),
        ([True, True], True),
        ([False], False),
        ([True, False], False),  # one maker who did not allow it is enough
        ([None], False),  # a maker without any consent
        ([True, None], False),
    ],
)
def test_the_photos_are_public_only_if_every_maker_allows_photos_of_the_work(prison, consents, public):
    product, image = _product_with_image(prison, *[_maker(prison, photos=c) for c in consents])

    seen = _shows(image)

    assert seen == dict.fromkeys([*_public_urls(product), "files"], public)
    # The product itself stays public either way.
    assert list(public_product_list().filter(pk=product.pk).values_list("slug", flat=True)) == [product.slug]
    assert Client().get(reverse("public:product-detail", args=[product.slug])).status_code == 200


def test_staff_and_the_prison_s_officers_still_see_the_photos(prison, staff_user):
    product, image = _product_with_image(prison, _maker(prison, photos=False))
    officer = factories.make_officer(prison=prison)
    other = factories.make_officer(prison=factories.make_prison())
    url = settings.MEDIA_URL + image.thumb_medium.name

    for user, status in ((staff_user, 200), (officer, 200), (other, 404), (None, 404)):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == status, user
    officer_client = Client()
    officer_client.force_login(officer)
    portal = officer_client.get(reverse("portal:product-list")).content.decode()
    assert image.thumb_small.name in portal or image.thumb_medium.name in portal


def test_a_changed_consent_shows_and_hides_the_photos_at_once_through_the_page_cache(
    prison, staff_user, page_cache, settings
):
    settings.PUBLIC_FRAGMENT_CACHE = True  # and the fragments, as in production
    maker = _maker(prison, photos=False)
    product, image = _product_with_image(prison, maker)
    page = reverse("public:product-detail", args=[product.slug])
    visitor = Client()
    assert image.thumb_medium.name not in visitor.get(page).content.decode()
    assert image.thumb_medium.name not in visitor.get(page).content.decode()  # now from the cache

    consent_give(inmate=maker, user=staff_user, display_name_public=True, story_public=False, work_photos_public=True)

    assert image.thumb_medium.name in visitor.get(page).content.decode()
    assert visitor.get(settings.MEDIA_URL + image.thumb_medium.name).status_code == 200

    consent_withdraw(inmate=maker, user=staff_user)

    assert image.thumb_medium.name not in visitor.get(page).content.decode()
    assert visitor.get(settings.MEDIA_URL + image.thumb_medium.name).status_code == 404
    catalogue = visitor.get(reverse("public:product-list")).content.decode()
    assert "Tas Anyaman Pandan" in catalogue and image.thumb_small.name not in catalogue


def test_the_officer_s_product_page_says_whose_consent_keeps_the_photos_off_the_catalogue(prison):
    refusing = factories.make_inmate(prison=prison, legal_name="Sulastri Binti Karyo")
    factories.make_consent(inmate=refusing, work_photos_public=False)
    allowing = _maker(prison, photos=True)
    product, _image = _product_with_image(prison, refusing, allowing)
    officer = Client()
    officer.force_login(factories.make_officer(prison=prison))
    url = reverse("portal:product-update", args=[product.pk])

    page = officer.get(url).content.decode()

    assert "Foto produk ini tidak tampil di katalog." in page
    assert f'href="{reverse("portal:inmate-detail", args=[refusing.pk])}">Sulastri Binti Karyo</a>' in page
    assert allowing.legal_name not in page.split("product-photos-withheld", 1)[1].split("</p>", 1)[0]

    consent_give(inmate=refusing, user=factories.make_user(), display_name_public=False, story_public=False,
                 work_photos_public=True)

    assert "product-photos-withheld" not in officer.get(url).content.decode()


# --- Photos that show a face ---------------------------------------------------------------------


def _face_maker(prison, *, face: bool):
    maker = factories.make_inmate(prison=prison, display_name="Ibu Wati")
    factories.make_consent(inmate=maker, work_photos_public=True, face_public=face)
    return maker


@pytest.mark.parametrize(
    ("faces", "public"),
    [
        ([True], True),
        ([True, True], True),
        ([False], False),
        ([True, False], False),
        ([], False),  # a face nobody of the product consented for
    ],
)
def test_a_photo_that_shows_a_face_needs_every_maker_s_consent_to_the_face(prison, faces, public):
    product, plain = _product_with_image(prison, *[_face_maker(prison, face=f) for f in faces])
    face = product_image_add(
        product=product, file=factories.uploaded_image(color=(200, 90, 90)), alt_text="Pembuat dengan tas", shows_face=True
    )
    page = Client().get(reverse("public:product-detail", args=[product.slug])).content.decode()

    assert (face.thumb_medium.name in page) is public
    assert Client().get(settings.MEDIA_URL + face.thumb_medium.name).status_code == (200 if public else 404)
    # The product's other photos follow the work-photo rule alone.
    assert plain.thumb_medium.name in page
    assert Client().get(settings.MEDIA_URL + plain.thumb_medium.name).status_code == 200


def test_the_officer_marks_a_photo_that_shows_a_face_and_the_mark_survives_curation(prison, staff_user):
    from products.services import product_approve
    from tests.products.test_portal_products import edit_data, update_url

    maker = _face_maker(prison, face=False)
    product, image = _product_with_image(prison, maker)
    officer = Client()
    officer.force_login(factories.make_officer(prison=prison))
    page = officer.get(update_url(product)).content.decode()
    assert 'name="images-0-shows_face"' in page and "Wajah seseorang tampak di foto ini" in page

    data = edit_data(product)
    data["images-0-shows_face"] = "on"
    data["action"] = "submit"
    response = officer.post(update_url(product), data)

    assert response.status_code == 302
    revision = Product.objects.get(revision_of=product)
    assert revision.images.get().shows_face is True
    image.refresh_from_db()
    assert image.shows_face is False  # the public keeps the approved version until curation
    product_approve(product=revision, user=staff_user)
    stored = Product.objects.get(pk=product.pk).images.get()
    assert stored.shows_face is True
    assert Client().get(settings.MEDIA_URL + stored.thumb_medium.name).status_code == 404  # no face consent
    assert stored.thumb_small.name in officer.get(update_url(product)).content.decode()
    assert officer.get(settings.MEDIA_URL + stored.thumb_small.name).status_code == 200
