"""Dates read and shown the Indonesian way in both languages: day before month, 24-hour clock
(config/formats/en/formats.py). A member of staff who switched the admin to English and types
04/12/2026 means 4 December, as in Indonesian."""

import datetime

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format, get_format, time_format


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_typed_date_is_day_first_in_both_languages(language):
    with translation.override(language):
        assert forms.DateField().clean("04/12/2026") == datetime.date(2026, 12, 4)
        assert forms.DateField().clean("2026-12-04") == datetime.date(2026, 12, 4)
        for typed in ("04/12/2026 14:30", "04-12-2026 14.30", "04/12/2026 14.30", "2026-12-04 14:30"):
            moment = forms.DateTimeField().clean(typed)
            assert moment.replace(tzinfo=None) == datetime.datetime(2026, 12, 4, 14, 30), typed


def test_a_month_first_date_is_refused_in_english_not_misread():
    with translation.override("en"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/25/2026")


def test_indonesian_abbreviates_every_month_alike():
    """Django's "N" abbreviates some months and not others ("23 Feb. 2018", "9 Maret 2018" in one
    admin column); every date is "j M Y"."""
    with translation.override("id"):
        assert date_format(datetime.date(2026, 12, 4)) == "4 Des 2026"
        assert get_format("DATE_INPUT_FORMATS")[0] == "%d-%m-%Y"
        assert [date_format(datetime.date(2018, month, 9)) for month in (2, 3, 6, 9)] == [
            "9 Feb 2018", "9 Mar 2018", "9 Jun 2018", "9 Sep 2018"
        ]


@pytest.mark.parametrize(
    ("language", "zone", "shown"),
    [
        ("id", "Asia/Jakarta", "4 Des 2026, 14.30 WIB"),
        ("id", "Asia/Makassar", "4 Des 2026, 15.30 WITA"),
        ("id", "Asia/Jayapura", "4 Des 2026, 16.30 WIT"),
        ("en", "Asia/Makassar", "4 Dec 2026, 15:30 WITA"),
    ],
)
def test_a_moment_is_shown_with_its_zone(language, zone, shown):
    """The programme spans three zones: a moment in the back office says which one it is in."""
    from django.utils import timezone

    moment = datetime.datetime(2026, 12, 4, 7, 30, tzinfo=datetime.UTC)
    with translation.override(language), timezone.override(zone):
        assert date_format(timezone.localtime(moment), "DATETIME_FORMAT") == shown


def test_the_admin_lists_moments_with_their_zone(staff_client):
    from exhibitions.models import Inquiry
    from tests import factories

    inquiry = factories.make_inquiry()
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=datetime.datetime(2026, 12, 4, 7, 30, tzinfo=datetime.UTC))
    page = staff_client.get("/admin/exhibitions/inquiry/").content.decode()
    assert "4 Des 2026, 14.30 WIB" in page


def test_english_shows_day_first_and_a_24_hour_clock():
    day = datetime.date(2026, 12, 4)
    moment = datetime.datetime(2026, 12, 4, 14, 30)
    with translation.override("en"):
        assert date_format(day) == "4 Dec 2026"
        assert [date_format(datetime.date(2018, month, 9)) for month in (2, 3, 6, 9)] == [
            "9 Feb 2018", "9 Mar 2018", "9 Jun 2018", "9 Sep 2018"
        ]
        assert date_format(day, "SHORT_DATE_FORMAT") == "04/12/2026"
        assert time_format(moment) == "14:30"
        assert date_format(moment, "DATETIME_FORMAT") == "4 Dec 2026, 14:30 WIB"
        # What the admin's calendar writes into a date box, and reads back.
        assert get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.parametrize(("language", "shown"), [("id", "09.00"), ("en", "09:00")])
def test_a_time_of_day_is_shown_without_seconds_and_read_either_way(language, shown):
    """The exhibition's opening hours in the admin read 09.00, not 09.00.00 (the admin writes a
    time with the first input format, in its fields and its clock)."""
    with translation.override(language):
        assert forms.TimeField().widget.format_value(datetime.time(9, 0)) == shown
        for typed in ("09.00", "09:00", "09.00.00", "09:00:00"):
            assert forms.TimeField().clean(typed) == datetime.time(9, 0), typed


def test_the_admin_exhibition_form_shows_opening_hours_without_seconds(staff_client):
    from tests import factories

    exhibition = factories.make_exhibition()
    page = staff_client.get(f"/admin/exhibitions/exhibition/{exhibition.pk}/change/").content.decode()
    assert 'name="opening_time" value="09.00"' in page
    assert "09.00.00" not in page


def test_a_recorded_moment_keeps_its_seconds_when_its_admin_form_is_saved(staff_client):
    """Showing times to the minute must not cut a recorded moment short: a delegation's
    sign-up time (with seconds) survives saving its form for another change."""
    from exhibitions.models import Delegation
    from tests import factories
    from tests.admin_helpers import changeform_data

    delegation = factories.make_delegation()
    stamp = datetime.datetime(2026, 3, 1, 10, 15, 42, tzinfo=datetime.UTC)
    Delegation.objects.filter(pk=delegation.pk).update(applied_at=stamp)
    url = f"/admin/exhibitions/delegation/{delegation.pk}/change/"
    page = staff_client.get(url)
    assert 'value="17.15.42"' in page.content.decode()  # WIB, seconds kept

    data = changeform_data(page)
    assert data["applied_at_1"] == "17.15.42"
    data["notes"] = "Catatan baru"
    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    delegation.refresh_from_db()
    assert delegation.notes == "Catatan baru"
    assert delegation.applied_at == stamp


def test_the_admin_date_and_time_box_is_djangos_with_the_time_to_the_minute():
    """Same markup as Django's own split widget (a <p> of the time widget nested inside the
    field's <p> broke the page: the browser dropped the time box out of its place)."""
    from django.contrib.admin.widgets import AdminSplitDateTime

    from config.admin_input import MinuteSplitDateTimeWidget

    moment = datetime.datetime(2026, 4, 3, 9, 0)
    with translation.override("id"):
        assert MinuteSplitDateTimeWidget().render("x", moment) == AdminSplitDateTime().render("x", moment)
        assert 'value="09.00"' in MinuteSplitDateTimeWidget().render("x", moment)


def test_the_admin_date_column_has_one_format_in_english(staff_client):
    """The evidence list mixed "23 Feb. 2018", "9 March 2018" and "30 June 2018"."""
    from programs.models import Evidence
    from tests import factories

    obligation = factories.make_obligation()
    for day in (datetime.date(2018, 2, 23), datetime.date(2018, 3, 9), datetime.date(2018, 6, 30)):
        Evidence.objects.create(obligation=obligation, kind=Evidence.Kind.OTHER, date=day)
    staff_client.cookies["django_language"] = "en"

    page = staff_client.get("/admin/programs/evidence/").content.decode()

    rows = page[page.index('id="result_list"') : page.index("</table>", page.index('id="result_list"'))]
    assert all(shown in rows for shown in (">23 Feb 2018<", ">9 Mar 2018<", ">30 Jun 2018<"))
    assert "March" not in rows and "June" not in rows


MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember"]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("17 Agustus 2018", datetime.date(2018, 8, 17)),
        ("1 Juni 2018", datetime.date(2018, 6, 1)),
        ("10 Okt 2018", datetime.date(2018, 10, 10)),
        ("3 Mei 2018", datetime.date(2018, 5, 3)),
        ("17 agt 2018", datetime.date(2018, 8, 17)),
        ("17 Agu 2018", datetime.date(2018, 8, 17)),
        ("25 Des. 2018", datetime.date(2018, 12, 25)),  # as Django's "N" writes it
        ("4 Des 2026", datetime.date(2026, 12, 4)),  # as the admin shows a date ("j M Y")
        ("17 August 2018", datetime.date(2018, 8, 17)),
        ("17 Sept. 2018", datetime.date(2018, 9, 17)),
    ],
)
def test_a_date_with_the_month_s_name_is_read_in_indonesian_and_english(language, typed, day):
    """strptime reads month names in English only: "17 Agustus 2018" was not a valid date."""
    with translation.override(language):
        assert forms.DateField().clean(typed) == day
        moment = forms.SplitDateTimeField().clean([typed, "14:30"])
        assert moment.date() == day


@pytest.mark.parametrize("month", range(1, 13))
def test_every_indonesian_month_name_is_read(month):
    with translation.override("id"):
        assert forms.DateField().clean(f"5 {MONTHS_ID[month - 1]} 2019") == datetime.date(2019, month, 5)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Tulis tanggal yang benar, misalnya 17-08-2018 atau 17 Agustus 2018."),
        ("en", "Enter a real date, for example 17/08/2018 or 17 August 2018."),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_with_an_example(language, message):
    for typed in ("17 Agustusan 2018", "31 Februari 2018", "kemarin"):
        with translation.override(language):
            with pytest.raises(forms.ValidationError) as refused:
                forms.DateField().clean(typed)
            assert refused.value.messages == [message]


def test_the_admin_takes_an_aid_handed_over_on_17_agustus_2018(staff_client):
    from programs.models import Aid
    from tests import factories
    from tests.admin_helpers import admin_url, changeform_data

    url = admin_url(Aid, "add")
    data = changeform_data(staff_client.get(url))
    data.update({"kind": "equipment", "prison": str(factories.make_prison().pk), "items": "Canting",
                 "quantity": "10", "value": "1.500.000", "given_on": "17 Agustus 2018"})

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Aid.objects.get().given_on == datetime.date(2018, 8, 17)


def test_the_portal_takes_a_follow_up_dated_with_the_month_s_name(officer_client, prison):
    from django.urls import reverse

    from programs.models import FollowUp
    from tests.programs.test_followups import add_months, form_data, released

    inmate = released(prison)
    day = add_months(inmate.release_date, 6)
    typed = f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"

    response = officer_client.post(
        reverse("portal:followup-create", args=[inmate.pk]), form_data(months_after_release="6", recorded_on=typed)
    )

    assert response.status_code == 302
    assert FollowUp.objects.get().recorded_on == day


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("(021) 5255509", "(021) 5255509"),
        ("(0361)  234-567", "(0361) 234-567"),
        ("(+62) 812 3456 7890", "(+62) 812 3456 7890"),
        ("+62 21 5255509", "+62 21 5255509"),
        ("0812.3456.7890", "0812.3456.7890"),
    ],
)
def test_a_phone_number_may_start_with_its_area_code_in_brackets(typed, kept):
    from config.validators import clean_phone_number

    assert clean_phone_number(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "telepon saya", "(021", "021-1", "-021 5255509", "021 5255509 ext", "((021)) x",
        # Brackets that do not pair up (a typo the page should point out, not keep).
        "(021 5255509", "021) 5255509", "((021)) 5255509", "(021) 5255)509", "(021)) 5255509",
    ],
)
def test_what_is_no_phone_number_is_refused(typed):
    from config.validators import clean_phone_number

    with pytest.raises(forms.ValidationError) as refused:
        clean_phone_number(typed)

    assert refused.value.messages == ["Tulis nomor telepon dengan angka, mis. 0812 3456 7890 atau +62 21 123 4567."]


def test_an_area_code_in_brackets_is_one_number_with_the_country_code():
    from config.validators import phone_digits

    assert phone_digits("(021) 5255509") == phone_digits("+62 21 5255509") == "0215255509"


@pytest.mark.parametrize(
    ("language", "start", "end", "short", "shown"),
    [
        ("id", datetime.date(2018, 4, 3), datetime.date(2018, 4, 6), False, "3\u20136 April 2018"),
        ("id", datetime.date(2018, 4, 3), datetime.date(2018, 4, 3), False, "3 April 2018"),
        ("id", datetime.date(2018, 3, 29), datetime.date(2018, 4, 2), False, "29 Maret \u2013 2 April 2018"),
        ("id", datetime.date(2026, 12, 29), datetime.date(2027, 1, 2), False, "29 Desember 2026 \u2013 2 Januari 2027"),
        ("id", datetime.date(2026, 12, 29), datetime.date(2027, 1, 2), True, "29 Des 2026 \u2013 2 Jan 2027"),
        ("id", datetime.date(2026, 11, 29), datetime.date(2026, 12, 2), True, "29 Nov \u2013 2 Des 2026"),
        ("en", datetime.date(2026, 12, 29), datetime.date(2027, 1, 2), False, "29 December 2026 \u2013 2 January 2027"),
        ("en", datetime.date(2018, 4, 3), None, True, "3 Apr 2018"),
    ],
)
def test_a_span_of_days_says_each_year_it_touches(language, start, end, short, shown):
    """A span over New Year read "29 Des–2 Jan 2027" in the agreement's progress and the till
    list, as if both days were in 2027."""
    from inmates.templatetags.etalase import format_date_range

    with translation.override(language):
        assert format_date_range(start, end, short=short) == shown


def test_the_till_list_names_both_years_of_an_exhibition_over_new_year(officer_client, prison):
    from django.urls import reverse

    from tests import factories
    from tests.exhibitions.sales_helpers import make_booth

    exhibition = factories.make_exhibition(
        title="Pameran Akhir Tahun", start_date=datetime.date(2026, 12, 29), end_date=datetime.date(2027, 1, 2)
    )
    make_booth(exhibition=exhibition, prison=prison, code="A-01")

    html = officer_client.get(reverse("portal:sales-desk-list")).content.decode()

    assert "29 Des 2026 \u2013 2 Jan 2027" in html


@pytest.mark.parametrize(
    ("language", "grams", "shown"),
    [
        ("id", 350, "350 gram"),
        ("id", 1000, "1 kg"),
        ("id", 1250, "1,25 kg"),
        ("id", 1200, "1,2 kg"),
        ("id", 65_000, "65 kg"),
        ("id", 1_500_000, "1.500 kg"),
        ("en", 1250, "1.25 kg"),
        ("en", 1_500_000, "1,500 kg"),
    ],
)
def test_a_weight_is_shown_in_kilograms_from_one_kilogram(language, grams, shown):
    """A wardrobe read "65.000 gram" in the curation queue."""
    from inmates.templatetags.etalase import format_weight

    with translation.override(language):
        assert format_weight(grams) == shown


def test_an_inquirys_quantity_is_grouped_like_money(officer_client, prison):
    from django.urls import reverse

    from tests import factories

    inquiry = factories.make_inquiry(prison=prison, quantity=1000)

    listed = officer_client.get(reverse("portal:inquiry-list")).content.decode()
    detail = officer_client.get(reverse("portal:inquiry-detail", args=[inquiry.pk])).content.decode()

    assert "1.000 buah" in listed
    assert "<dd>1.000</dd>" in detail


def test_the_admin_date_and_time_boxes_each_have_a_name(staff_client):
    """Only the date box was reached by the field's label; the time box had no name at all."""
    html = staff_client.get("/admin/exhibitions/exhibition/add/").content.decode()

    assert 'aria-label="Pendaftaran dibuka: tanggal"' in html
    assert 'aria-label="Pendaftaran dibuka: jam"' in html


@pytest.mark.parametrize(
    ("language", "message"),
    [("id", "Tulis jam yang benar, misalnya 14.30."), ("en", "Enter a real time, for example 14:30.")],
)
def test_a_time_that_cannot_be_read_is_refused_with_an_example(language, message):
    """A bad-input probe typed "9" and "9 pagi" in the admin's opening time: a bare "Masukkan
    waktu yang valid.", while every date box gives an example."""
    with translation.override(language):
        for typed in ("9 pagi", "jam sembilan", "25.00"):
            with pytest.raises(forms.ValidationError) as refused:
                forms.TimeField().clean(typed)
            assert refused.value.messages == [message]
        with pytest.raises(forms.ValidationError) as refused:
            forms.SplitDateTimeField().clean(["17-08-2018", "9 pagi"])
        assert refused.value.messages == [message]
