"""The exhibition's admin page reads and shows its times in the venue's zone. Found by a probe: in
Makassar's page (WITA) the programme showed the opening at 09.00-10.00 (WIB, the server's zone)
while the public page said 10.00-11.00 WITA, and an item typed as 10.00 became 11.00 WITA."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from exhibitions.models import Exhibition, ProgrammeItem
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


@pytest.fixture
def makassar():
    return factories.make_exhibition(
        title="Pameran Makassar",
        slug="pameran-makassar",
        city="Makassar",
        timezone="Asia/Makassar",
        is_published=True,
        start_date=datetime.date(2018, 4, 3),
        end_date=datetime.date(2018, 4, 6),
    )


def test_programme_typed_in_the_exhibitions_page_is_venue_time(staff_client, makassar, client):
    url = admin_url(Exhibition, "change", makassar.pk)
    data = changeform_data(staff_client.get(url))
    data.update(
        {
            "programme-TOTAL_FORMS": "1",
            "programme-0-kind": ProgrammeItem._meta.get_field("kind").choices[0][0],
            "programme-0-title": "Pembukaan",
            "programme-0-place": "Panggung utama",
            "programme-0-starts_at_0": "03-04-2018",
            "programme-0-starts_at_1": "10.00",
            "programme-0-ends_at_0": "03-04-2018",
            "programme-0-ends_at_1": "11.00",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ProgrammeItem.objects.get()
    assert item.starts_at == datetime.datetime(2018, 4, 3, 10, 0, tzinfo=WITA)
    # Shown again as typed, and on the public page as 10.00 WITA.
    page = staff_client.get(url).content.decode()
    assert 'name="programme-0-starts_at_1" value="10.00"' in page
    assert "waktu setempat di tempat pameran" in page
    public = client.get("/pameran/pameran-makassar/").content.decode()
    text = re.sub(r"<[^>]+>", "", public)
    assert "10.00–11.00" in text and "09.00–10.00" not in text
    assert "WITA" in public


def test_the_programme_list_and_item_page_speak_venue_time(staff_client, makassar):
    item = ProgrammeItem.objects.create(
        exhibition=makassar, kind=ProgrammeItem._meta.get_field("kind").choices[0][0], title="Talk show",
        place="Panggung", starts_at=datetime.datetime(2018, 4, 4, 13, 0, tzinfo=WITA),
        ends_at=datetime.datetime(2018, 4, 4, 14, 0, tzinfo=WITA),
    )

    listing = staff_client.get(admin_url(ProgrammeItem, "changelist")).content.decode()
    assert "4 Apr 2018, 13.00 WITA" in listing

    url = admin_url(ProgrammeItem, "change", item.pk)
    page = staff_client.get(url).content.decode()
    assert 'name="starts_at_1" value="13.00"' in page
    with timezone.override(WITA):  # as the page shows it (the helper reads the form's values)
        data = changeform_data(staff_client.get(url))
    assert data["starts_at_1"] == "13.00"
    data["title"] = "Talk show branding"
    assert staff_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.title == "Talk show branding"
    assert item.starts_at == datetime.datetime(2018, 4, 4, 13, 0, tzinfo=WITA)  # unchanged by the save


def test_the_booth_rows_offer_delegations_by_their_name_alone(staff_client, makassar):
    from exhibitions.models import Booth, Delegation

    delegation = factories.make_delegation(
        exhibition=makassar, name="Kanwil Sulawesi Selatan", status=Delegation.Status.ACCEPTED
    )
    Booth.objects.create(exhibition=makassar, code="A-01", delegation=delegation)

    page = staff_client.get(admin_url(Exhibition, "change", makassar.pk)).content.decode()

    assert ">Kanwil Sulawesi Selatan</option>" in page
    assert "Kanwil Sulawesi Selatan (Pameran Makassar)</option>" not in page


def test_the_page_says_its_times_are_in_the_venue_zone(staff_client, makassar):
    page = staff_client.get(admin_url(Exhibition, "change", makassar.pk)).content.decode()

    assert "Tanggal dan jam di halaman ini dalam WITA, zona waktu tempat pameran." in page
    # Each time box is labelled WITA instead of Django's "hours ahead of server time" note.
    assert re.search(r'src="/static/js/admin_venue_zone[.\w]*\.js" data-zone="WITA"', page)

    # Elsewhere time boxes are typed in the server's zone, and labelled so.
    elsewhere = staff_client.get(admin_url(Exhibition, "changelist")).content.decode()
    assert re.search(r'admin_venue_zone[.\w]*\.js" data-zone="WIB"', elsewhere)
    assert "zona waktu tempat pameran" not in elsewhere


def test_a_new_programme_item_for_an_exhibition_is_labelled_in_its_zone(staff_client, makassar):
    """"Tambah acara" with the exhibition given: the page says WITA, the zone its times are read
    in; without one, the page lists every exhibition's zone for the labels to follow the choice
    (found by a probe: the boxes said WIB while the time was saved in WITA)."""
    given = staff_client.get("/admin/exhibitions/programmeitem/add/", {"exhibition": makassar.pk}).content.decode()
    assert 'data-zone="WITA"' in given
    assert "dalam WITA, zona waktu tempat pameran" in given

    chosen_later = staff_client.get("/admin/exhibitions/programmeitem/add/").content.decode()
    assert 'data-zone-field="exhibition"' in chosen_later
    zones = re.search(r'data-exhibition-zones="([^"]*)"', chosen_later).group(1)
    assert f"&quot;{makassar.pk}&quot;: &quot;WITA&quot;" in zones


# --- Days at the venue in the sales and programme lists -----------------------------------------
# Found by a tester: the sales list's date hierarchy grouped days in the server's zone (WIB), so
# a sale at 00.30 WIT on 6 December (22.30 WIB on the 5th) was listed under the 5th, while the
# report and the sales desk count it on the 6th.

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WIT = zoneinfo.ZoneInfo("Asia/Jayapura")


@pytest.fixture
def jayapura():
    return factories.make_exhibition(
        title="Pameran Jayapura", city="Jayapura", timezone="Asia/Jayapura",
        start_date=datetime.date(2026, 12, 5), end_date=datetime.date(2026, 12, 7),
    )


def _listed(client, model, **params) -> list:
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_the_sales_list_shows_a_day_at_each_sales_venue(staff_client, jayapura):
    from exhibitions.models import Sale

    jakarta = factories.make_exhibition(
        title="Pameran Jakarta", start_date=datetime.date(2026, 12, 5), end_date=datetime.date(2026, 12, 7)
    )
    papua = factories.make_sale(
        delegation=factories.make_delegation(exhibition=jayapura),
        sold_at=datetime.datetime(2026, 12, 6, 0, 30, tzinfo=WIT),  # 22.30 WIB on the 5th
    )
    java = factories.make_sale(
        delegation=factories.make_delegation(exhibition=jakarta),
        sold_at=datetime.datetime(2026, 12, 5, 22, 30, tzinfo=WIB),  # the same moment
    )

    assert _listed(staff_client, Sale, hari="2026-12-06") == [papua]
    assert _listed(staff_client, Sale, hari="2026-12-05") == [java]
    assert _listed(staff_client, Sale, hari="2026-12-06", exhibition__id__exact=jayapura.pk) == [papua]
    # The days offered are the chosen exhibition's, and no day of the server's zone is drawn.
    page = staff_client.get(admin_url(Sale, "changelist"), {"exhibition__id__exact": jayapura.pk})
    html = page.content.decode()
    assert re.findall(r'\?exhibition__id__exact=\d+&amp;hari=([\d-]+)"', html) == [
        "2026-12-05", "2026-12-06", "2026-12-07"
    ]
    assert ">Min, 6 Des 2026</a>" in html
    assert "sold_at__day" not in html


def test_the_programme_list_shows_a_day_at_the_venue(staff_client, jayapura):
    early = factories.make_programme_item(
        exhibition=jayapura, title="Senam pagi", starts_at=datetime.datetime(2026, 12, 6, 1, 0, tzinfo=WIT)
    )
    factories.make_programme_item(
        exhibition=jayapura, title="Penutupan", starts_at=datetime.datetime(2026, 12, 5, 20, 0, tzinfo=WIT)
    )

    assert _listed(staff_client, ProgrammeItem, hari="2026-12-06") == [early]


@pytest.mark.parametrize("day", ["6-12-2026", "2026-02-30", "0001-01-01", "tomorrow"])
def test_a_day_that_is_no_day_is_a_bad_filter(staff_client, day):
    from exhibitions.models import Sale

    response = staff_client.get(admin_url(Sale, "changelist"), {"hari": day})

    assert (response.status_code, response["Location"]) == (302, "/admin/exhibitions/sale/?e=1")


def test_the_sales_list_of_one_day_takes_as_many_queries_with_more_sales(staff_client, jayapura):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exhibitions.models import Sale

    delegation = factories.make_delegation(exhibition=jayapura)
    params = {"exhibition__id__exact": jayapura.pk, "hari": "2026-12-06"}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(admin_url(Sale, "changelist"), params)
        return len(queries)

    factories.make_sale(delegation=delegation, sold_at=datetime.datetime(2026, 12, 6, 10, 0, tzinfo=WIT))
    count()  # warm-up: what a first request caches is not counted
    one = count()
    for minute in range(5):
        factories.make_sale(delegation=delegation, sold_at=datetime.datetime(2026, 12, 6, 11, minute, tzinfo=WIT))

    assert len(_listed(staff_client, Sale, **params)) == 6
    assert count() == one
