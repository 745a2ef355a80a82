"""Indonesian formats: Django's, except the date-and-time input formats, which in Django's
Indonesian locale read 04/12/2026 14.30 month-first (12 April). Here a date is always day-first,
and the time may be written 14.30 or 14:30."""

from django.conf.locale.id.formats import *  # noqa: F403  (everything else as Django has it)

# "M", not Django's "N": N abbreviates some months and not others ("23 Feb. 2018", "9 Maret 2018"
# in one admin column); M is always three letters (4 Des 2026).
DATE_FORMAT = "j M Y"
# A moment carries its zone (4 Des 2026, 14.30 WIB): the programme spans WIB, WITA and WIT, and
# an unlabelled time in the back office could be read in any of them.
DATETIME_FORMAT = "j M Y, H.i T"
TIME_FORMAT = "H.i"  # 09.00 (Django's G.i writes 9.00); English writes 09:00
SHORT_DATETIME_FORMAT = "d-m-Y H.i T"

DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H.%M.%S",
    "%d-%m-%Y %H.%M",
    "%d/%m/%Y %H.%M.%S",
    "%d/%m/%Y %H.%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]

# A time of day is written 09.00, as people write it (Django's first format, which the admin
# writes into its fields and its clock, would show 09.00.00); seconds are still read.
TIME_INPUT_FORMATS = ["%H.%M", "%H.%M.%S", "%H:%M", "%H:%M:%S"]
