"""Dates typed with the month's name, in Indonesian as in English: "17 Agustus 2018", "1 Juni 2018",
"10 Okt 2018", "17 Aug. 2018".

The input formats of both languages (config/formats/) hold ``%d %B %Y`` and ``%d %b %Y``, but
Python's strptime reads month names only in English, whatever the active language: "17 Agustus
2018" was "Masukkan tanggal yang valid." in the admin while "17 August 2018" passed, and a date
as the admin itself shows it ("4 Des 2026") could not be typed back.
:func:`install` (``InmatesConfig.ready``) makes every date box of the project (Django's
``forms.DateField``: admin, portal, the date half of the admin's date-and-time boxes) read a
month's Indonesian or English name or abbreviation, and say in its refusal how a date is written.
"""

import datetime
import re

from django import forms
from django.utils.formats import date_format, get_format
from django.utils.functional import lazy
from django.utils.translation import gettext

_MONTH_WORDS = {
    1: ("januari", "jan", "january"),
    2: ("februari", "pebruari", "feb", "peb", "february"),
    3: ("maret", "mar", "mrt", "march"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "jun", "june"),
    7: ("juli", "jul", "july"),
    8: ("agustus", "agu", "agt", "ags", "aug", "august"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "okt", "oct", "october"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "des", "dec", "december"),
}
_MONTH_BY_WORD = {word: month for month, words in _MONTH_WORDS.items() for word in words}
# strptime's own (English, C locale) full names, which %B reads in any case.
_ENGLISH = {month: datetime.date(2000, month, 1).strftime("%B") for month in _MONTH_WORDS}
_WORD = re.compile(r"[^\W\d_]+\.?")


def month_names_in_english(value: str) -> str:
    """``value`` with each month's name or abbreviation (Indonesian or English, any case, with or
    without a dot) written as strptime's English full name; other words are left as they are."""

    def english(match: re.Match) -> str:
        month = _MONTH_BY_WORD.get(match.group().rstrip(".").casefold())
        return _ENGLISH[month] if month else match.group()

    return _WORD.sub(english, value)


def _example_date_message() -> str:
    example = datetime.date(2018, 8, 17)  # day and month cannot be mistaken for each other
    return gettext("Tulis tanggal yang benar, misalnya %(short)s atau %(long)s.") % {
        "short": example.strftime(get_format("DATE_INPUT_FORMATS")[0]),
        "long": date_format(example, "j F Y"),
    }


invalid_date_message = lazy(_example_date_message, str)


def _example_time_message() -> str:
    example = datetime.time(14, 30)
    return gettext("Tulis jam yang benar, misalnya %(example)s.") % {
        "example": example.strftime(get_format("TIME_INPUT_FORMATS")[0]),
    }


# "9" or "9 pagi" in a time box was told a bare "Masukkan waktu yang valid." (a bad-input probe).
invalid_time_message = lazy(_example_time_message, str)


def install() -> None:
    """Make Django's date box read month names in both languages and give an example when it
    refuses a date. Called once, from ``InmatesConfig.ready``."""
    strptime = forms.DateField.strptime
    if getattr(strptime, "reads_month_names", False):
        return

    def strptime_with_month_names(self, value, format):
        if "%b" in format or "%B" in format:
            value, format = month_names_in_english(value), format.replace("%b", "%B")
        return strptime(self, value, format)

    strptime_with_month_names.reads_month_names = True
    forms.DateField.strptime = strptime_with_month_names
    forms.DateField.default_error_messages = {
        **forms.DateField.default_error_messages,
        "invalid": invalid_date_message(),
    }
    forms.SplitDateTimeField.default_error_messages = {
        **forms.SplitDateTimeField.default_error_messages,
        "invalid_date": invalid_date_message(),
        "invalid_time": invalid_time_message(),
    }
    forms.TimeField.default_error_messages = {
        **forms.TimeField.default_error_messages,
        "invalid": invalid_time_message(),
    }
