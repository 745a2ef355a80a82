"""Uploaded files are served by config/media.py, in every environment, only to whoever may see
them: product images (uploads and thumbnails) to everybody while the product is public, otherwise
only to staff and the officers of the product's prison; consent forms, aid and agreement documents
to staff (and the prison's officers where they may see the record); everything else 404, never 403.
Whatever is served is never something a browser would run (nosniff, a sandboxing CSP, only three
image types, anything else as an attachment)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import media
from exhibitions.models import Exhibition
from inmates import roles
from inmates.services import consent_withdraw
from products.models import Product, ProductImage
from products.selectors import public_product_detail
from products.services import product_image_add
from programs.models import Agreement, Aid
from tests import factories

pytestmark = pytest.mark.django_db

FILE_FIELDS = ("image", "thumb_small", "thumb_medium", "thumb_large")
NOT_PUBLIC = [
    Product.Status.DRAFT,
    Product.Status.SUBMITTED,
    Product.Status.REJECTED,
    Product.Status.ARCHIVED,
]
CSP = "default-src 'none'; sandbox"


def _product(prison, status=Product.Status.APPROVED, **kwargs) -> Product:
    if status == Product.Status.REJECTED:
        kwargs.setdefault("status_reason", "Foto buram.")
    return factories.make_product(prison=prison, status=status, **kwargs)


def _image(product) -> ProductImage:
    return product_image_add(product=product, file=factories.uploaded_image(), alt_text="Foto produk")


def _url(name: str) -> str:
    return settings.MEDIA_URL + name


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_not_found(response):
    assert response.status_code == 404
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def _put(name: str, data: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def approved_image(prison):
    return _image(_product(prison))


# --- Public products ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", FILE_FIELDS)
def test_approved_product_file_is_served_to_anonymous_as_jpeg_with_safe_headers(approved_image, field):
    name = getattr(approved_image, field).name
    stored = (Path(settings.MEDIA_ROOT) / name).read_bytes()

    response = Client().get(_url(name))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP
    # Every cache, the visitor's own browser too, asks again before showing it: a withdrawn
    # consent reaches everybody at once (test_withdrawn_consent_takes_the_photos_...).
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert "Content-Disposition" not in response
    assert int(response["Content-Length"]) == len(stored)
    assert _body(response) == stored


def test_public_files_do_not_vary_by_cookie(approved_image, prison, officer_client, staff_client):
    """A public file is the same for everybody, so it is answered without reading the session:
    no ``Vary: Cookie``, and a shared cache keeps one copy for every visitor, signed in or not."""
    url = _url(approved_image.thumb_medium.name)
    for client in (Client(), officer_client, staff_client):
        response = client.get(url)
        assert response.status_code == 200
        assert "cookie" not in response.get("Vary", "").lower()
        assert response["Cache-Control"].startswith("public")

    restricted = _image(_product(prison, status=Product.Status.SUBMITTED))
    response = officer_client.get(_url(restricted.thumb_medium.name))
    assert response.status_code == 200
    assert "cookie" in response["Vary"].lower()  # its answer depends on who asks
    assert response["Cache-Control"] == "private, no-store"


def test_head_gives_the_headers_without_the_body(approved_image):
    name = approved_image.thumb_medium.name

    response = Client().head(_url(name))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert int(response["Content-Length"]) == (Path(settings.MEDIA_ROOT) / name).stat().st_size
    assert _body(response) == b""


def test_conditional_get_is_answered_not_modified(approved_image):
    url = _url(approved_image.thumb_small.name)
    first = Client().get(url)

    by_etag = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    changed = Client().get(url, HTTP_IF_NONE_MATCH='"something-else"')

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_etag["Cache-Control"] == first["Cache-Control"]
    assert by_date.status_code == 304
    assert changed.status_code == 200


def test_a_revalidation_is_the_access_check_alone_the_file_unread(approved_image, monkeypatch):
    """Browsers ask again before every use of a public photo (no-cache): a copy still good costs
    the one-query access check and a stat, never opening the file."""
    url = _url(approved_image.thumb_medium.name)
    first = Client().get(url)

    def no_reading(*args, **kwargs):
        raise AssertionError("a revalidation opened the file")

    monkeypatch.setattr(media, "open", no_reading, raising=False)
    with CaptureQueriesContext(connection) as queries:
        by_etag = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (by_etag.status_code, by_date.status_code, len(queries)) == (304, 304, 2)
    assert by_etag["Cache-Control"] == "public, no-cache"


def test_the_etag_is_nginx_s_so_a_copy_nginx_sent_is_revalidated_here(settings, approved_image):
    """Behind MEDIA_ACCEL_REDIRECT nginx sends the bytes with its own ETag (modification second
    and size in hex); the app's is the same, so the browser's revalidation gets its 304 here."""
    settings.MEDIA_ACCEL_REDIRECT = "/protected/"
    name = approved_image.thumb_medium.name
    info = (Path(settings.MEDIA_ROOT) / name).stat()
    nginx_etag = f'"{int(info.st_mtime):x}-{info.st_size:x}"'

    response = Client().get(_url(name), HTTP_IF_NONE_MATCH=nginx_etag)

    assert response.status_code == 304
    assert "X-Accel-Redirect" not in response


def test_other_methods_are_not_allowed(approved_image):
    assert Client().post(_url(approved_image.thumb_small.name)).status_code == 405


def test_catalogue_thumbnails_are_all_served(client, prison):
    for _ in range(3):
        _image(_product(prison))
    html = client.get(reverse("public:product-list")).content.decode()

    sources = set(re.findall(r'(?:src|srcset)="([^"]+)"', html))
    urls = {part.strip().split(" ")[0] for source in sources for part in source.split(",")}
    media_urls = sorted(url for url in urls if url.startswith(settings.MEDIA_URL))

    assert len(media_urls) >= 6  # small and medium thumbnails of three products
    for url in media_urls:
        response = Client().get(url)
        assert (url, response.status_code, response["Content-Type"]) == (url, 200, "image/jpeg")


# --- Products the public may not see -------------------------------------------------------------


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_unpublished_product_files_are_not_found_for_the_public(status, prison, other_prison):
    image = _image(_product(prison, status=status))
    visitor = factories.make_user(username="pengunjung")
    juror = factories.make_user(role=roles.JURY, username="juri")
    stranger = factories.make_officer(prison=other_prison, username="petugas-lain")

    for user in (None, visitor, juror, stranger):
        client = _client(user)
        for field in FILE_FIELDS:
            _assert_not_found(client.get(_url(getattr(image, field).name)))


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_unpublished_product_files_are_served_privately_to_own_officer_and_staff(
    status, prison, officer_client, staff_client, corrections_client
):
    image = _image(_product(prison, status=status))

    for client in (officer_client, staff_client, corrections_client):
        for field in FILE_FIELDS:
            response = client.get(_url(getattr(image, field).name))
            assert response.status_code == 200
            assert response["Content-Type"] == "image/jpeg"
            assert response["Cache-Control"] == "private, no-store"
            assert response["X-Content-Type-Options"] == "nosniff"


def test_officer_without_the_role_any_more_is_refused(prison, officer):
    image = _image(_product(prison, status=Product.Status.DRAFT))
    client = _client(officer)
    assert client.get(_url(image.thumb_small.name)).status_code == 200

    officer.groups.clear()

    _assert_not_found(client.get(_url(image.thumb_small.name)))


def test_revision_new_image_is_restricted_but_shared_files_stay_public(prison, officer_client):
    original = _product(prison)
    kept = _image(original)
    revision = _product(prison, status=Product.Status.SUBMITTED, revision_of=original, slug="revisi")
    shared = ProductImage.objects.create(
        product=revision,
        image=kept.image.name,
        thumb_small=kept.thumb_small.name,
        thumb_medium=kept.thumb_medium.name,
        thumb_large=kept.thumb_large.name,
        alt_text="Foto sama",
    )
    added = _image(revision)

    assert Client().get(_url(shared.thumb_medium.name)).status_code == 200
    _assert_not_found(Client().get(_url(added.thumb_medium.name)))
    assert officer_client.get(_url(added.thumb_medium.name)).status_code == 200


def test_files_follow_the_product_when_it_stops_being_public(prison):
    image = _image(_product(prison))
    url = _url(image.thumb_medium.name)
    assert Client().get(url).status_code == 200

    Product.objects.filter(pk=image.product_id).update(status=Product.Status.ARCHIVED)

    _assert_not_found(Client().get(url))


def test_withdrawn_consent_takes_the_photos_of_the_work_off_the_public_urls(prison, staff_user):
    """Withdrawing a maker's consent hides the maker (name, story) and, since their consent no
    longer allows photos of their work, the product's photos: the product itself stays public
    (public_product_detail), its image files answer 404 to the public and stay visible to staff."""
    product = _product(prison)
    image = _image(product)
    maker = factories.make_inmate(prison=prison, display_name="Pak Budi")
    product.makers.add(maker)
    factories.make_consent(inmate=maker, given_on=timezone.now() - datetime.timedelta(days=3))
    url = _url(image.thumb_medium.name)
    first = Client().get(url)
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"]  # the browser that showed it asks again ...

    consent_withdraw(inmate=maker, user=staff_user)

    assert public_product_detail(slug=product.slug) is not None
    _assert_not_found(Client().get(url))
    # ... and its revalidation is told the photo is gone, never "not modified".
    _assert_not_found(Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"]))
    staff = Client()
    staff.force_login(staff_user)
    response = staff.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


# --- Names that are not stored files ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config/settings.py",
        "/media/products/../../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/%2E%2E%2Fsecret.txt",
        "/media/products/%2e%2e/%2e%2e/secret.txt",
        "/media/%252e%252e/secret.txt",
        "/media/..%5csecret.txt",
        "/media//etc/passwd",
        "/media/%2Fetc%2Fpasswd",
        "/media/./secret.txt",
        "/media/products//secret.txt",
        "/media/secret.txt%00.jpg",
        "/media/.hidden",
        "/media/",
    ],
)
def test_path_traversal_and_odd_names_are_not_found(path, staff_client):
    _put("../secret.txt", b"top secret")
    _put("secret.txt", b"also secret")

    for client in (Client(), staff_client):
        response = client.get(path)
        _assert_not_found(response)
        assert b"secret" not in _body(response)


def test_a_traversal_that_normalises_to_a_public_file_is_not_followed(approved_image):
    name = approved_image.thumb_small.name
    folder, _, base = name.rpartition("/")

    _assert_not_found(Client().get(_url(f"{folder}/../{folder}/{base}")))
    _assert_not_found(Client().get(_url(f"./{name}")))


def test_unknown_and_unreferenced_files_are_not_found_even_for_staff(staff_client, approved_image):
    jpeg = (Path(settings.MEDIA_ROOT) / approved_image.thumb_small.name).read_bytes()
    _put("products/ab/" + "0" * 32 + ".jpg", jpeg)  # on disk, no row refers to it
    _put("thumbs/" + "1" * 32 + "-320.jpg", jpeg)
    _put("imports/peserta.csv", b"nama,nomor\nBudi,B.I-1\n")  # not a kind of file that is served
    _put("healthcheck-probe.txt", b"ok")

    for client in (Client(), staff_client):
        for name in (
            "products/ab/" + "0" * 32 + ".jpg",
            "thumbs/" + "1" * 32 + "-320.jpg",
            "products/ff/" + "f" * 32 + ".jpg",  # nowhere at all
            "imports/peserta.csv",
            "healthcheck-probe.txt",
        ):
            _assert_not_found(client.get(_url(name)))


def test_a_referenced_file_missing_on_disk_is_not_found(approved_image):
    name = approved_image.thumb_small.name
    (Path(settings.MEDIA_ROOT) / name).unlink()

    _assert_not_found(Client().get(_url(name)))


def test_a_link_out_of_media_root_is_not_followed(prison, tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"\xff\xd8\xff" + b"private bytes")
    link = Path(settings.MEDIA_ROOT) / "products/aa/link.jpg"
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, link)
    ProductImage.objects.create(product=_product(prison), image="products/aa/link.jpg", alt_text="x")

    _assert_not_found(Client().get(_url("products/aa/link.jpg")))


# --- What is sent is never run by a browser --------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("products/ab/evil.html", b"<!doctype html><script>alert(document.cookie)</script>"),
        ("thumbs/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("thumbs/evil-640.jpg", b"<html><script>alert(1)</script></html>"),  # HTML named .jpg
        ("products/ab/image.png", b"\xff\xd8\xff\xe0 a JPEG named .png"),  # name and bytes disagree
    ],
)
def test_other_content_is_only_ever_an_attachment(prison, name, data):
    _put(name, data)
    ProductImage.objects.create(product=_product(prison), image=name, thumb_medium=name, alt_text="x")

    response = Client().get(_url(name))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP
    assert _body(response) == data


@pytest.mark.parametrize(
    "suffix, data, expected",
    [
        (".png", factories.image_bytes(fmt="PNG"), "image/png"),
        (".webp", factories.image_bytes(fmt="WEBP"), "image/webp"),
    ],
)
def test_png_and_webp_keep_their_type(prison, suffix, data, expected):
    name = f"products/cd/{'a' * 32}{suffix}"
    _put(name, data)
    ProductImage.objects.create(product=_product(prison), image=name, alt_text="x")

    assert Client().get(_url(name))["Content-Type"] == expected


# --- Other uploads -----------------------------------------------------------------------------------


def test_exhibition_banner_is_public_only_while_published(staff_client):
    exhibition = factories.make_exhibition()
    exhibition.banner.save("spanduk.jpg", ContentFile(factories.image_bytes()), save=True)
    url = exhibition.banner.url
    assert url.startswith(settings.MEDIA_URL + "exhibitions/")

    assert Client().get(url).status_code == 200
    Exhibition.objects.filter(pk=exhibition.pk).update(is_published=False)

    _assert_not_found(Client().get(url))
    hidden = staff_client.get(url)
    assert (hidden.status_code, hidden["Cache-Control"]) == (200, "private, no-store")


def test_consent_form_only_for_staff_and_the_prisons_officers(prison, other_prison, officer_client, staff_client):
    consent = factories.make_consent(inmate=factories.make_inmate(prison=prison))
    consent.document.save("formulir.pdf", ContentFile(b"%PDF-1.4 Nama Asli"), save=True)
    url = consent.document.url
    assert url.startswith(settings.MEDIA_URL + "consent/")

    for client in (Client(), _client(factories.make_officer(prison=other_prison, username="lain"))):
        _assert_not_found(client.get(url))
    for client in (officer_client, staff_client):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"


def test_aid_document_for_staff_and_the_prisons_officers(prison, other_prison, officer_client, staff_client):
    aid = Aid.objects.create(
        kind=Aid.Kind.EQUIPMENT, prison=prison, items="Mesin jahit", value=1000, given_on=datetime.date(2018, 1, 2)
    )
    aid.handover_document.save("bast.pdf", ContentFile(b"%PDF-1.4"), save=True)
    url = aid.handover_document.url

    _assert_not_found(Client().get(url))
    _assert_not_found(_client(factories.make_officer(prison=other_prison, username="lain")).get(url))
    assert officer_client.get(url).status_code == 200
    assert staff_client.get(url).status_code == 200


def test_agreement_document_for_staff_only(officer_client, staff_client, corrections_client):
    agreement = Agreement.objects.create(
        number="PKS-1",
        title="Kerja sama",
        first_party="Ditjen PAS",
        second_party="Ditjen IKM",
        signed_on=datetime.date(2018, 1, 1),
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2022, 12, 31),
    )
    agreement.document.save("pks.pdf", ContentFile(b"%PDF-1.4"), save=True)
    url = agreement.document.url

    _assert_not_found(Client().get(url))
    _assert_not_found(officer_client.get(url))
    assert staff_client.get(url).status_code == 200
    assert corrections_client.get(url).status_code == 200


def test_every_file_field_of_the_project_has_a_rule():
    """A new FileField whose files would be unreachable (or, worse, reachable by some later
    catch-all) fails here until config/media.py says who may see its files."""
    fields = [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in {"inmates", "products", "exhibitions", "programs"}
        and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert len(fields) >= 8
    for model, field in fields:
        name = field.generate_filename(model(), "berkas.jpg")
        rule = media.RULES.get(name.partition("/")[0])
        assert rule is not None and (model, field.name) in rule.fields, (model, field.name, name)


# --- Efficiency, caching, nginx -------------------------------------------------------------------


def _share(image: ProductImage, products: list[Product]) -> None:
    ProductImage.objects.bulk_create(
        ProductImage(
            product=product,
            image=image.image.name,
            thumb_small=image.thumb_small.name,
            thumb_medium=image.thumb_medium.name,
            thumb_large=image.thumb_large.name,
            alt_text="x",
        )
        for product in products
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_anonymous_request_is_one_query_however_many_rows_share_the_file(prison):
    image = _image(_product(prison))
    draft = _image(_product(prison, status=Product.Status.DRAFT))
    public_url, draft_url = _url(image.thumb_medium.name), _url(draft.thumb_medium.name)
    assert _queries(Client(), public_url) == 1

    _share(image, [_product(prison, status=s) for s in NOT_PUBLIC * 5])
    _share(draft, [_product(prison, status=Product.Status.DRAFT) for _ in range(10)])

    assert _queries(Client(), public_url) == 1
    with CaptureQueriesContext(connection) as queries:
        _assert_not_found(Client().get(draft_url))
    assert len(queries) == 1


def test_officer_request_query_count_does_not_grow(prison, officer_client):
    draft = _image(_product(prison, status=Product.Status.DRAFT))
    url = _url(draft.thumb_medium.name)
    before = _queries(officer_client, url)

    _share(draft, [_product(prison, status=s) for s in NOT_PUBLIC * 5])

    assert _queries(officer_client, url) == before


def test_staff_only_kinds_cost_no_query_for_anonymous():
    with CaptureQueriesContext(connection) as queries:
        for prefix in ("consent", "agreements", "aid", "evidence"):
            _assert_not_found(Client().get(_url(f"{prefix}/ab/{'a' * 32}.pdf")))
    assert len(queries) == 0


def test_the_page_cache_never_stores_media(settings, approved_image):
    settings.PUBLIC_PAGE_CACHE = True
    settings.PUBLIC_PAGE_CACHE_SETTLE_SECONDS = 0
    caches["pages"].clear()
    url = _url(approved_image.thumb_medium.name)

    responses = [Client().get(url) for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 200]
    assert all("X-Page-Cache" not in r for r in responses)
    assert caches["pages"]._cache == {}  # locmem: nothing was stored
    assert _queries(Client(), url) == 1  # still checked on every request


def test_accel_redirect_hands_the_bytes_to_nginx_after_the_check(settings, prison):
    settings.MEDIA_ACCEL_REDIRECT = "/protected/"
    public = _image(_product(prison))
    draft = _image(_product(prison, status=Product.Status.DRAFT))

    response = Client().get(_url(public.thumb_medium.name))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected/" + public.thumb_medium.name
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""
    refused = Client().get(_url(draft.thumb_medium.name))
    _assert_not_found(refused)
    assert "X-Accel-Redirect" not in refused


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL (CI) only")
def test_lookup_uses_indexes_not_a_table_scan(prison, officer_client):
    """With 30,000 products (90% approved) and 30,000 image rows, the query of a media request
    (anonymous, and an officer's) reads neither table whole: the image rows through the
    file-column indexes (migration 0006), their products by primary key."""
    public = _image(_product(prison))
    draft = _image(_product(prison, status=Product.Status.DRAFT))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO products_product (name, slug, description, category_id, price, materials,
                size, prison_id, status, status_reason, is_featured, created_at, updated_at)
            SELECT 'Produk ' || i, 'produk-banyak-' || i, '', %s, 1000, '', '', %s,
                CASE WHEN i %% 10 = 0 THEN 'draft' ELSE 'approved' END, '', false, now(), now()
            FROM generate_series(1, 30000) AS i
            """,
            [public.product.category_id, prison.pk],
        )
        cursor.execute(
            """
            INSERT INTO products_productimage (product_id, image, thumb_small, thumb_medium,
                thumb_large, alt_text, position, created_at, width, height)
            SELECT id, 'products/zz/' || id || '.jpg', 'thumbs/' || id || '-320.jpg',
                'thumbs/' || id || '-640.jpg', 'thumbs/' || id || '-1280.jpg', 'x', 0, now(), 1, 1
            FROM products_product WHERE slug LIKE 'produk-banyak-%%'
            """
        )
        cursor.execute("ANALYZE products_productimage")
        cursor.execute("ANALYZE products_product")

    # A signed-in user's file that is not public is looked up twice: as everybody (public files are
    # answered without the session), then within the user's scope.
    cases = ((Client(), public.thumb_medium.name, 1), (officer_client, draft.thumb_large.name, 2))
    for client, name, expected_lookups in cases:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(name)).status_code == 200
        lookups = [q["sql"] for q in queries if "products_productimage" in q["sql"]]
        assert len(lookups) == expected_lookups
        for lookup in lookups:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + lookup)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            # The big tables are never read whole; a tiny one (the consents here) may be, as the
            # planner likes, depending on its statistics at the time.
            assert not re.search(r"Seq Scan on (products_product|products_productimage)\b", plan), plan
            assert "product_image_thumb_" in plan, plan


# --- Uploads on an S3-compatible store (config/s3_storage.py) ------------------------------------


class _SignedStore:
    """Stands in for CheckedS3Storage: the view only needs ``signed_url``."""

    def __init__(self):
        self.signed = []

    def signed_url(self, name, *, content_type, attachment_filename=""):
        self.signed.append((name, content_type, attachment_filename))
        return f"https://s3.example.go.id/etalase/{name}?X-Amz-Signature=abc"


@pytest.fixture
def signed_store(monkeypatch):
    store = _SignedStore()
    monkeypatch.setattr(media, "default_storage", store)
    return store


def test_s3_files_redirect_to_a_fresh_signed_link_after_the_check(approved_image, signed_store):
    name = approved_image.thumb_medium.name

    response = _client().get(_url(name))

    assert response.status_code == 302
    assert response["Location"] == f"https://s3.example.go.id/etalase/{name}?X-Amz-Signature=abc"
    assert "no-store" in response["Cache-Control"]
    assert signed_store.signed == [(name, "image/jpeg", "")]


def test_s3_files_of_unpublished_products_get_no_link(prison, other_prison, signed_store):
    image = _image(_product(prison, status=Product.Status.SUBMITTED))
    outsider = factories.make_officer(prison=other_prison)

    for client in (_client(), _client(outsider)):
        _assert_not_found(client.get(_url(image.thumb_medium.name)))
    assert signed_store.signed == []


def test_s3_other_content_is_signed_as_a_download(prison, staff_client, signed_store):
    agreement = factories.make_agreement()
    agreement.document.save("perjanjian.html", ContentFile(b"<script>alert(1)</script>"))

    response = staff_client.get(_url(agreement.document.name))

    assert response.status_code == 302
    (_, content_type, filename) = signed_store.signed[0]
    assert (content_type, filename) == ("application/octet-stream", os.path.basename(agreement.document.name))
