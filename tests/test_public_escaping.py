"""User text is escaped everywhere: markup typed into a product, a category, a prison's
description, an exhibition, a maker's story, a search or a buyer's inquiry shows as text on every
page that shows it (and in the OpenGraph tags), never as markup."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitions.models import Delegation, ProgrammeItem
from products.services import product_image_add
from tests.factories import (
    make_category,
    make_consent,
    make_delegation,
    make_exhibition,
    make_inmate,
    make_inquiry,
    make_product,
    make_programme_item,
    uploaded_image,
)

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ATTRIBUTE_ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
RAW = [SCRIPT, "<img src=x", "onerror=alert(1)>"]


def assert_escaped(html: str, *, expect=(SCRIPT_ESCAPED, ATTRIBUTE_ESCAPED)):
    assert [raw for raw in RAW if raw in html] == []
    assert [escaped for escaped in expect if escaped not in html] == []


def meta(html: str, prop: str) -> str:
    found = re.findall(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    assert len(found) == 1, (prop, found)
    return found[0]


@pytest.fixture
def hostile(prison):
    """A product, its category, prison, maker and exhibition, each with markup in its text."""
    prison.public_description = f"Bengkel batik {SCRIPT} {ATTRIBUTE}"
    prison.save()
    category = make_category(slug="batik", name_id=f"Batik {SCRIPT}", name_en=f"Batik {ATTRIBUTE}")
    product = make_product(
        name=f"Tas {SCRIPT} {ATTRIBUTE}", slug="tas-anyaman", category=category, prison=prison,
        description=f"Anyaman pandan. {SCRIPT} {ATTRIBUTE}", materials=ATTRIBUTE, size=SCRIPT,
        is_featured=True, price=275_000,
    )
    product_image_add(product=product, file=uploaded_image(size=(800, 600)), alt_text=ATTRIBUTE)
    maker = make_inmate(prison=prison, display_name=f"Ayu {ATTRIBUTE}", public_story=f"Kisah {SCRIPT}")
    make_consent(inmate=maker)
    product.makers.add(maker)
    today = timezone.localdate()
    exhibition = make_exhibition(
        title=f"Pameran {ATTRIBUTE}", slug="pameran-xss", description=f"Deskripsi {SCRIPT}",
        start_date=today + datetime.timedelta(days=5), end_date=today + datetime.timedelta(days=7),
        venue=f"Gedung {SCRIPT}",
    )
    delegation = make_delegation(exhibition=exhibition, prison=prison, name=f"Delegasi {SCRIPT}",
                                 status=Delegation.Status.ACCEPTED)
    delegation.products.add(product)
    item = make_programme_item(
        exhibition=exhibition, kind=ProgrammeItem.Kind.DEMO, title=f"Demo {SCRIPT}\r\nATTENDEE:mailto:x@y.z",
        description=f"Acara {ATTRIBUTE}", host=ATTRIBUTE,
        starts_at=timezone.make_aware(datetime.datetime.combine(exhibition.start_date, datetime.time(10, 0))),
    )
    return {"product": product, "exhibition": exhibition, "item": item}


@pytest.mark.parametrize("url", [
    "/",
    "/produk/",
    "/produk/?category=batik",
    "/produk/tas-anyaman/",
    "/pameran/pameran-xss/",
    "/lapas/lapas-cipinang/",
])
def test_markup_in_user_text_shows_as_text(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_product_page_shows_every_hostile_field_as_text(client, hostile):
    html = client.get("/produk/tas-anyaman/").content.decode()
    assert_escaped(html)
    assert f"Ayu {ATTRIBUTE_ESCAPED}" in html  # the maker's display name
    assert f"Kisah {SCRIPT_ESCAPED}" in html  # and story
    assert f'alt="{ATTRIBUTE_ESCAPED}"' in html  # the image's alt text


def test_product_page_opengraph_tags_are_escaped(client, hostile):
    html = client.get("/produk/tas-anyaman/").content.decode()
    name = f"Tas {SCRIPT_ESCAPED} {ATTRIBUTE_ESCAPED}"
    assert meta(html, "og:title") == f"{name} · Rp 275.000 · Etalase"
    assert re.search(r"<title>(.*)</title>", html).group(1) == f"{name} · Rp 275.000 · Etalase"
    assert meta(html, "og:description") == f"Anyaman pandan. {SCRIPT_ESCAPED} {ATTRIBUTE_ESCAPED}"
    assert meta(html, "description") == f"Anyaman pandan. {SCRIPT_ESCAPED} {ATTRIBUTE_ESCAPED}"
    assert meta(html, "og:image:alt") == ATTRIBUTE_ESCAPED


def test_exhibition_page_opengraph_tags_are_escaped(client, hostile):
    html = client.get("/pameran/pameran-xss/").content.decode()
    assert meta(html, "og:title") == f"Pameran {ATTRIBUTE_ESCAPED} · Etalase"
    assert meta(html, "og:description") == f"Deskripsi {SCRIPT_ESCAPED}"


def test_prison_page_description_meta_is_escaped(client, hostile):
    html = client.get("/lapas/lapas-cipinang/").content.decode()
    assert meta(html, "og:description") == f"Bengkel batik {SCRIPT_ESCAPED} {ATTRIBUTE_ESCAPED}"


def test_search_for_markup_shows_it_as_text(client, hostile):
    response = client.get("/produk/", {"q": SCRIPT})
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html, expect=[SCRIPT_ESCAPED])
    assert meta(html, "og:title") == f"“{SCRIPT_ESCAPED}” di katalog · Etalase"


def test_sitemap_lists_the_product_by_slug_and_stays_well_formed_xml(client, hostile):
    index = client.get("/sitemap.xml").content.decode()
    assert [raw for raw in RAW if raw in index] == []
    response = client.get("/sitemap-products.xml")
    body = response.content.decode()
    assert [raw for raw in RAW if raw in body] == []
    root = ElementTree.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [element.text for element in root.findall("s:url/s:loc", namespace)]
    assert "http://testserver/produk/tas-anyaman/" in locations
    exhibitions = ElementTree.fromstring(client.get("/sitemap-exhibitions.xml").content)
    assert "http://testserver/pameran/pameran-xss/" in [e.text for e in exhibitions.findall("s:url/s:loc", namespace)]


def test_calendar_file_keeps_a_title_with_a_line_break_on_one_property(client, hostile):
    exhibition, item = hostile["exhibition"], hostile["item"]
    response = client.get(f"/pameran/{exhibition.slug}/acara/{item.pk}/kalender.ics")
    assert response.status_code == 200
    lines = response.content.decode().replace("\r\n ", "").split("\r\n")  # unfolded
    assert [line for line in lines if line.startswith("ATTENDEE")] == []
    summary = [line for line in lines if line.startswith("SUMMARY")]
    assert summary == [f"SUMMARY:Demo {SCRIPT}\\nATTENDEE:mailto:x@y.z"]


def test_inquiry_with_markup_shows_as_text_in_the_portal(officer_client, hostile):
    inquiry = make_inquiry(product=hostile["product"], buyer_name=f"Pak {ATTRIBUTE}",
                           organisation=SCRIPT, message=f"Halo {SCRIPT}\n{ATTRIBUTE}")
    response = officer_client.get(reverse("portal:inquiry-detail", args=[inquiry.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert f"Halo {SCRIPT_ESCAPED}<br>{ATTRIBUTE_ESCAPED}" in html
    listing = officer_client.get(reverse("portal:inquiry-list")).content.decode()
    assert_escaped(listing, expect=[ATTRIBUTE_ESCAPED])


def test_inquiry_with_markup_shows_as_text_in_the_admin(staff_client, hostile):
    inquiry = make_inquiry(product=hostile["product"], buyer_name=f"Pak {ATTRIBUTE}",
                           organisation=SCRIPT, message=f"Halo {SCRIPT}\n{ATTRIBUTE}")
    change = staff_client.get(reverse("admin:exhibitions_inquiry_change", args=[inquiry.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert [raw for raw in RAW if raw in html] == []
    assert f"Halo {SCRIPT_ESCAPED}<br>{ATTRIBUTE_ESCAPED}" in html  # shown read-only, line break as <br>
    listing = staff_client.get(reverse("admin:exhibitions_inquiry_changelist"))
    assert listing.status_code == 200
    assert_escaped(listing.content.decode())
