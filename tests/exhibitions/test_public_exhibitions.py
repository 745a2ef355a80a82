"""The public exhibition list and detail pages: dates and times in the venue's zone, the programme
by day, accepted delegations only, the products shown, competition winners once published."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exhibitions.models import Booth, Competition, CompetitionEntry, Delegation, ProgrammeItem
from products.models import Product
from tests import factories

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


_INLINE_TAG = re.compile(r"</?(?:a|span|time|strong|em|b|i|code|abbr)\b[^>]*>")


def text_of(html: str) -> str:
    """The page's text as a reader sees it: inline tags dropped, other tags a space apart."""
    html = _INLINE_TAG.sub("", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def venue_today(zone=WIB) -> datetime.date:
    return timezone.now().astimezone(zone).date()


def make_competition(exhibition, **kwargs) -> Competition:
    kwargs.setdefault("title", "Lomba Cinderamata untuk Hotel")
    kwargs.setdefault("organiser", "Second Chance Foundation")
    return Competition.objects.create(exhibition=exhibition, **kwargs)


# --- list


def test_exhibition_list_splits_running_upcoming_and_past(client):
    today = venue_today()
    factories.make_exhibition(
        title="Pameran Berlangsung", slug="berlangsung",
        start_date=today - datetime.timedelta(days=2), end_date=today + datetime.timedelta(days=2),
    )
    factories.make_exhibition(
        title="Pameran Mendatang", slug="mendatang",
        start_date=today + datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=33),
    )
    factories.make_exhibition(title="Pameran Lama", slug="lama")  # 3-6 April 2018
    factories.make_exhibition(title="Pameran Draf", slug="draf", is_published=False)

    text = text_of(html_of(client.get("/pameran/")))

    order = [
        text.index("Sedang berlangsung"), text.index("Pameran Berlangsung"),
        text.index("Akan datang"), text.index("Pameran Mendatang"),
        text.index("Pameran yang telah berlangsung"), text.index("Pameran Lama"),
    ]
    assert order == sorted(order)
    assert "Pameran Draf" not in text
    assert "3–6 April 2018" in text


def test_exhibition_list_shows_hours_in_the_venues_zone(client):
    today = venue_today(WITA)
    factories.make_exhibition(
        title="Pameran Makassar", timezone="Asia/Makassar",
        start_date=today + datetime.timedelta(days=10), end_date=today + datetime.timedelta(days=13),
        opening_time=datetime.time(10, 0), closing_time=datetime.time(20, 0),
    )
    text = text_of(html_of(client.get("/pameran/")))
    assert "Setiap hari 10.00–20.00 WITA" in text


def test_exhibition_list_without_upcoming_says_so(client):
    factories.make_exhibition(title="Pameran Lama")
    text = text_of(html_of(client.get("/pameran/")))
    assert "Belum ada pameran yang dijadwalkan." in text
    assert "Sedang berlangsung" not in text


def test_exhibition_list_query_count_is_constant(client, django_assert_num_queries):
    def make(count):
        for _ in range(count):
            exhibition = factories.make_exhibition()
            factories.make_delegation(exhibition=exhibition, status=Delegation.Status.ACCEPTED)

    make(1)
    with CaptureQueriesContext(connection) as one:
        html_of(client.get("/pameran/"))
    make(3)
    with django_assert_num_queries(len(one)):
        html = html_of(client.get("/pameran/"))
    assert html.count('class="exhibition-tile') == 4


# --- detail


def test_exhibition_hours_and_programme_times_follow_the_language(client, settings):
    """A probe found "Daily 09.00–17.00 WIT" on the English page: English writes 09:00."""
    import datetime

    from exhibitions.models import ProgrammeItem

    exhibition = factories.make_exhibition(slug="pameran-2018")
    ProgrammeItem.objects.create(
        exhibition=exhibition, title="Demo Membatik", starts_at=datetime.datetime(2018, 4, 4, 3, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2018, 4, 4, 5, 0, tzinfo=datetime.UTC),
    )
    indonesian = text_of(html_of(client.get("/pameran/pameran-2018/")))
    assert "Setiap hari 09.00–17.00 WIB" in indonesian and "10.00–12.00" in indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = text_of(html_of(client.get("/pameran/pameran-2018/")))
    assert "09:00–17:00 WIB" in english and "10:00–12:00" in english


def test_exhibition_detail_shows_venue_dates_hours_and_organisers(client):
    factories.make_exhibition(
        title="Pameran Produk Unggulan Narapidana", slug="pameran-2018", edition=6,
        venue="Plasa Industri, Kementerian Perindustrian",
        address="Jl. Jend. Gatot Subroto Kav. 52-53, Jakarta Selatan",
        organisers="Direktorat Jenderal Pemasyarakatan\nDirektorat Jenderal Industri Kecil dan Menengah",
        description="Pameran keenam hasil kerja sama.",
    )
    text = text_of(html_of(client.get("/pameran/pameran-2018/")))
    assert "Pameran ke-6" in text
    assert "3–6 April 2018" in text
    assert "Setiap hari 09.00–17.00 WIB" in text
    assert (
        "Plasa Industri, Kementerian Perindustrian Jl. Jend. Gatot Subroto Kav. 52-53, Jakarta Selatan"
    ) in text
    assert "Direktorat Jenderal Pemasyarakatan Direktorat Jenderal Industri Kecil dan Menengah" in text
    assert "Pameran keenam hasil kerja sama." in text
    assert "Telah selesai" in text


def test_unpublished_exhibition_detail_is_404(client):
    factories.make_exhibition(slug="draf", is_published=False)
    response = client.get("/pameran/draf/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_exhibition_detail_programme_grouped_by_day_in_order(client):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    wib = lambda day, hour, minute=0: datetime.datetime(2018, 4, day, hour, minute, tzinfo=WIB)  # noqa: E731
    # Created out of order on purpose.
    factories.make_programme_item(
        exhibition=exhibition, title="Talk show Branding & Packaging", kind=ProgrammeItem.Kind.TALK_SHOW,
        starts_at=wib(4, 13, 30), ends_at=wib(4, 15), place="Panggung utama",
        host="Direktorat Jenderal Industri Kecil dan Menengah",
    )
    factories.make_programme_item(
        exhibition=exhibition, title="Peragaan Busana Karya Warga Binaan",
        kind=ProgrammeItem.Kind.FASHION_SHOW, starts_at=wib(3, 13), ends_at=wib(3, 14),
    )
    factories.make_programme_item(
        exhibition=exhibition, title="Demo Membatik", kind=ProgrammeItem.Kind.DEMO,
        starts_at=wib(4, 10), ends_at=wib(4, 12), place="Area demo",
        host_prison=factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang"),
    )
    factories.make_programme_item(
        exhibition=exhibition, title="Lomba Cinderamata", kind=ProgrammeItem.Kind.COMPETITION,
        starts_at=wib(5, 13), ends_at=wib(5, 16), host="Second Chance Foundation",
    )
    text = text_of(html_of(client.get("/pameran/pameran-2018/")))

    order = [
        text.index("Selasa, 3 April 2018"),
        text.index("13.00–14.00 WIB Peragaan busana Peragaan Busana Karya Warga Binaan"),
        text.index("Rabu, 4 April 2018"),
        text.index("10.00–12.00 WIB Demo Demo Membatik Area demo · Lapas Kelas I Cipinang"),
        text.index(
            "13.30–15.00 WIB Talk show Talk show Branding &amp; Packaging Panggung utama · "
            "Direktorat Jenderal Industri Kecil dan Menengah"
        ),
        text.index("Kamis, 5 April 2018"),
        text.index("13.00–16.00 WIB Lomba Lomba Cinderamata Second Chance Foundation"),
    ]
    assert order == sorted(order)


def test_exhibition_detail_in_wita_shows_wita_times(client):
    exhibition = factories.make_exhibition(
        slug="pameran-makassar", timezone="Asia/Makassar",
        start_date=datetime.date(2027, 1, 28), end_date=datetime.date(2027, 1, 31),
        opening_time=datetime.time(10, 0), closing_time=datetime.time(20, 0),
    )
    factories.make_programme_item(
        exhibition=exhibition, title="Demo Menenun Sutra Bugis",
        starts_at=datetime.datetime(2027, 1, 29, 10, 0, tzinfo=WITA),
        ends_at=datetime.datetime(2027, 1, 29, 12, 0, tzinfo=WITA),
    )
    html = html_of(client.get("/pameran/pameran-makassar/"))
    text = text_of(html)
    assert "Setiap hari 10.00–20.00 WITA" in text
    assert "Jumat, 29 Januari 2027 10.00–12.00 WITA Demo Demo Menenun Sutra Bugis" in text
    assert "09.00" not in text  # 10.00 WITA is 09.00 in Jakarta: never shown
    assert "Semua waktu dalam WITA, waktu setempat." in text
    assert 'datetime="2027-01-29T10:00:00+08:00"' in html


def test_exhibition_detail_programme_item_over_several_days_shows_its_end_date(client, settings):
    """Found by a tester: 4 Feb 10.00 to 7 Feb 19.00 read "10.00–19.00 WITA" under 4 February."""
    exhibition = factories.make_exhibition(
        slug="pameran-makassar", timezone="Asia/Makassar",
        start_date=datetime.date(2027, 2, 4), end_date=datetime.date(2027, 2, 7),
        opening_time=datetime.time(10, 0), closing_time=datetime.time(20, 0),
    )
    factories.make_programme_item(
        exhibition=exhibition, title="Lomba Cinderamata",
        starts_at=datetime.datetime(2027, 2, 4, 10, 0, tzinfo=WITA),
        ends_at=datetime.datetime(2027, 2, 7, 19, 0, tzinfo=WITA),
    )
    factories.make_programme_item(
        exhibition=exhibition, title="Demo Menenun",
        starts_at=datetime.datetime(2027, 2, 5, 13, 0, tzinfo=WITA),
        ends_at=datetime.datetime(2027, 2, 5, 15, 0, tzinfo=WITA),
    )

    html = html_of(client.get("/pameran/pameran-makassar/"))
    text = text_of(html)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = text_of(html_of(client.get("/pameran/pameran-makassar/")))

    assert "Kamis, 4 Februari 2027 10.00 – 7 Februari 2027, 19.00 WITA Demo Lomba Cinderamata" in text
    assert 'datetime="2027-02-07T19:00:00+08:00"' in html
    assert "10:00 – 7 February 2027, 19:00 WITA" in english
    # Listed again under every later day it runs on (a visitor reading 6 February's programme
    # found no competition): first what runs on from before, then the day's own items; the
    # details and the calendar link stay with its first day, and only that one has the anchor.
    continued = "Demo Lomba Cinderamata Lanjutan: mulai Kamis, 4 Februari. Lihat rinciannya: Lomba Cinderamata"
    assert f"Jumat, 5 Februari 2027 Sepanjang hari {continued} 13.00–15.00 WITA Demo Demo Menenun" in text
    assert f"Sabtu, 6 Februari 2027 Sepanjang hari {continued} Minggu, 7 Februari 2027" in text
    assert f"Minggu, 7 Februari 2027 s.d. 19.00 WITA {continued}" in text
    assert "Saturday, 6 February 2027 All day Demonstration Lomba Cinderamata Continued: from Thursday, 4 February." in english
    assert "Sunday, 7 February 2027 until 19:00 WITA Demonstration Lomba Cinderamata" in english
    assert html.count('id="acara-') == 2 and text.count("Simpan ke kalender: ") == 2


def test_programme_item_ending_at_midnight_is_not_listed_under_the_next_day():
    from exhibitions.selectors import public_programme_by_day

    exhibition = factories.make_exhibition(start_date=datetime.date(2018, 4, 3), end_date=datetime.date(2018, 4, 6))
    factories.make_programme_item(
        exhibition=exhibition, title="Malam Budaya",
        starts_at=datetime.datetime(2018, 4, 3, 19, 0, tzinfo=WIB), ends_at=datetime.datetime(2018, 4, 4, 0, 0, tzinfo=WIB),
    )

    days = public_programme_by_day(exhibition=exhibition)

    assert [(day.date, [(e.item.title, e.continued) for e in day.entries]) for day in days] == [
        (datetime.date(2018, 4, 3), [("Malam Budaya", False)])
    ]


def test_exhibition_detail_groups_by_the_venues_date_not_jakartas(client):
    exhibition = factories.make_exhibition(
        slug="pameran-jayapura", timezone="Asia/Jayapura",
        start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 2),
    )
    # 22.30 WIB on 1 March is 00.30 WIT on 2 March.
    factories.make_programme_item(
        exhibition=exhibition, title="Malam Budaya",
        starts_at=datetime.datetime(2027, 3, 1, 22, 30, tzinfo=WIB),
        ends_at=datetime.datetime(2027, 3, 1, 23, 30, tzinfo=WIB),
    )
    text = text_of(html_of(client.get("/pameran/pameran-jayapura/")))
    assert "Selasa, 2 Maret 2027 00.30–01.30 WIT" in text
    assert "Senin, 1 Maret 2027" not in text


def test_exhibition_detail_lists_only_accepted_delegations_with_booth_codes(client):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    for name, status, booth in (
        ("Delegasi Diterima Dua", Delegation.Status.ACCEPTED, "B-02"),
        ("Delegasi Diterima Satu", Delegation.Status.ACCEPTED, "A-01"),
        ("Delegasi Mendaftar", Delegation.Status.APPLIED, ""),
        ("Delegasi Ditolak", Delegation.Status.REJECTED, ""),
        ("Delegasi Batal", Delegation.Status.WITHDRAWN, "C-03"),
    ):
        delegation = factories.make_delegation(exhibition=exhibition, name=name, status=status)
        if booth:
            Booth.objects.create(exhibition=exhibition, code=booth, delegation=delegation)
    factories.make_delegation(name="Delegasi Pameran Lain", status=Delegation.Status.ACCEPTED)

    text = text_of(html_of(client.get("/pameran/pameran-2018/")))

    assert "Delegasi peserta 2" in text
    assert text.index("A-01 Delegasi Diterima Satu") < text.index("B-02 Delegasi Diterima Dua")
    absent_names = ("Delegasi Mendaftar", "Delegasi Ditolak", "Delegasi Batal", "C-03", "Delegasi Pameran Lain")
    for absent in absent_names:
        assert absent not in text


def test_exhibition_detail_shows_approved_products_of_accepted_delegations_only(client):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    accepted = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.ACCEPTED)
    applied = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.APPLIED)
    other = factories.make_delegation(status=Delegation.Status.ACCEPTED)
    shown = factories.make_product(name="Kain Batik Tulis Parang", slug="kain-batik", prison=accepted.prison)
    draft = factories.make_product(
        name="Produk Draf Stan", prison=accepted.prison, status=Product.Status.DRAFT
    )
    waiting = factories.make_product(name="Produk Delegasi Mendaftar", prison=applied.prison)
    elsewhere = factories.make_product(name="Produk Pameran Lain", prison=other.prison)
    accepted.products.set([shown, draft])
    applied.products.set([waiting])
    other.products.set([elsewhere])

    html = html_of(client.get("/pameran/pameran-2018/"))
    text = text_of(html)

    assert "Produk yang dipamerkan 1" in text
    assert "Kain Batik Tulis Parang" in text
    assert "Rp 150.000" in text
    assert 'href="/produk/kain-batik/"' in html
    for absent in ("Produk Draf Stan", "Produk Delegasi Mendaftar", "Produk Pameran Lain"):
        assert absent not in text


def test_exhibition_detail_does_not_show_makers_personal_data(client):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    delegation = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.ACCEPTED)
    maker = factories.make_inmate(
        prison=delegation.prison, legal_name="Sutrisno Namaasli", registration_number="BI-77123/2018",
    )
    product = factories.make_product(prison=delegation.prison, name="Tas Anyaman Pandan")
    product.makers.set([maker])
    delegation.products.set([product])
    html = html_of(client.get("/pameran/pameran-2018/"))
    assert "Tas Anyaman Pandan" in html
    assert "Sutrisno Namaasli" not in html
    assert "BI-77123/2018" not in html


def _competition_with_entries(*, published: bool):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    delegation = factories.make_delegation(
        exhibition=exhibition, name="Lapas Kelas IIA Kerobokan", status=Delegation.Status.ACCEPTED
    )
    second = factories.make_delegation(
        exhibition=exhibition, name="Lapas Kelas I Makassar", status=Delegation.Status.ACCEPTED
    )
    competition = make_competition(exhibition, results_published=published)
    product = factories.make_product(name="Miniatur Perahu Pinisi", slug="pinisi", prison=second.prison)
    CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, entry_code="H-317",
        title="Set Sabun Batok Kelapa", rank=2, award="Juara 2",
    )
    CompetitionEntry.objects.create(
        competition=competition, delegation=second, entry_code="H-603", product=product,
        title="Miniatur Perahu Pinisi", rank=1, award="Juara 1",
    )
    CompetitionEntry.objects.create(
        competition=competition, delegation=second, entry_code="H-999", title="Karya Tanpa Peringkat",
    )
    return competition


def test_competition_winners_hidden_until_results_published(client):
    _competition_with_entries(published=False)
    html = html_of(client.get("/pameran/pameran-2018/"))
    text = text_of(html)
    assert "Lomba Cinderamata untuk Hotel" in text
    # A past exhibition does not promise winners "after the judging" eight years on.
    assert "3 karya telah ikut serta. Hasil penjuriannya tidak diumumkan di situs ini." in text
    for hidden in ("H-317", "H-603", "H-999", "Juara 1", "Juara 2", "Set Sabun Batok Kelapa"):
        assert hidden not in text
    assert "Pemenang</h4>" not in html

    import datetime

    from django.utils import timezone

    from exhibitions.models import Exhibition

    start = timezone.localdate() + datetime.timedelta(days=30)
    Exhibition.objects.filter(slug="pameran-2018").update(start_date=start, end_date=start + datetime.timedelta(days=3))
    upcoming = text_of(html_of(client.get("/pameran/pameran-2018/")))
    assert "3 karya ikut serta. Pemenang diumumkan setelah penjurian selesai." in upcoming


def test_a_past_competition_is_told_in_the_past_tense_in_english(client):
    """A tester's probe: the 2018 exhibition's page said "8 entries are taking part" in 2026."""
    _competition_with_entries(published=False)
    client.cookies["django_language"] = "en"

    text = text_of(html_of(client.get("/pameran/pameran-2018/")))

    assert "3 entries took part. The judging results were not published on this site." in text
    assert "are taking part" not in text


def test_competition_winners_shown_in_rank_order_once_published(client):
    _competition_with_entries(published=True)
    html = html_of(client.get("/pameran/pameran-2018/"))
    text = text_of(html)
    first = text.index("1 Juara 1 Miniatur Perahu Pinisi Lapas Kelas I Makassar · kode H-603")
    second = text.index("2 Juara 2 Set Sabun Batok Kelapa Lapas Kelas IIA Kerobokan · kode H-317")
    assert first < second
    assert 'href="/produk/pinisi/">Miniatur Perahu Pinisi</a>' in html
    # An entry without rank or award is not a winner.
    assert "Karya Tanpa Peringkat" not in text
    assert "H-999" not in text


def test_competition_winner_product_not_linked_unless_approved(client):
    competition = _competition_with_entries(published=True)
    Product.objects.filter(slug="pinisi").update(status=Product.Status.DRAFT)
    html = html_of(client.get("/pameran/pameran-2018/"))
    assert "Miniatur Perahu Pinisi" in html
    assert 'href="/produk/pinisi/"' not in html
    assert competition.entries.count() == 3


def test_upcoming_exhibition_offers_calendar_files(client):
    today = venue_today()
    exhibition = factories.make_exhibition(
        slug="mendatang",
        start_date=today + datetime.timedelta(days=30), end_date=today + datetime.timedelta(days=31),
    )
    item = factories.make_programme_item(
        exhibition=exhibition,
        starts_at=datetime.datetime.combine(exhibition.start_date, datetime.time(10), tzinfo=WIB),
    )
    html = html_of(client.get("/pameran/mendatang/"))
    assert 'href="/pameran/mendatang/kalender.ics"' in html
    assert f'href="/pameran/mendatang/acara/{item.pk}/kalender.ics"' in html
    assert "Akan datang" in text_of(html)


def test_running_exhibition_shows_open_now_badge(client):
    today = venue_today()
    factories.make_exhibition(
        slug="berlangsung",
        start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=1),
        opening_time=datetime.time(0, 0), closing_time=datetime.time(23, 59, 59),
    )
    assert "Sedang buka" in text_of(html_of(client.get("/pameran/berlangsung/")))


def test_exhibition_detail_query_count_is_constant(client, django_assert_num_queries):
    exhibition = factories.make_exhibition(slug="pameran-2018")
    competition = make_competition(exhibition, results_published=True)

    def add(count):
        for i in range(count):
            delegation = factories.make_delegation(exhibition=exhibition, status=Delegation.Status.ACCEPTED)
            product = factories.make_product(prison=delegation.prison)
            delegation.products.set([product])
            factories.make_programme_item(
                exhibition=exhibition, host_prison=delegation.prison,
                starts_at=datetime.datetime(2018, 4, 3 + i, 10, 0, tzinfo=WIB),
            )
            CompetitionEntry.objects.create(
                competition=competition, delegation=delegation, product=product,
                entry_code=f"H-{delegation.pk}", title=f"Karya {delegation.pk}", rank=delegation.pk,
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        html_of(client.get("/pameran/pameran-2018/"))
    add(3)
    with django_assert_num_queries(len(one)):
        html = html_of(client.get("/pameran/pameran-2018/"))
    assert html.count('class="programme-item"') == 4
    assert html.count('class="delegation"') == 4
    assert html.count('class="winner"') == 4
