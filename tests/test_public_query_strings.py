"""Whatever the query string, a public page answers 200, a redirect to its canonical URL (which
itself answers 200), or a 404 with a clear message: never a 500.

The catalogue drops what it cannot use (bad numbers, unknown slugs, unknown parameters) and
redirects to the canonical URL of what is left; the other pages ignore parameters they do not
know. Tested as a table of cases and with hypothesis.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibitions.models import Delegation
from programs.models import Certificate, Training, TrainingParticipant
from tests.factories import (
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
)


@pytest.fixture
def showcase(db):
    region = make_region(name="Kanwil Bali", province="Bali", slug="bali")
    prison = make_prison(name="Lapas Kelas IIA Kerobokan", slug="lapas-kerobokan", region=region)
    batik = make_category(slug="batik", name_id="Batik")
    make_category(slug="anyaman", name_id="Anyaman")
    exhibition = make_exhibition(title="Pameran Bali", slug="pameran-bali",
                                 start_date=timezone.localdate() + datetime.timedelta(days=10),
                                 end_date=timezone.localdate() + datetime.timedelta(days=12))
    make_exhibition(title="Pameran Draf", slug="pameran-draf", is_published=False)
    delegation = make_delegation(exhibition=exhibition, prison=prison, status=Delegation.Status.ACCEPTED)
    for i in range(30):  # more than one page of 24
        product = make_product(name=f"Kain Batik Bali {i}", slug=f"kain-batik-bali-{i}", category=batik,
                               prison=prison, price=100_000 + i * 10_000)
        delegation.products.add(product)
    maker = make_inmate(prison=prison, display_name="Made")
    make_consent(inmate=maker)
    training = make_training(prison=prison, status=Training.Status.FINISHED)
    participant = make_participant(
        training=training, inmate=maker, status=TrainingParticipant.Status.CONFIRMED
    )
    certificate = Certificate.objects.create(participant=participant, number="SERT-9/2018",
                                             issued_on=datetime.date(2018, 3, 6))
    return {"certificate": certificate}


def settle(client, url: str, *, final_statuses=(200,)):
    """GET ``url``; a redirect must lead, in one step, to a page of this site that answers with
    one of ``final_statuses`` (the catalogue's canonical URL never redirects again)."""
    response = client.get(url)
    assert response.status_code in (200, 301, 302, 404), (url, response.status_code)
    if response.status_code in (301, 302):
        target = response["Location"]
        assert target.startswith("/"), (url, target)
        final = client.get(target)
        assert final.status_code in final_statuses, (url, target, final.status_code)
        return response, final
    return response, response


UNREAD = "unread price"
CATALOGUE_CASES = [
    # (query string, where the catalogue settles: None = answered directly with 200)
    ("page=abc", "/produk/"),
    ("page=-1", "/produk/"),
    ("page=0", "/produk/"),
    ("page=1", "/produk/"),
    ("page=1.5", "/produk/"),
    ("page=%00", "/produk/"),
    ("page=" + "9" * 5000, "/produk/"),
    ("page=2&page=abc", "/produk/"),
    ("min_price=-5", UNREAD),
    ("max_price=abc", UNREAD),
    ("min_price=1e9999", UNREAD),
    ("max_price=99999999999999999999999999", UNREAD),
    ("min_price=" + "9" * 5000, UNREAD),
    ("min_price=Rp%20150.000", "/produk/?min_price=150000"),
    # Read as every form reads rupiah: cents of zero and ",-" are whole rupiah, a fraction is no
    # price (the catalogue's own reader made "150.000,00" Rp 15.000.000 and "1,5" Rp 15).
    ("max_price=150.000,00", "/produk/?max_price=150000"),
    ("max_price=Rp%20150.000,-", "/produk/?max_price=150000"),
    ("max_price=Rp150.000%2C0", "/produk/?max_price=150000"),
    ("max_price=1,5", UNREAD),
    # Written as visitors write prices (a visitor probe: each was "tidak terbaca").
    ("max_price=50rb", "/produk/?max_price=50000"),
    ("max_price=50%20ribu", "/produk/?max_price=50000"),
    ("max_price=100k", "/produk/?max_price=100000"),
    ("max_price=1%2C5%20juta", "/produk/?max_price=1500000"),
    ("max_price=1%2C5jt", "/produk/?max_price=1500000"),
    ("max_price=IDR%20100000", "/produk/?max_price=100000"),
    ("max_price=Rp%2050rb", "/produk/?max_price=50000"),
    ("max_price=1%2C2345%20juta", UNREAD),
    ("max_price=1.5", UNREAD),
    ("max_price=150.000,50", UNREAD),
    ("max_price=%E2%88%92150.000", UNREAD),
    ("min_price=500000&max_price=1000", "/produk/?min_price=1000&max_price=500000"),
    ("price_min=-5&price_max=abc", "/produk/"),
    ("q=%00", "/produk/"),
    ("q=batik%00", "/produk/"),
    ("q=%ff%fe", "/produk/?q=%EF%BF%BD%EF%BF%BD"),
    ("q=%ZZ", "/produk/?q=%25ZZ"),
    ("q=%27%20OR%201%3D1--", "/produk/?q=%27+OR+1%3D1--"),
    ("q=%26%7C!():*", "/produk/?q=%26%7C%21%28%29%3A%2A"),
    ("q=batik&q=kayu", "/produk/?q=kayu"),
    ("category=nope", "/produk/"),
    ("category=%00", "/produk/"),
    ("category=batik%00", "/produk/"),
    ("category=%3Cscript%3E", "/produk/"),
    ("category=batik&category=anyaman", "/produk/?category=anyaman"),
    ("region=nope", "/produk/"),
    ("region=%00", "/produk/"),
    ("prison=nope", "/produk/"),
    ("prison=%00", "/produk/"),
    ("exhibition=nope", "/produk/"),
    ("exhibition=pameran-draf", "/produk/"),
    ("exhibition=%00", "/produk/"),
    ("sort=nope", "/produk/"),
    ("sort=relevance", "/produk/"),
    ("sort=%00", "/produk/"),
    ("foo=bar", "/produk/"),
    ("q=%F0%9F%98%80", None),  # emoji only: no word to search for, nothing to rank by
    ("q=%E2%80%8F%D8%A8%D8%A7%D8%AA%D9%8A%D9%83", None),  # right-to-left mark and Arabic script
    ("q=%25_", None),
    ("q=%5C", None),
    ("page=99999", None),  # past the end: the last page
    ("page=2", None),
]


@pytest.mark.parametrize(("query", "settles_at"), CATALOGUE_CASES)
def test_catalogue_query_string_case_never_fails(client, showcase, query, settles_at):
    response, final = settle(client, f"/produk/?{query}")
    if settles_at is UNREAD:
        # A price not read as rupiah stays in its box with the reason, the rest of the catalogue
        # shown; such a page is kept by no cache (any text would fill it).
        assert response.status_code == 200
        assert response.context["price_errors"]
        assert "tidak terbaca, jadi tidak dipakai untuk menyaring" in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert response.context["page"].paginator.count == 30
    elif settles_at is None:
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, settles_at)
    if settles_at == "/produk/":  # everything dropped: the whole catalogue
        assert final.context["page"].paginator.count == 30


def test_catalogue_query_of_10_kilobytes_is_cut_to_100_characters(client, showcase):
    response, final = settle(client, "/produk/?" + urlencode({"q": "batik " * 1707}))
    assert response.status_code == 302
    assert final.context["filters"].q == " ".join(["batik"] * 17)[:100].strip()


def test_catalogue_page_past_the_end_shows_the_last_page(client, showcase):
    response = client.get("/produk/?page=99999")
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 6


def test_catalogue_emoji_search_lists_everything_newest_first(client, showcase):
    response = client.get("/produk/?q=%F0%9F%98%80")
    assert response.status_code == 200
    assert response.context["filters"].q == "😀"
    names = [product.name for product in response.context["page"].object_list]
    assert names[:2] == ["Kain Batik Bali 29", "Kain Batik Bali 28"]


OTHER_CASES = [
    ("/pameran/?page=abc&q=%00", 200),
    ("/pameran/?status=%3Cscript%3E&year=-1", 200),
    ("/lapas/?page=-1&region=nope", 200),
    ("/lapas/?q=" + "x" * 10240, 200),
    ("/pameran/pameran-bali/?page=99999&x=%00", 200),
    ("/lapas/lapas-kerobokan/?page=abc&sort=nope", 200),
    ("/produk/kain-batik-bali-1/?page=abc&q=%00", 200),
    ("/sitemap-products.xml?p=abc", 404),
    ("/sitemap-products.xml?p=-1", 404),
    ("/sitemap-products.xml?p=99999", 404),
    ("/sitemap-nothing.xml", 404),
    ("/sitemap.xml?p=abc", 200),
    ("/sitemap-products.xml?p=%00", 404),
    ("/robots.txt?x=%00", 200),
    ("/sertifikat/verifikasi/?kode=%00", 200),
    ("/sertifikat/verifikasi/?kode=" + "A" * 10000, 200),
    ("/sertifikat/verifikasi/?kode=%F0%9F%98%80", 200),
    ("/sertifikat/verifikasi/%00/", 404),
    ("/sertifikat/verifikasi/%F0%9F%98%80/", 404),
    ("/sertifikat/verifikasi/" + "A" * 300 + "/", 404),
    ("/permintaan/terkirim/?produk=%00&pameran=%3Cscript%3E", 200),
    ("/permintaan/terkirim/?nomor=%00", 200),
    ("/permintaan/terkirim/?nomor=99999999999999999999999", 200),
    ("/permintaan/terkirim/?produk=kain-batik-bali-1&produk=x", 200),
    ("/pameran/pameran-bali/tanya/?x=%00", 200),
    ("/pameran/pameran-bali/kalender.ics?x=%00", 200),
    ("/pameran/pameran-bali/acara/99999999999999999999/kalender.ics", 404),
]


@pytest.mark.parametrize(("url", "status"), OTHER_CASES)
def test_public_page_query_string_case_never_fails(client, showcase, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status == 404 and response["Content-Type"].startswith("text/html"):
        body = response.content.decode()
        assert "Halaman tidak ditemukan" in body or "Tidak ada sertifikat dengan kode" in body


def test_certificate_code_with_nul_byte_is_not_found_with_a_clear_message(client, showcase):
    response = client.get("/sertifikat/verifikasi/AB%00CD/")
    assert response.status_code == 404
    assert "Tidak ada sertifikat dengan kode" in response.content.decode()


def test_certificate_code_with_separators_and_lower_case_is_found(client, showcase):
    code = showcase["certificate"].verification_code
    response = client.get(f"/sertifikat/verifikasi/{code[:4].lower()}-{code[4:]}/")
    assert response.status_code == 200
    assert "SERT-9/2018" in response.content.decode()


# --- hypothesis: random query strings --------------------------------------------------------

KNOWN_NAMES = ["q", "page", "category", "region", "prison", "exhibition", "min_price", "max_price", "sort"]
# Text as it arrives in a URL: any unicode (NUL, emoji, right-to-left marks, combining marks),
# numbers in every shape, and the slugs that exist.
values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from([
        "batik", "anyaman", "bali", "lapas-kerobokan", "pameran-bali", "pameran-draf", "relevance",
        "newest", "price_asc", "price_desc", "name", "Rp 150.000", "1.000.000", "", " ", "\x00",
    ]),
)
names = st.one_of(st.sampled_from(KNOWN_NAMES), st.text(min_size=1, max_size=12))
query_lists = st.lists(st.tuples(names, values), max_size=8)
HYPOTHESIS = settings(
    max_examples=60, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _url(path: str, params) -> str:
    # Django's test client would drop parameters with empty names; a browser sends them.
    return f"{path}?{urlencode(params)}"


@HYPOTHESIS
@given(params=query_lists)
def test_catalogue_any_query_string_settles_on_a_canonical_page(showcase, params):
    client = Client(raise_request_exception=False)
    response, final = settle(client, _url("/produk/", params))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/produk/")
    assert final.context["page"].paginator.count <= 30


@HYPOTHESIS
@given(params=query_lists, path=st.sampled_from([
    "/pameran/", "/lapas/", "/pameran/pameran-bali/", "/lapas/lapas-kerobokan/", "/produk/kain-batik-bali-3/",
    "/sertifikat/verifikasi/", "/permintaan/terkirim/", "/sitemap.xml", "/",
]))
def test_public_pages_any_query_string_never_fails(showcase, params, path):
    client = Client(raise_request_exception=False)
    # A valid-looking certificate code redirects to its page, which says "not found" (404).
    response, _ = settle(client, _url(path, params), final_statuses=(200, 404))
    if path == "/sitemap.xml":
        assert response.status_code in (200, 404)
    elif path != "/sertifikat/verifikasi/":
        assert response.status_code == 200


@HYPOTHESIS
@given(code=st.text(max_size=60))
def test_certificate_any_code_in_the_path_never_fails(showcase, code):
    client = Client(raise_request_exception=False)
    response = client.get("/sertifikat/verifikasi/" + urlencode({"": code})[1:] + "/")
    # 429: past the misses one address may look up in an hour (the examples share the cache).
    assert response.status_code in (200, 301, 302, 404, 429)
