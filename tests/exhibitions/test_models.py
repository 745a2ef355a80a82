import datetime
import zoneinfo

import pytest
from django.db import IntegrityError, transaction

from exhibitions.models import (
    Competition,
    CompetitionEntry,
    Criterion,
    Delegation,
    Exhibition,
    Inquiry,
    JudgeScore,
    ProgrammeItem,
    Sale,
    VisitorCount,
)
from inmates import roles
from tests import factories

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def _competition(**kwargs) -> Competition:
    if "exhibition" not in kwargs:
        kwargs["exhibition"] = factories.make_exhibition()
    kwargs.setdefault("title", "Lomba Desain Batik")
    return Competition.objects.create(**kwargs)


def _entry(*, competition: Competition, code: str = "A01") -> CompetitionEntry:
    delegation = factories.make_delegation(exhibition=competition.exhibition)
    return CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, entry_code=code, title="Kain batik parang"
    )


def _wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


def _wita(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WITA)


# --- Exhibition ---------------------------------------------------------------------------------


def test_exhibition_end_before_start_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_exhibition(
            start_date=datetime.date(2018, 4, 6), end_date=datetime.date(2018, 4, 3)
        )
    assert Exhibition.objects.count() == 0


def test_exhibition_one_day_allowed():
    exhibition = factories.make_exhibition(
        start_date=datetime.date(2018, 4, 3), end_date=datetime.date(2018, 4, 3)
    )
    assert Exhibition.objects.get(pk=exhibition.pk).end_date == datetime.date(2018, 4, 3)


def test_exhibition_closing_at_opening_time_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_exhibition(opening_time=datetime.time(9), closing_time=datetime.time(9))
    assert Exhibition.objects.count() == 0


def test_exhibition_closing_before_opening_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_exhibition(opening_time=datetime.time(17), closing_time=datetime.time(9))


def test_exhibition_registration_closes_before_opens_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_exhibition(
            registration_opens=_wib(2018, 3, 1, 8, 0), registration_closes=_wib(2018, 2, 1, 8, 0)
        )
    assert Exhibition.objects.count() == 0


def test_exhibition_registration_closes_when_opens_fails():
    moment = _wib(2018, 3, 1, 8, 0)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_exhibition(registration_opens=moment, registration_closes=moment)


def test_exhibition_registration_window_half_open_allowed():
    exhibition = factories.make_exhibition(registration_opens=_wib(2018, 3, 1, 8, 0))
    assert Exhibition.objects.get(pk=exhibition.pk).registration_closes is None


def test_exhibition_is_open_at_uses_venue_zone_wita():
    exhibition = factories.make_exhibition(
        timezone="Asia/Makassar",
        start_date=datetime.date(2018, 4, 3),
        end_date=datetime.date(2018, 4, 6),
        opening_time=datetime.time(9, 0),
        closing_time=datetime.time(17, 0),
    )
    # 08:30 WIB is 09:30 WITA: open, though Jakarta's clock says the hall has not opened yet.
    assert exhibition.is_open_at(_wib(2018, 4, 4, 8, 30)) is True
    # 16:30 WIB is 17:30 WITA: closed, though Jakarta's clock says it is still open.
    assert exhibition.is_open_at(_wib(2018, 4, 4, 16, 30)) is False


def test_exhibition_is_open_at_boundaries_in_local_time():
    exhibition = factories.make_exhibition(
        timezone="Asia/Makassar",
        start_date=datetime.date(2018, 4, 3),
        end_date=datetime.date(2018, 4, 6),
    )
    assert exhibition.is_open_at(_wita(2018, 4, 3, 8, 59, 59)) is False
    assert exhibition.is_open_at(_wita(2018, 4, 3, 9, 0)) is True
    assert exhibition.is_open_at(_wita(2018, 4, 6, 16, 59, 59)) is True
    assert exhibition.is_open_at(_wita(2018, 4, 6, 17, 0)) is False
    assert exhibition.is_open_at(_wita(2018, 4, 2, 12, 0)) is False
    assert exhibition.is_open_at(_wita(2018, 4, 7, 12, 0)) is False


def test_exhibition_is_open_at_utc_moment():
    exhibition = factories.make_exhibition(
        timezone="Asia/Jayapura",
        start_date=datetime.date(2018, 4, 3),
        end_date=datetime.date(2018, 4, 3),
    )
    # 00:30 UTC is 09:30 WIT on the same day.
    assert exhibition.is_open_at(datetime.datetime(2018, 4, 3, 0, 30, tzinfo=datetime.UTC)) is True
    # 23:30 UTC on the 2nd is 08:30 WIT on the 3rd: not open yet.
    assert exhibition.is_open_at(datetime.datetime(2018, 4, 2, 23, 30, tzinfo=datetime.UTC)) is False


def test_exhibition_registration_is_open_boundaries():
    opens, closes = _wib(2018, 2, 1, 8, 0), _wib(2018, 3, 1, 17, 0)
    exhibition = factories.make_exhibition(registration_opens=opens, registration_closes=closes)
    tick = datetime.timedelta(microseconds=1)
    assert exhibition.registration_is_open(opens - tick) is False
    assert exhibition.registration_is_open(opens) is True
    assert exhibition.registration_is_open(closes - tick) is True
    assert exhibition.registration_is_open(closes) is False


def test_exhibition_registration_is_open_without_window_false():
    opens_only = factories.make_exhibition(registration_opens=_wib(2018, 2, 1, 8, 0))
    no_window = factories.make_exhibition()
    moment = _wib(2018, 2, 15, 12, 0)
    assert opens_only.registration_is_open(moment) is False
    assert no_window.registration_is_open(moment) is False


# --- Programme, sales, visitors -----------------------------------------------------------------


def test_programme_item_ends_at_start_fails():
    moment = _wib(2018, 4, 3, 10, 0)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_programme_item(starts_at=moment, ends_at=moment)
    assert ProgrammeItem.objects.count() == 0


def test_programme_item_ends_before_start_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_programme_item(
            starts_at=_wib(2018, 4, 3, 10, 0), ends_at=_wib(2018, 4, 3, 9, 0)
        )


def test_sale_zero_quantity_fails():
    delegation = factories.make_delegation()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_sale(delegation=delegation, quantity=0)
    assert Sale.objects.count() == 0


def test_sale_negative_unit_price_fails():
    sale = factories.make_sale(unit_price=50000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Sale.objects.filter(pk=sale.pk).update(unit_price=-1)
    assert Sale.objects.get(pk=sale.pk).unit_price == 50000


def test_sale_zero_unit_price_allowed():
    sale = factories.make_sale(unit_price=0)
    assert Sale.objects.get(pk=sale.pk).unit_price == 0


def test_visitor_count_twice_same_day_fails():
    exhibition = factories.make_exhibition()
    VisitorCount.objects.create(exhibition=exhibition, day=datetime.date(2018, 4, 3), count=1200)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitorCount.objects.create(exhibition=exhibition, day=datetime.date(2018, 4, 3), count=1300)
    assert list(VisitorCount.objects.values_list("count", flat=True)) == [1200]


def test_visitor_count_same_day_other_exhibition_allowed():
    day = datetime.date(2018, 4, 3)
    VisitorCount.objects.create(exhibition=factories.make_exhibition(), day=day, count=1)
    VisitorCount.objects.create(exhibition=factories.make_exhibition(), day=day, count=2)
    assert VisitorCount.objects.filter(day=day).count() == 2


# --- Delegations --------------------------------------------------------------------------------


def test_delegation_same_prison_twice_in_exhibition_fails(prison):
    exhibition = factories.make_exhibition()
    factories.make_delegation(exhibition=exhibition, prison=prison)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_delegation(exhibition=exhibition, prison=prison)
    assert Delegation.objects.filter(exhibition=exhibition).count() == 1


def test_delegation_same_prison_in_other_exhibition_allowed(prison):
    factories.make_delegation(exhibition=factories.make_exhibition(), prison=prison)
    factories.make_delegation(exhibition=factories.make_exhibition(), prison=prison)
    assert Delegation.objects.filter(prison=prison).count() == 2


def test_delegation_region_twice_without_prison_fails():
    exhibition = factories.make_exhibition()
    region = factories.make_region()
    factories.make_delegation(exhibition=exhibition, prison=None, region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_delegation(exhibition=exhibition, prison=None, region=region)
    assert Delegation.objects.filter(exhibition=exhibition).count() == 1


def test_delegation_region_and_its_prisons_side_by_side_allowed():
    exhibition = factories.make_exhibition()
    region = factories.make_region()
    factories.make_delegation(exhibition=exhibition, prison=None, region=region)
    factories.make_delegation(exhibition=exhibition, prison=factories.make_prison(region=region))
    factories.make_delegation(exhibition=exhibition, prison=factories.make_prison(region=region))
    assert Delegation.objects.filter(exhibition=exhibition, region=region).count() == 3


def test_booth_code_twice_in_exhibition_fails():
    from exhibitions.models import Booth

    exhibition = factories.make_exhibition()
    Booth.objects.create(exhibition=exhibition, code="A-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.create(exhibition=exhibition, code="A-01")
    assert Booth.objects.filter(exhibition=exhibition).count() == 1


def test_booth_code_reused_in_other_exhibition_allowed():
    from exhibitions.models import Booth

    Booth.objects.create(exhibition=factories.make_exhibition(), code="A-01")
    Booth.objects.create(exhibition=factories.make_exhibition(), code="A-01")
    assert Booth.objects.filter(code="A-01").count() == 2


def test_delegation_booth_code_lists_its_booths_in_code_order():
    from exhibitions.models import Booth

    exhibition = factories.make_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition)
    Booth.objects.create(exhibition=exhibition, code="A-02", delegation=delegation)
    Booth.objects.create(exhibition=exhibition, code="A-01", delegation=delegation)
    Booth.objects.create(exhibition=exhibition, code="A-03")
    assert delegation.booth_code == "A-01, A-02"
    assert factories.make_delegation(exhibition=exhibition).booth_code == ""


# --- Inquiries ----------------------------------------------------------------------------------


def test_inquiry_without_email_or_phone_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_inquiry(email="", phone="")
    assert Inquiry.objects.count() == 0


def test_inquiry_with_phone_only_allowed():
    inquiry = factories.make_inquiry(email="", phone="0812-3456-7890")
    assert Inquiry.objects.get(pk=inquiry.pk).phone == "0812-3456-7890"


def test_inquiry_with_email_only_allowed():
    inquiry = factories.make_inquiry(email="hotel@example.test", phone="")
    assert Inquiry.objects.get(pk=inquiry.pk).email == "hotel@example.test"


def test_inquiry_zero_quantity_fails():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_inquiry(quantity=0)


# --- Competitions and judging -------------------------------------------------------------------


@pytest.mark.parametrize("weight", [0, 101])
def test_criterion_weight_out_of_range_fails(weight):
    competition = _competition()
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(competition=competition, name="Kerapian", weight=weight)
    assert Criterion.objects.count() == 0


def test_criterion_weight_bounds_allowed():
    competition = _competition()
    Criterion.objects.create(competition=competition, name="Kerapian", weight=1)
    Criterion.objects.create(competition=competition, name="Kreativitas", weight=100)
    assert sorted(Criterion.objects.values_list("weight", flat=True)) == [1, 100]


def test_judge_score_over_100_fails():
    competition = _competition()
    criterion = Criterion.objects.create(competition=competition, name="Kerapian", weight=40)
    entry = _entry(competition=competition)
    judge = factories.make_user(role=roles.JURY)
    with pytest.raises(IntegrityError), transaction.atomic():
        JudgeScore.objects.create(entry=entry, criterion=criterion, judge=judge, score=101)
    assert JudgeScore.objects.count() == 0


def test_judge_score_100_allowed():
    competition = _competition()
    criterion = Criterion.objects.create(competition=competition, name="Kerapian", weight=40)
    judge = factories.make_user(role=roles.JURY)
    score = JudgeScore.objects.create(
        entry=_entry(competition=competition), criterion=criterion, judge=judge, score=100
    )
    assert JudgeScore.objects.get(pk=score.pk).score == 100


def test_judge_score_twice_for_same_entry_criterion_judge_fails():
    competition = _competition()
    criterion = Criterion.objects.create(competition=competition, name="Kerapian", weight=40)
    entry = _entry(competition=competition)
    judge = factories.make_user(role=roles.JURY)
    JudgeScore.objects.create(entry=entry, criterion=criterion, judge=judge, score=70)
    with pytest.raises(IntegrityError), transaction.atomic():
        JudgeScore.objects.create(entry=entry, criterion=criterion, judge=judge, score=80)
    assert list(JudgeScore.objects.values_list("score", flat=True)) == [70]


def test_judge_score_other_judge_same_entry_criterion_allowed():
    competition = _competition()
    criterion = Criterion.objects.create(competition=competition, name="Kerapian", weight=40)
    entry = _entry(competition=competition)
    for score in (70, 80):
        JudgeScore.objects.create(
            entry=entry, criterion=criterion, judge=factories.make_user(role=roles.JURY), score=score
        )
    assert sorted(JudgeScore.objects.values_list("score", flat=True)) == [70, 80]


def test_competition_entry_code_twice_fails():
    competition = _competition()
    _entry(competition=competition, code="A01")
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(competition=competition, code="A01")


def test_a_sale_names_its_price_in_rupiah(db):
    sale = factories.make_sale(quantity=2, unit_price=35000, product=factories.make_product(name="Kue Kering Ikan"))

    assert str(sale) == "2 × Kue Kering Ikan @ Rp 35.000"


def test_a_visitor_count_reads_its_day_and_count_in_the_language():
    """It read "Pameran … 2018-04-06: 1378" in the back office's titles and breadcrumbs."""
    import datetime

    from django.utils import translation

    from exhibitions.models import Exhibition, VisitorCount

    count = VisitorCount(exhibition=Exhibition(title="Pameran Produk Unggulan Narapidana"), day=datetime.date(2018, 8, 6), count=1378)
    with translation.override("id"):
        assert str(count) == "Pameran Produk Unggulan Narapidana, 6 Agustus 2018: 1.378"
    with translation.override("en"):
        assert str(count) == "Pameran Produk Unggulan Narapidana, 6 August 2018: 1,378"
