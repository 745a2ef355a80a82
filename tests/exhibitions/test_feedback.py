"""Visitors: the daily count (staff) and feedback from the QR code on a booth label (public,
rate limited, with a honeypot)."""

import datetime
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from exhibitions.models import Booth, Delegation, VisitorCount, VisitorFeedback
from exhibitions.services import (
    FEEDBACK_RATE_LIMIT,
    exhibition_today,
    visitor_count_day_error,
    visitor_count_record,
)
from products.models import Product
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stand():
    # Under way (feedback is taken from the first day until FEEDBACK_DAYS_AFTER after the last).
    today = timezone.localdate()
    exhibition = factories.make_exhibition(
        title="Pameran Produk Unggulan 2018", slug="pameran-2018",
        start_date=today - datetime.timedelta(days=2), end_date=today + datetime.timedelta(days=1),
    )
    prison = factories.make_prison(name="Lapas Kelas IIA Kerobokan")
    delegation = factories.make_delegation(
        exhibition=exhibition, prison=prison, name="Lapas Kelas IIA Kerobokan", status=Delegation.Status.ACCEPTED
    )
    product = factories.make_product(prison=prison, name="Set Sabun Batok Kelapa", slug="set-sabun")
    delegation.products.add(product)
    booth = Booth.objects.create(exhibition=exhibition, code="A-07", zone="Zona A", delegation=delegation)
    return {"exhibition": exhibition, "booth": booth, "product": product}


def _url(stand, **params):
    url = reverse("public:feedback", args=[stand["exhibition"].slug])
    query = {"stan": stand["booth"].code, "produk": stand["product"].slug} | params
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items() if v is not None)


# --- The form ---------------------------------------------------------------------------------------


def test_feedback_form_names_the_product_and_booth_and_offers_five_ratings(client, stand):
    response = client.get(_url(stand))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Set Sabun Batok Kelapa" in content
    assert "Stan A-07" in content
    assert content.count('name="rating"') == 5
    assert [value for value, _label in response.context["form"].fields["rating"].choices] == [5, 4, 3, 2, 1]


def test_feedback_post_stores_rating_comment_booth_and_product(client, stand):
    response = client.post(_url(stand), {"rating": "5", "comment": "  Wangi dan rapi.  "})

    assert response.status_code == 302
    assert response["Location"] == reverse("public:feedback-thanks", args=["pameran-2018"]) + "?produk=set-sabun"
    feedback = VisitorFeedback.objects.get()
    assert (feedback.exhibition, feedback.booth, feedback.product, feedback.rating, feedback.comment) == (
        stand["exhibition"],
        stand["booth"],
        stand["product"],
        5,
        "Wangi dan rapi.",
    )


def test_feedback_thanks_page_links_back(client, stand):
    response = client.get(reverse("public:feedback-thanks", args=["pameran-2018"]) + "?produk=set-sabun")

    content = response.content.decode()
    assert "Terima kasih atas masukan Anda" in content
    assert reverse("public:product-detail", args=["set-sabun"]) in content
    assert reverse("public:exhibition-detail", args=["pameran-2018"]) in content


def test_feedback_without_rating_shows_the_error_and_keeps_the_comment(client, stand):
    response = client.post(_url(stand), {"comment": "Bagus"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"rating": ["Pilih jumlah bintang, 1 sampai 5."]}
    assert "Bagus</textarea>" in response.content.decode()
    assert not VisitorFeedback.objects.exists()


@pytest.mark.parametrize("rating", ["0", "6", "lima"])
def test_feedback_rating_outside_one_to_five_is_refused(client, stand, rating):
    response = client.post(_url(stand), {"rating": rating})

    assert response.status_code == 200
    assert response.context["form"].errors["rating"] == ["Pilih jumlah bintang, 1 sampai 5."]
    assert not VisitorFeedback.objects.exists()


def test_feedback_honeypot_pretends_success_and_saves_nothing(client, stand):
    response = client.post(_url(stand), {"rating": "1", "comment": "spam", "situs": "http://spam.example"})

    assert response.status_code == 302
    assert not VisitorFeedback.objects.exists()


def test_feedback_rate_limited_per_address_with_a_clear_message(client, stand):
    for _ in range(FEEDBACK_RATE_LIMIT):
        assert client.post(_url(stand), {"rating": "4"}).status_code == 302

    response = client.post(_url(stand), {"rating": "3", "comment": "Sekali lagi"})

    assert response.status_code == 429
    content = response.content.decode()
    assert "Terlalu banyak masukan dari jaringan Anda." in content
    assert "Sekali lagi</textarea>" in content
    assert VisitorFeedback.objects.count() == FEEDBACK_RATE_LIMIT
    other_address = client.post(_url(stand), {"rating": "3"}, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_feedback_unknown_or_foreign_booth_and_product_are_left_out(client, stand):
    Booth.objects.create(exhibition=factories.make_exhibition(), code="Z-01")
    draft = factories.make_product(prison=stand["product"].prison, slug="draf", status=Product.Status.DRAFT)
    stand["booth"].delegation.products.add(draft)

    for query in ({"stan": "Z-01", "produk": "draf"}, {"stan": "%00", "produk": "tidak-ada"}):
        response = client.post(_url(stand, **query), {"rating": "2"})
        assert response.status_code == 302

    assert list(VisitorFeedback.objects.values_list("booth", "product", "rating")) == [(None, None, 2)] * 2


def test_feedback_of_an_unpublished_exhibition_is_not_found(client, stand):
    stand["exhibition"].is_published = False
    stand["exhibition"].save()

    assert client.get(_url(stand)).status_code == 404
    assert client.post(_url(stand), {"rating": "5"}).status_code == 404
    assert not VisitorFeedback.objects.exists()


def test_feedback_form_without_parameters_asks_about_the_exhibition(client, stand):
    response = client.get(reverse("public:feedback", args=["pameran-2018"]))

    assert "Bagaimana pameran ini menurut Anda?" in response.content.decode()


# --- Visitor counts (staff) ---------------------------------------------------------------------------


def test_visitor_count_record_creates_then_corrects_the_day(staff_user):
    exhibition = factories.make_exhibition()
    day = datetime.date(2018, 4, 4)

    visitor_count_record(exhibition=exhibition, day=day, count=900, user=staff_user)
    visitor_count_record(exhibition=exhibition, day=day, count=965, user=staff_user)

    row = VisitorCount.objects.get()
    assert (row.day, row.count, row.recorded_by) == (day, 965, staff_user)


def test_visitor_count_record_refuses_a_day_outside_the_exhibition(staff_user):
    exhibition = factories.make_exhibition()

    with pytest.raises(ValidationError) as raised:
        visitor_count_record(exhibition=exhibition, day=datetime.date(2018, 4, 7), count=10, user=staff_user)

    assert raised.value.message_dict["day"] == ["Pilih salah satu hari pameran (3 April 2018 sampai 6 April 2018)."]
    assert not VisitorCount.objects.exists()


def test_visitor_count_page_saves_the_days_count(staff_client, staff_user):
    exhibition = factories.make_exhibition()
    url = reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk])

    page = staff_client.get(url)
    response = staff_client.post(url, {"day": "2018-04-05", "count": "1012"}, follow=True)

    assert page.status_code == 200
    assert page.context["form"].initial["day"] in (exhibition.start_date, exhibition.end_date)
    assert [str(m) for m in response.context["messages"]] == ["Jumlah pengunjung 5 April 2018 tersimpan: 1.012."]
    assert list(VisitorCount.objects.values_list("day", "count", "recorded_by")) == [
        (datetime.date(2018, 4, 5), 1012, staff_user.pk)
    ]
    assert response.context["total"] == 1012


def test_visitor_count_page_shows_errors_next_to_the_field(staff_client):
    exhibition = factories.make_exhibition()
    url = reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk])

    response = staff_client.post(url, {"day": "2018-05-01", "count": "-3"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "day": ["Pilih salah satu hari pameran (3 April 2018 sampai 6 April 2018)."],
        "count": ["Jumlah tidak boleh negatif."],
    }
    response = staff_client.post(url, {"day": "2018-05-01", "count": "3"})
    assert response.context["form"].errors == {
        "day": ["Pilih salah satu hari pameran (3 April 2018 sampai 6 April 2018)."]
    }
    assert not VisitorCount.objects.exists()


def _running_for_months():
    """An exhibition that began yesterday at its venue (WITA) and runs three months."""
    today = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Makassar")).date()
    return factories.make_exhibition(
        timezone="Asia/Makassar", start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=90)
    ), today


def test_visitor_count_record_refuses_a_day_still_to_come_at_the_venue(staff_user):
    """Found by a tester: 1,500 visitors two months ahead were "saved"."""
    exhibition, today = _running_for_months()
    ahead = today + datetime.timedelta(days=60)

    with pytest.raises(ValidationError) as raised:
        visitor_count_record(exhibition=exhibition, day=ahead, count=1500, user=staff_user)
    visitor_count_record(exhibition=exhibition, day=today, count=150, user=staff_user)

    assert raised.value.message_dict["day"] == [
        f"{date_format(ahead, 'j F Y')} belum tiba: jumlah pengunjung dicatat pada atau setelah harinya."
    ]
    assert list(VisitorCount.objects.values_list("day", "count")) == [(today, 150)]


def test_visitor_count_day_is_judged_by_the_date_at_the_venue():
    # 16.30 UTC on 3 April 2018: 3 April in Jakarta, already 4 April in Makassar (WITA).
    now = datetime.datetime(2018, 4, 3, 16, 30, tzinfo=datetime.UTC)
    jakarta = factories.make_exhibition()
    makassar = factories.make_exhibition(timezone="Asia/Makassar")
    day = datetime.date(2018, 4, 4)

    assert visitor_count_day_error(exhibition=jakarta, day=day, today=exhibition_today(exhibition=jakarta, now=now)).code == "not_yet"
    assert visitor_count_day_error(exhibition=makassar, day=day, today=exhibition_today(exhibition=makassar, now=now)) is None


def test_visitor_count_page_refuses_a_day_still_to_come_beside_the_field(staff_client):
    exhibition, today = _running_for_months()
    ahead = today + datetime.timedelta(days=60)
    url = reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk])

    response = staff_client.post(url, {"day": ahead.isoformat(), "count": "1500"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "day": [f"{date_format(ahead, 'j F Y')} belum tiba: jumlah pengunjung dicatat pada atau setelah harinya."]
    }
    assert [(d["date"], d["to_come"]) for d in response.context["days"][:3]] == [
        (today - datetime.timedelta(days=1), False), (today, False), (today + datetime.timedelta(days=1), True)
    ]
    html = response.content.decode()
    assert f'<option value="{ahead.isoformat()}" disabled>' in html
    assert '<option value="" selected>Pilih hari</option>' in html
    assert not VisitorCount.objects.exists()


def test_visitor_count_page_preselects_today_at_the_venue_once_the_exhibition_has_begun(staff_client):
    exhibition, today = _running_for_months()

    page = staff_client.get(reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk]))

    assert page.context["form"].initial["day"] == today
    assert f'<option value="{today.isoformat()}" selected>' in page.content.decode()


def test_visitor_count_page_of_an_upcoming_exhibition_preselects_no_day(staff_client):
    """Found by a tester: the first day was chosen as if it were today."""
    start = timezone.localdate() + datetime.timedelta(days=23)
    exhibition = factories.make_exhibition(start_date=start, end_date=start + datetime.timedelta(days=4))

    page = staff_client.get(reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk]))

    html = page.content.decode()
    assert page.context["form"].initial["day"] is None
    assert '<option value="" selected>Pilih hari</option>' in html
    assert html.count(" disabled>") == 5
    assert f"Pameran belum dimulai: jumlah pengunjung dapat dicatat mulai {date_format(start, 'j F Y')}." in html


def test_visitor_count_admin_refuses_a_day_still_to_come(staff_client):
    from tests.admin_helpers import admin_url, changeform_data

    exhibition, today = _running_for_months()
    ahead = today + datetime.timedelta(days=60)
    url = admin_url(VisitorCount, "add")
    data = changeform_data(staff_client.get(url))
    data.update(exhibition=str(exhibition.pk), day=ahead.isoformat(), count="1500")

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["day"] == [
        f"{date_format(ahead, 'j F Y')} belum tiba: jumlah pengunjung dicatat pada atau setelah harinya."
    ]
    assert not VisitorCount.objects.exists()


def test_visitor_count_page_needs_the_change_permission(corrections_client):
    exhibition = factories.make_exhibition()

    response = corrections_client.get(reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk]))

    assert response.status_code == 403


def test_visitor_count_admin_refuses_a_day_outside_the_exhibition(staff_client):
    from tests.admin_helpers import admin_url, changeform_data

    exhibition = factories.make_exhibition()
    url = admin_url(VisitorCount, "add")
    data = changeform_data(staff_client.get(url))
    data.update(exhibition=str(exhibition.pk), day="2018-04-09", count="50")

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["day"] == [
        "Pilih salah satu hari pameran (3 April 2018 sampai 6 April 2018)."
    ]
    assert not VisitorCount.objects.exists()


def test_feedback_before_the_exhibition_opens_is_refused_with_its_opening_date(client, stand):
    """Found by a probe: feedback about an exhibition months away was stored."""
    from django.utils import timezone

    exhibition = stand["exhibition"]
    start = timezone.localdate() + datetime.timedelta(days=60)
    exhibition.start_date, exhibition.end_date = start, start + datetime.timedelta(days=3)
    exhibition.save()

    page = client.get(_url(stand))
    posted = client.post(_url(stand), {"rating": "5", "comment": "bagus"})

    for response in (page, posted):
        assert response.status_code == 200
        content = response.content.decode()
        assert "Masukan dapat dikirim mulai" in content
        assert 'name="rating"' not in content
    assert not VisitorFeedback.objects.exists()

    # From its first day (at the venue) it is taken.
    exhibition.start_date = timezone.localdate()
    exhibition.save()
    assert client.post(_url(stand), {"rating": "5", "comment": "bagus"}).status_code == 302
    assert VisitorFeedback.objects.count() == 1


def test_feedback_closes_thirty_days_after_the_last_day(client):
    """Found by a new user's probe: the 2018 fair still took ratings "to pass on to the makers"
    eight years later. Until 30 days after the last day a visitor who kept the label may rate."""
    from exhibitions.models import VisitorFeedback

    today = timezone.localdate()
    recent = factories.make_exhibition(start_date=today - datetime.timedelta(days=33), end_date=today - datetime.timedelta(days=30))
    old = factories.make_exhibition(start_date=today - datetime.timedelta(days=34), end_date=today - datetime.timedelta(days=31))

    taken = client.post(reverse("public:feedback", args=[recent.slug]), {"rating": "4"})
    page = client.get(reverse("public:feedback", args=[old.slug]))
    refused = client.post(reverse("public:feedback", args=[old.slug]), {"rating": "4"})

    assert taken.status_code == 302
    closed = (
        f"Masukan untuk pameran ini sudah ditutup pada {date_format(today - datetime.timedelta(days=1), 'j F Y')}, "
        "30 hari setelah pameran selesai."
    )
    assert closed in page.content.decode() and 'name="rating"' not in page.content.decode()
    assert closed in refused.content.decode()
    assert VisitorFeedback.objects.filter(exhibition=old).count() == 0



def test_visitor_counts_and_stock_lines_show_when_they_were_recorded_on_the_venue_s_clock(staff_client, staff_user):
    # Found by a staff probe: 15.20 WIB on the pages of a fair in Jayapura, whose other pages say
    # 17.20 WIT.
    from exhibitions.models import StockLine

    exhibition = factories.make_exhibition(timezone="Asia/Jayapura")
    moment = datetime.datetime(2018, 4, 4, 8, 20, tzinfo=datetime.UTC)  # 17.20 WIT
    count = VisitorCount.objects.create(exhibition=exhibition, day=datetime.date(2018, 4, 4), count=40, recorded_by=staff_user)
    VisitorCount.objects.filter(pk=count.pk).update(recorded_at=moment)
    delegation = factories.make_delegation(exhibition=exhibition, status="accepted")
    product = factories.make_product(prison=delegation.prison)
    line = StockLine.objects.create(delegation=delegation, product=product, brought_in=5, recorded_by=staff_user)
    StockLine.objects.filter(pk=line.pk).update(recorded_at=moment)

    pages = [
        staff_client.get(reverse("admin:exhibitions_exhibition_visitors", args=[exhibition.pk])),
        staff_client.get(reverse("admin:exhibitions_visitorcount_changelist")),
        staff_client.get(reverse("admin:exhibitions_stockline_changelist")),
        staff_client.get(reverse("admin:exhibitions_stockline_change", args=[line.pk])),
    ]

    for page in pages:
        html = page.content.decode()
        assert "17.20 WIT" in html, page.request["PATH_INFO"]
        assert "15.20 WIB" not in html


def test_a_visitor_count_s_recording_moment_is_shown_not_a_box(staff_client, staff_user):
    exhibition = factories.make_exhibition()
    count = VisitorCount.objects.create(exhibition=exhibition, day=datetime.date(2018, 4, 4), count=40, recorded_by=staff_user)

    form = staff_client.get(reverse("admin:exhibitions_visitorcount_change", args=[count.pk])).context["adminform"].form

    assert set(form.fields) == {"exhibition", "day", "count"}


def test_a_long_comment_is_refused_beside_the_box_with_every_word_kept(client, stand):
    """Found by a bad-input probe: the box's maxlength made the browser cut a pasted 1,880-letter
    comment at 1,000 without a word, and the cut text was stored. The box has no maxlength now
    (templates/django/forms/widgets/textarea.html); the form says so and keeps the text."""
    page = client.get(_url(stand)).content.decode()
    comment = "Produk bagus dan rapi. " * 80 + "AKHIR"

    response = client.post(_url(stand), {"rating": "5", "comment": comment})

    assert re.search(r"<textarea[^>]*maxlength", page) is None
    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == ["Komentar paling panjang 1.000 huruf."]
    assert comment in response.content.decode()
    assert not VisitorFeedback.objects.exists()


def test_a_refused_feedback_is_announced_with_the_focus_and_ties_each_field_to_its_message(client, stand):
    """Found by an accessibility probe: the page came back with the focus at its top, nothing
    announced, the comment box only red and the stars not marked at all."""
    fresh = client.get(_url(stand)).content.decode()
    page = client.post(_url(stand), {"comment": "Bagus " * 300}).content.decode()

    summary = re.search(r'<div class="alert alert-danger[^"]*" role="alert" tabindex="-1" data-focus-on-load>', page)
    box = re.search(r"<textarea[^>]*>", page).group()
    stars = re.findall(r'<input type="radio"[^>]*>', page)
    assert summary and "data-focus-on-load" not in fresh
    assert 'aria-invalid="true"' in box and 'aria-describedby="comment-error"' in box
    assert 'id="comment-error">Komentar paling panjang 1.000 huruf.<' in page
    assert len(stars) == 5 and all('aria-describedby="rating-error"' in s and 'aria-invalid="true"' in s for s in stars)
    assert 'id="rating-error">Pilih jumlah bintang' in page
