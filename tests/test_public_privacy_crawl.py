"""No public page, sitemap, calendar file or robots.txt ever shows an inmate's legal name,
registration number or birth year, nor anything of a maker whose consent does not allow it.

Unmistakable values are seeded into exactly those fields, with everything that could carry them
to a public page (approved products they made, exhibitions with delegations, a competition with
results, trainings with certificates), then every public URL reachable from the home page,
robots.txt and the sitemap is crawled and searched.
"""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from exhibitions.models import Competition, CompetitionEntry, Delegation, ProgrammeItem
from products.models import Product
from products.services import product_image_add
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
    make_programme_item,
    make_region,
    make_training,
    uploaded_image,
)
from tests.public_crawl import crawl

CRAWL_LIMIT = 400

# Personal data of every seeded inmate: never on a public surface, consent or not.
LEGAL_NAMES = ["ZZLEGALNAME Wahyudi", "ZZLEGALTWO Siregar", "ZZLEGALTHREE Nainggolan", "ZZLEGALFOUR Lubis"]
REGISTRATIONS = ["REG-ZZ-9911", "REG-ZZ-9922", "REG-ZZ-9933", "REG-ZZ-9944"]
# Years can appear by chance inside random file names or tokens, but never as a word of their own.
BIRTH_YEARS = [1911, 1922, 1933, 1944]

CONSENTING_NAME = "Sekar Arumdalu"
CONSENTING_STORY = "Belajar membatik tulis sejak tiga tahun lalu."
# Shown nowhere: consent withdrawn, never given for the name, or replaced by a narrower one.
WITHDRAWN_NAME = "ZZWITHDRAWN"
WITHDRAWN_STORY = "ZZSTORYGONE"
NO_NAME_CONSENT_NAME = "ZZNAMENOTPUBLIC"
NO_NAME_CONSENT_STORY = "ZZSTORYNOTPUBLIC"
NARROWED_NAME = "ZZNAMENARROWED"
NARROWED_STORY = "ZZSTORYNARROWED"
# Not public at all: a draft product, a rejected one, an unpublished exhibition, an inactive prison.
DRAFT_PRODUCT = "ZZDRAFTPRODUCT"
REJECTED_PRODUCT = "ZZREJECTEDPRODUCT"
HIDDEN_EXHIBITION = "ZZHIDDENEXPO"
INACTIVE_PRISON = "ZZINACTIVEPRISON"

FORBIDDEN = [
    *LEGAL_NAMES,
    *(name.split()[0] for name in LEGAL_NAMES),
    *REGISTRATIONS,
    *(number.removeprefix("REG-") for number in REGISTRATIONS),
    WITHDRAWN_NAME,
    WITHDRAWN_STORY,
    NO_NAME_CONSENT_NAME,
    NO_NAME_CONSENT_STORY,
    NARROWED_NAME,
    NARROWED_STORY,
    DRAFT_PRODUCT,
    REJECTED_PRODUCT,
    HIDDEN_EXHIBITION,
    INACTIVE_PRISON,
]
ALLOWED_STATUSES = {200, 301, 302, 404}


def forbidden_in(body: str) -> list[str]:
    lowered = body.lower()
    found = [value for value in FORBIDDEN if value.lower() in lowered]
    found += [str(year) for year in BIRTH_YEARS if re.search(rf"\b{year}\b", body)]
    return found


@pytest.fixture
def showcase(db):
    """A small public showcase in which every inmate carries unmistakable personal data."""
    now = timezone.now()
    region = make_region(name="Kanwil Jawa Tengah", province="Jawa Tengah", slug="jawa-tengah")
    prison = make_prison(name="Lapas Kelas I Semarang", slug="lapas-semarang", region=region,
                         public_description="Bengkel batik dan kayu jati.")
    other_prison = make_prison(name="Lapas Perempuan Kelas IIA Semarang", slug="lapas-perempuan-semarang",
                               region=region)
    make_prison(name=f"Lapas {INACTIVE_PRISON}", slug="lapas-tutup", region=region, is_active=False)

    def inmate(i, *, display_name, story, prison=prison):
        return make_inmate(
            prison=prison,
            legal_name=LEGAL_NAMES[i],
            registration_number=REGISTRATIONS[i],
            birth_year=BIRTH_YEARS[i],
            display_name=display_name,
            public_story=story,
        )

    consenting = inmate(0, display_name=CONSENTING_NAME, story=CONSENTING_STORY)
    make_consent(inmate=consenting, display_name_public=True, story_public=True)

    withdrawn = inmate(1, display_name=WITHDRAWN_NAME, story=WITHDRAWN_STORY)
    make_consent(
        inmate=withdrawn, given_on=now - datetime.timedelta(days=60),
        withdrawn_on=now - datetime.timedelta(days=1),
    )

    no_name = inmate(2, display_name=NO_NAME_CONSENT_NAME, story=NO_NAME_CONSENT_STORY, prison=other_prison)
    make_consent(inmate=no_name, display_name_public=False, story_public=True, work_photos_public=True)

    # A broad consent, withdrawn and replaced by one that keeps name and story private.
    narrowed = inmate(3, display_name=NARROWED_NAME, story=NARROWED_STORY)
    make_consent(
        inmate=narrowed, given_on=now - datetime.timedelta(days=90),
        withdrawn_on=now - datetime.timedelta(days=30),
    )
    make_consent(
        inmate=narrowed, given_on=now - datetime.timedelta(days=30),
        display_name_public=False, story_public=False,
    )

    batik = make_category(slug="batik", name_id="Batik", name_en="Batik")
    kayu = make_category(slug="kerajinan-kayu", name_id="Kerajinan kayu", name_en="Woodcraft")
    kain = make_product(name="Kain Batik Semarangan", slug="kain-batik-semarangan", category=batik,
                        prison=prison, price=850_000, is_featured=True,
                        description="Motif asem arang, pewarna alam.")
    kain.makers.add(consenting, withdrawn)
    product_image_add(product=kain, file=uploaded_image(size=(800, 600)), alt_text="Kain batik terbentang")
    meja = make_product(name="Meja Kayu Jati", slug="meja-kayu-jati", category=kayu, prison=prison,
                        price=2_400_000)
    meja.makers.add(narrowed, withdrawn)
    taplak = make_product(name="Taplak Sulam", slug="taplak-sulam", category=batik, prison=other_prison,
                          price=175_000)
    taplak.makers.add(no_name)
    make_product(name=DRAFT_PRODUCT, slug="draf", category=batik, prison=prison,
                 status=Product.Status.DRAFT).makers.add(consenting)
    make_product(name=REJECTED_PRODUCT, slug="ditolak", category=batik, prison=prison,
                 status=Product.Status.REJECTED, status_reason="Foto kurang jelas.")

    exhibition = make_exhibition(title="Pameran Produk Unggulan", slug="pameran-2018", edition=6)
    delegation = make_delegation(exhibition=exhibition, prison=prison, name="Delegasi Lapas Semarang",
                                 status=Delegation.Status.ACCEPTED)
    delegation.products.add(kain, meja)
    other_delegation = make_delegation(exhibition=exhibition, prison=other_prison,
                                       name="Delegasi Lapas Perempuan",
                                       status=Delegation.Status.ACCEPTED)
    other_delegation.products.add(taplak)
    make_programme_item(
        exhibition=exhibition, title="Demo Membatik", kind=ProgrammeItem.Kind.DEMO, host_prison=prison,
        starts_at=datetime.datetime(2018, 4, 4, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
    )
    competition = Competition.objects.create(exhibition=exhibition, title="Lomba Cinderamata Hotel",
                                             results_published=True)
    CompetitionEntry.objects.create(competition=competition, delegation=delegation, product=kain,
                                    entry_code="K-07", title="Kain batik untuk kamar hotel", rank=1,
                                    award="Juara I")
    # An upcoming one too: only those offer calendar files and the inquiry form.
    today = timezone.localdate()
    upcoming = make_exhibition(title="Pameran Karya Warga Binaan Semarang", slug="pameran-semarang",
                               start_date=today + datetime.timedelta(days=40),
                               end_date=today + datetime.timedelta(days=43))
    make_delegation(exhibition=upcoming, prison=prison, name="Delegasi Semarang",
                    status=Delegation.Status.ACCEPTED).products.add(kain, meja)
    make_programme_item(
        exhibition=upcoming, title="Peragaan Busana", kind=ProgrammeItem.Kind.FASHION_SHOW,
        host_prison=prison,
        starts_at=timezone.make_aware(datetime.datetime.combine(upcoming.start_date, datetime.time(13, 0))),
    )
    hidden = make_exhibition(title=HIDDEN_EXHIBITION, slug="pameran-tersembunyi", is_published=False)
    make_delegation(exhibition=hidden, prison=prison, status=Delegation.Status.ACCEPTED).products.add(kain)

    training = make_training(prison=prison, title="Bimtek Batik Tulis", status=Training.Status.FINISHED)
    certificates = []
    for number, person in enumerate([consenting, withdrawn, narrowed], start=1):
        participant = make_participant(training=training, inmate=person,
                                       status=TrainingParticipant.Status.CONFIRMED, passed=True)
        certificates.append(Certificate.objects.create(
            participant=participant, number=f"SERT-{number:03d}/IKM/2018",
            issued_on=datetime.date(2018, 3, 6),
        ))
    return {"kain": kain, "certificates": certificates}


def crawl_showcase(client, showcase):
    # Certificates are reached by typing their code: the public knows the codes, not the links.
    seeds = ["/", "/robots.txt", "/sitemap.xml"] + [
        f"/sertifikat/verifikasi/{certificate.verification_code}/" for certificate in showcase["certificates"]
    ]
    return crawl(client, seeds, limit=CRAWL_LIMIT)


@pytest.mark.parametrize("language", ["id", "en"])
def test_public_crawl_never_shows_personal_data_or_unconsented_makers(showcase, language):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    result = crawl_showcase(client, showcase)

    leaks = {path: found for path, body in result.bodies() if (found := forbidden_in(body))}
    assert leaks == {}
    statuses = {path: response.status_code for path, response in result.responses.items()}
    assert {path: status for path, status in statuses.items() if status not in ALLOWED_STATUSES} == {}
    assert not result.limit_reached


def test_public_crawl_reaches_every_kind_of_public_page(showcase):
    client = Client(raise_request_exception=False)
    result = crawl_showcase(client, showcase)
    visited = set(result.responses)
    expected = {
        "/",
        "/robots.txt",
        "/sitemap.xml",
        "/produk/",
        "/produk/kain-batik-semarangan/",
        "/produk/meja-kayu-jati/",
        "/produk/taplak-sulam/",
        "/pameran/",
        "/pameran/pameran-2018/",
        "/pameran/pameran-semarang/",
        "/pameran/pameran-semarang/kalender.ics",
        "/pameran/pameran-semarang/tanya/",
        "/lapas/",
        "/lapas/lapas-semarang/",
        "/lapas/lapas-perempuan-semarang/",
    }
    assert expected - visited == set()
    assert any(path.endswith("/kalender.ics") and "/acara/" in path for path in visited)
    assert any(path.startswith("/produk/?") for path in visited)  # the catalogue's filter links
    content_types = {response["Content-Type"].split(";")[0] for response in result.responses.values()}
    assert {"text/html", "application/xml", "text/calendar", "text/plain"} <= content_types


def test_public_crawl_shows_consenting_maker_on_the_product_page(showcase):
    client = Client(raise_request_exception=False)
    result = crawl_showcase(client, showcase)
    product_page = result.responses["/produk/kain-batik-semarangan/"].content.decode()
    assert CONSENTING_NAME in product_page
    assert CONSENTING_STORY in product_page
    # The certificate of the consenting holder names them; the others' do not.
    first, second, third = (
        result.responses[f"/sertifikat/verifikasi/{certificate.verification_code}/"].content.decode()
        for certificate in showcase["certificates"]
    )
    assert CONSENTING_NAME in first
    assert "SERT-002/IKM/2018" in second and CONSENTING_NAME not in second
    assert "SERT-003/IKM/2018" in third


def test_forbidden_search_sees_each_kind_of_leak():
    # The check itself: each seeded value is caught, also in another case and inside markup.
    assert forbidden_in("<td>zzlegalname wahyudi</td>") == ["ZZLEGALNAME Wahyudi", "ZZLEGALNAME"]
    assert forbidden_in("No. reg ZZ-9922") == ["ZZ-9922"]
    assert forbidden_in("lahir 1933") == ["1933"]
    assert forbidden_in('<img src="/media/thumbs/ab1911cd-1280.jpg">') == []
    assert forbidden_in("DTSTAMP:20181129T191100Z") == []


@pytest.mark.parametrize(
    "query", [LEGAL_NAMES[0], "ZZLEGALNAME", REGISTRATIONS[0], WITHDRAWN_NAME, WITHDRAWN_STORY]
)
def test_catalogue_search_by_a_persons_data_finds_no_product(client, showcase, query):
    # Products are found by their own text only: a search must not reveal who made what.
    response = client.get("/produk/", {"q": query})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert list(response.context["page"].object_list) == []
