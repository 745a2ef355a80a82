import datetime

from django.template import Context, Template
from django.utils import timezone

from inmates.templatetags.etalase import format_rupiah


def test_rupiah_uses_dots_and_no_decimals():
    assert [format_rupiah(v) for v in (0, 1500, 150000, 1250000, -5000, None)] == [
        "Rp 0",
        "Rp 1.500",
        "Rp 150.000",
        "Rp 1.250.000",
        "-Rp 5.000",
        "",
    ]


def test_in_zone_shows_the_venue_time_through_the_time_filter():
    moment = timezone.make_aware(datetime.datetime(2027, 1, 28, 10, 0), timezone=datetime.timezone(datetime.timedelta(hours=8)))
    template = Template('{% load etalase %}{{ t|in_zone:"Asia/Makassar"|time:"H.i" }} {{ t|in_zone:"Asia/Jayapura"|time:"H.i" }} {{ t|time:"H.i" }}')

    assert template.render(Context({"t": moment})) == "10.00 11.00 09.00"


def test_moment_writes_date_and_time_the_languages_way():
    """Found by a probe: English pages showed Indonesian times ("10.30")."""
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    when = datetime.datetime(2026, 12, 5, 3, 30, tzinfo=datetime.UTC)  # 10.30 WIB, 11.30 WITA
    template = Template(
        '{% load etalase tz %}{{ when|moment }}|{{ when|moment:"zone" }}|{{ when|moment:"short zone" }}|'
        '{{ when|timezone:"Asia/Makassar"|moment:"zone" }}'
    )
    with translation.override("id"):
        assert template.render(Context({"when": when})) == (
            "5 Desember 2026, 10.30|5 Desember 2026, 10.30 WIB|5 Des 2026, 10.30 WIB|5 Desember 2026, 11.30 WITA"
        )
    with translation.override("en"):
        assert template.render(Context({"when": when})) == (
            "5 December 2026, 10:30|5 December 2026, 10:30 WIB|5 Dec 2026, 10:30 WIB|5 December 2026, 11:30 WITA"
        )
