"""English as used in Indonesia: the day before the month and a 24-hour clock, as in Indonesian.

Django's English formats are American: a date typed as 04/12/2026 would be read as 12 April, not
4 December, by a member of staff who switched the admin to English, and lists would show
"Dec. 4, 2026, 2:30 p.m.". Month-first input formats are left out on purpose, so that
04/12/2026 means 4 December in both languages.
"""

# "M", not Django's "N": N abbreviates some months and not others ("23 Feb. 2018", "9 March
# 2018", "30 June 2018" in one admin column); M is always three letters.
DATE_FORMAT = "j M Y"  # 4 Dec 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i T"  # with the zone: the programme spans WIB, WITA and WIT
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i T"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 04/12/2026
    "%Y-%m-%d",  # 2026-12-04
    "%d-%m-%Y",  # 04-12-2026
    "%d/%m/%y",  # 04/12/26
    "%d %b %Y",  # 4 Dec 2026
    "%d %B %Y",  # 4 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H.%M",
    "%d-%m-%Y %H.%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%H.%M.%S"]  # the admin writes the first
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
