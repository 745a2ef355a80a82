"""Search engines and link previews: a specific <title> and meta description on every public page,
OpenGraph tags with absolute URLs (the product's large thumbnail, the exhibition's banner, else the
default image), a canonical link, /sitemap.xml with the public pages only, and /robots.txt."""

import datetime
import html as html_lib
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import timezone
from PIL import Image

from exhibitions.models import Delegation
from products.models import Product
from products.services import product_image_add
from programs.models import Certificate, Training, TrainingParticipant
from tests.factories import (
    image_bytes,
    make_category,
    make_consent,
    make_delegation,
    make_exhibition,
    make_inmate,
    make_participant,
    make_prison,
    make_product,
    make_region,
    make_training,
    uploaded_image,
)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DEFAULT_TITLE = "Etalase: karya warga binaan pemasyarakatan"
DEFAULT_DESCRIPTION = "Etalase produk unggulan karya warga binaan pemasyarakatan Indonesia."


def meta(html: str, prop: str) -> str | None:
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    assert len(found) <= 1, (prop, found)
    return html_lib.unescape(found[0]) if found else None


def title(html: str) -> str:
    return html_lib.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def canonical(html: str) -> str | None:
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    assert len(found) <= 1, found
    return html_lib.unescape(found[0]) if found else None


@pytest.fixture
def site(db):
    region = make_region(name="Kanwil Bali", province="Bali", slug="bali")
    prison = make_prison(name="Lapas Kelas IIA Kerobokan", slug="lapas-kerobokan", region=region,
                         public_description="Bengkel ukir kayu dan anyaman ata sejak 2012.")
    inactive = make_prison(name="Lapas Tutup", slug="lapas-tutup", region=region, is_active=False)
    category = make_category(slug="kerajinan-kayu", name_id="Kerajinan kayu")
    topeng = make_product(name="Topeng Kayu Ukir Bali", slug="topeng-kayu", category=category, prison=prison,
                          description="Topeng kayu pule diukir dan dicat tangan.", price=450_000)
    product_image_add(
        product=topeng, file=uploaded_image(size=(1600, 1200)), alt_text="Topeng berwarna merah"
    )
    tas = make_product(
        name="Tas Anyaman Ata", slug="tas-ata", category=category, prison=prison, price=300_000
    )
    make_product(name="Produk Draf", slug="produk-draf", category=category, prison=prison,
                 status=Product.Status.DRAFT)
    make_product(name="Produk Lapas Tutup", slug="produk-lapas-tutup", category=category, prison=inactive)
    today = timezone.localdate()
    exhibition = make_exhibition(title="Pameran Bali", slug="pameran-bali",
                                 description="Ukiran, anyaman dan tenun karya warga binaan Bali.",
                                 start_date=today + datetime.timedelta(days=20),
                                 end_date=today + datetime.timedelta(days=22))
    bannered = make_exhibition(title="Pameran Berspanduk", slug="pameran-spanduk")
    bannered.banner.save("spanduk.jpg", SimpleUploadedFile("spanduk.jpg", image_bytes(size=(1200, 630))))
    make_exhibition(title="Pameran Draf", slug="pameran-draf", is_published=False)
    delegation = make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    delegation.products.add(topeng)
    maker = make_inmate(prison=prison, display_name="Wayan")
    make_consent(inmate=maker)
    training = make_training(prison=prison, status=Training.Status.FINISHED)
    certificate = Certificate.objects.create(
        participant=make_participant(
            training=training, inmate=maker, status=TrainingParticipant.Status.CONFIRMED
        ),
        number="SERT-7/2018", issued_on=datetime.date(2018, 3, 6),
    )
    return {"topeng": topeng, "tas": tas, "exhibition": exhibition, "bannered": bannered,
            "certificate": certificate}


def public_pages(site) -> dict[str, str]:
    return {
        "home": "/",
        "catalogue": "/produk/",
        "product": "/produk/topeng-kayu/",
        "product-without-image": "/produk/tas-ata/",
        "exhibition-list": "/pameran/",
        "exhibition": "/pameran/pameran-bali/",
        "exhibition-with-banner": "/pameran/pameran-spanduk/",
        "exhibition-inquiry": "/pameran/pameran-bali/tanya/",
        "prison-list": "/lapas/",
        "prison": "/lapas/lapas-kerobokan/",
        "certificate-form": "/sertifikat/verifikasi/",
        "certificate": f"/sertifikat/verifikasi/{site['certificate'].verification_code}/",
        "about": "/tentang/",
    }


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_public_page_has_its_own_title_and_description(client, site):
    seen = {name: get_html(client, url) for name, url in public_pages(site).items()}
    titles = {name: title(html) for name, html in seen.items()}
    descriptions = {name: meta(html, "description") for name, html in seen.items()}
    assert titles == {
        "home": DEFAULT_TITLE,
        "catalogue": "Katalog produk · Etalase",
        "product": "Topeng Kayu Ukir Bali · Rp 450.000 · Etalase",
        "product-without-image": "Tas Anyaman Ata · Rp 300.000 · Etalase",
        "exhibition-list": "Pameran · Etalase",
        "exhibition": "Pameran Bali · Etalase",
        "exhibition-with-banner": "Pameran Berspanduk · Etalase",
        "exhibition-inquiry": "Tanya tentang Pameran Bali · Etalase",
        "prison-list": "Lapas dan rutan · Etalase",
        "prison": "Lapas Kelas IIA Kerobokan · Etalase",
        "certificate-form": "Verifikasi sertifikat · Etalase",
        "certificate": "Verifikasi sertifikat SERT-7/2018 · Etalase",
        "about": "Tentang program · Etalase",
    }
    assert {name: text for name, text in descriptions.items() if not text or len(text) < 30} == {}
    assert descriptions["product"] == "Topeng kayu pule diukir dan dicat tangan."
    assert descriptions["product-without-image"] == (
        "Tas Anyaman Ata, karya warga binaan Lapas Kelas IIA Kerobokan."
    )
    assert descriptions["exhibition"] == "Ukiran, anyaman dan tenun karya warga binaan Bali."
    assert descriptions["prison"] == "Bengkel ukir kayu dan anyaman ata sejak 2012."
    assert descriptions["home"] != DEFAULT_DESCRIPTION  # the home page says what is in it
    # Pages about different things describe themselves differently.
    specific = {name: text for name, text in descriptions.items() if not name.startswith("certificate")}
    assert len(set(specific.values())) == len(specific)


def test_every_public_page_has_opengraph_tags_matching_its_title_and_description(client, site):
    for name, url in public_pages(site).items():
        html = get_html(client, url)
        assert meta(html, "og:title") == title(html), name
        assert meta(html, "og:description") == meta(html, "description"), name
        assert meta(html, "og:site_name") == "Etalase", name
        assert meta(html, "og:locale") == "id_ID", name
        assert meta(html, "og:url") == canonical(html) == f"http://testserver{url}", name
        assert meta(html, "og:image").startswith("http://testserver/"), name
        assert meta(html, "twitter:card") == "summary_large_image", name
        assert meta(html, "og:type") == ("product" if name.startswith("product") else "website"), name


def test_product_page_opengraph_image_is_the_large_thumbnail(client, site):
    html = get_html(client, "/produk/topeng-kayu/")
    image = site["topeng"].images.get()
    assert meta(html, "og:image") == f"http://testserver{image.thumb_large.url}"
    assert image.thumb_large.url != image.image.url  # never the original upload
    assert meta(html, "og:image:alt") == "Topeng berwarna merah"
    assert meta(html, "og:image:width") is None  # the size of the default image only


def test_exhibition_page_opengraph_image_is_its_banner(client, site):
    html = get_html(client, "/pameran/pameran-spanduk/")
    assert meta(html, "og:image") == f"http://testserver{site['bannered'].banner.url}"
    assert meta(html, "og:image:alt") == "Pameran Berspanduk"


@pytest.mark.parametrize("url", ["/", "/produk/tas-ata/", "/pameran/pameran-bali/", "/lapas/"])
def test_pages_without_an_image_use_the_default_opengraph_image(client, site, url):
    html = get_html(client, url)
    assert meta(html, "og:image") == "http://testserver/static/img/og-default.png"
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(html, "og:image:alt") == "Etalase"


def test_default_opengraph_image_is_1200_by_630_in_the_palette():
    path = Path(settings.BASE_DIR) / "static" / "img" / "og-default.png"
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
        rgb = image.convert("RGB")
        assert rgb.getpixel((10, 10)) == (0x27, 0x30, 0x6B)  # indigo background
        # Off-white text is on it.
        assert (0xFA, 0xF8, 0xF4) in {colour for _, colour in rgb.getcolors(maxcolors=1 << 20)}


def test_canonical_link_leaves_out_query_strings_and_uses_the_request_scheme(client, site):
    html = get_html(client, "/lapas/?utm_source=wa&x=1")
    assert canonical(html) == "http://testserver/lapas/"
    secure = client.get("/lapas/lapas-kerobokan/", secure=True).content.decode()
    assert canonical(secure) == meta(secure, "og:url") == "https://testserver/lapas/lapas-kerobokan/"
    assert meta(secure, "og:image") == "https://testserver/static/img/og-default.png"


def test_catalogue_canonical_link_keeps_its_filters_and_page(client, site):
    html = get_html(client, "/produk/?category=kerajinan-kayu&sort=price_asc")
    assert canonical(html) == meta(html, "og:url") == (
        "http://testserver/produk/?category=kerajinan-kayu&sort=price_asc"
    )
    assert html.count('rel="canonical"') == 1


def test_english_pages_say_so_in_opengraph(client, site):
    client.cookies["django_language"] = "en"
    html = get_html(client, "/produk/topeng-kayu/")
    assert '<html lang="en">' in html
    assert meta(html, "og:locale") == "en_US"


def test_verification_and_error_pages_are_not_indexed(client, site):
    code = site["certificate"].verification_code
    for url in ["/sertifikat/verifikasi/", f"/sertifikat/verifikasi/{code}/"]:
        assert meta(get_html(client, url), "robots") == "noindex", url
    missing = client.get("/produk/tidak-ada/")
    assert missing.status_code == 404
    assert meta(missing.content.decode(), "robots") == "noindex"


# --- sitemap.xml


def sitemap_entries(client) -> dict[str, dict]:
    """Every address of the sitemap: /sitemap.xml is an index of the sections' pages."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ElementTree.fromstring(response.content)
    sections = [element.text for element in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert sections
    entries = {}
    for section in sections:
        page = client.get(section.removeprefix("http://testserver"))
        assert page.status_code == 200, section
        for url in ElementTree.fromstring(page.content).findall("s:url", SITEMAP_NS):
            location = url.find("s:loc", SITEMAP_NS).text
            lastmod = url.find("s:lastmod", SITEMAP_NS)
            entries[location] = {"lastmod": lastmod.text if lastmod is not None else None}
    return entries


def test_the_sitemap_is_an_index_of_pages_of_at_most_2000_addresses(client, site, monkeypatch):
    """One page of every approved product took 2.9 s at 42,000 and was too big to cache (found by
    a probe at national scale): the sections come in pages."""
    from programs import sitemaps

    monkeypatch.setattr(sitemaps.ProductSitemap, "limit", 2)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [element.text for element in index.findall("s:sitemap/s:loc", SITEMAP_NS)]

    assert "http://testserver/sitemap-products.xml" in sections
    assert "http://testserver/sitemap-products.xml?p=2" in sections
    assert sitemaps.SITEMAP_PAGE_SIZE == 2000
    assert all(model.limit == 2000 for name, model in sitemaps.SITEMAPS.items() if name not in ("pages", "products"))
    assert client.get("/sitemap-products.xml?p=3").status_code == 404


def test_the_sitemap_index_reads_no_product_rows(client, site):
    """Django's index took each section's latest change by reading every item (0.3 s at 42,000
    products): the products' comes from one MAX."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    latest = datetime.datetime(2030, 1, 2, 3, 4, tzinfo=datetime.UTC)
    Product.objects.filter(pk=site["topeng"].pk).update(updated_at=latest)
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").content.decode()

    reads = [q["sql"] for q in queries if '"products_product"' in q["sql"]]
    assert reads and all("COUNT(" in sql or "MAX(" in sql for sql in reads), reads
    assert "<lastmod>2030-01-02T" in index


def test_sitemap_lists_exactly_the_public_pages(client, site):
    locations = set(sitemap_entries(client))
    assert locations == {
        "http://testserver/",
        "http://testserver/produk/",
        "http://testserver/pameran/",
        "http://testserver/lapas/",
        "http://testserver/tentang/",
        "http://testserver/produk/topeng-kayu/",
        "http://testserver/produk/tas-ata/",
        # An approved product of an inactive prison is still public (its page shows it).
        "http://testserver/produk/produk-lapas-tutup/",
        "http://testserver/pameran/pameran-bali/",
        "http://testserver/pameran/pameran-spanduk/",
        "http://testserver/lapas/lapas-kerobokan/",
    }


def test_sitemap_never_lists_private_or_unpublished_urls(client, site):
    locations = "\n".join(sitemap_entries(client))
    for fragment in ("/admin/", "/portal/", "/masuk/", "/keluar/", "/i18n/", "produk-draf", "pameran-draf",
                     "/lapas/lapas-tutup/", "/sertifikat/"):
        assert fragment not in locations


def test_sitemap_every_listed_page_answers_200(client, site):
    for location in sitemap_entries(client):
        path = location.removeprefix("http://testserver")
        assert client.get(path).status_code == 200, path


def test_sitemap_gives_products_their_last_change(client, site):
    topeng = site["topeng"]
    changed = datetime.datetime(2018, 4, 2, 9, 0, tzinfo=datetime.UTC)
    Product.objects.filter(pk=topeng.pk).update(updated_at=changed)
    entries = sitemap_entries(client)
    assert entries["http://testserver/produk/topeng-kayu/"]["lastmod"] == "2018-04-02"
    assert entries["http://testserver/pameran/pameran-bali/"]["lastmod"] is None  # not known


# --- robots.txt


def test_robots_txt_disallows_the_private_areas_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = [line for line in response.content.decode().splitlines() if line and not line.startswith("#")]
    assert rules == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /portal/",
        "Disallow: /i18n/",
        "Disallow: /masuk/",
        "Disallow: /keluar/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_robots_txt_sitemap_address_follows_the_host_and_scheme(client, db, settings):
    settings.ALLOWED_HOSTS = ["etalase.example.go.id"]
    response = client.get("/robots.txt", secure=True, HTTP_HOST="etalase.example.go.id")
    assert "Sitemap: https://etalase.example.go.id/sitemap.xml" in response.content.decode().splitlines()


# --- the template tags behind the head


def test_capture_tag_collapses_whitespace_and_keeps_escaping_once():
    template = Template(
        "{% load seo %}{% capture as text %}  Tas <b>{{ name }}</b>\n  anyaman {% endcapture %}[{{ text }}]"
    )
    assert template.render(Context({"name": "<i>&</i>"})) == "[Tas <b>&lt;i&gt;&amp;&lt;/i&gt;</b> anyaman]"


def test_absolute_url_tag_without_a_request_gives_the_path():
    template = Template("{% load seo %}{% absolute_url path %}")
    assert template.render(Context({"path": "/produk/?a=1&b=2"})) == "/produk/?a=1&amp;b=2"


@pytest.mark.django_db
def test_sitemap_answers_only_get_and_head(client):
    assert client.get("/sitemap.xml").status_code == 200
    assert client.head("/sitemap.xml").status_code == 200
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/sitemap.xml").status_code == 405, method
