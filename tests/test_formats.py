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


def test_indonesian_keeps_djangos_display_formats():
    with translation.override("id"):
        assert date_format(datetime.date(2026, 12, 4)) == "4 Des. 2026"
        assert get_format("DATE_INPUT_FORMATS")[0] == "%d-%m-%Y"


def test_english_shows_day_first_and_a_24_hour_clock():
    day = datetime.date(2026, 12, 4)
    moment = datetime.datetime(2026, 12, 4, 14, 30)
    with translation.override("en"):
        assert date_format(day) == "4 Dec. 2026"
        assert date_format(day, "SHORT_DATE_FORMAT") == "04/12/2026"
        assert time_format(moment) == "14:30"
        assert date_format(moment, "DATETIME_FORMAT") == "4 Dec. 2026, 14:30"
        # What the admin's calendar writes into a date box, and reads back.
        assert get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert get_format("FIRST_DAY_OF_WEEK") == 1
