"""Competitions: weighted criteria adding up to 100, blind entry codes, jurors scoring only their
assigned entries without seeing each other's scores before the round closes, the ranking with its
stated tie-break rule, and publishing the winners to the exhibition page."""

import datetime
import re
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from exhibitions.models import Competition, CompetitionEntry, Criterion, Delegation, JudgeScore
from exhibitions.selectors import competition_ranking
from exhibitions.services import (
    competition_assign_all_jurors,
    competition_close_scoring,
    competition_publish,
    judge_scores_submit,
    new_entry_code,
)
from inmates import roles
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def _juror(username):
    return factories.make_user(role=roles.JURY, username=username, first_name=username.title())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def competition():
    exhibition = factories.make_exhibition(title="Pameran 2018", slug="pameran-2018")
    return Competition.objects.create(exhibition=exhibition, title="Lomba Cinderamata untuk Hotel")


def _criteria(competition, *weights):
    return [
        Criterion.objects.create(competition=competition, name=f"Kriteria {i + 1}", weight=w, position=i + 1)
        for i, w in enumerate(weights)
    ]


def _entry(competition, code, *, title=None, prison_name=None, jurors=()):
    prison = factories.make_prison(name=prison_name) if prison_name else factories.make_prison()
    delegation = factories.make_delegation(
        exhibition=competition.exhibition, prison=prison, name=prison.name, status=Delegation.Status.ACCEPTED
    )
    product = factories.make_product(prison=prison, name=f"Produk {code}")
    delegation.products.add(product)
    entry = CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, product=product, entry_code=code, title=title or f"Karya {code}"
    )
    entry.assigned_jurors.add(*jurors)
    return entry


def _score(entry, judge, criteria, values):
    for criterion, value in zip(criteria, values, strict=True):
        JudgeScore.objects.create(entry=entry, criterion=criterion, judge=judge, score=value)


# --- Entry codes -----------------------------------------------------------------------------------


def test_new_entry_code_is_a_prefix_and_a_random_unused_number(competition):
    _entry(competition, "CH-500")

    codes = {new_entry_code(competition=competition) for _ in range(30)}

    assert all(re.fullmatch(r"CH-[1-9][0-9]{2}", code) for code in codes)
    assert "CH-500" not in codes
    assert len(codes) > 1  # random, so the code says nothing about the order of entry


def test_new_entry_code_avoids_codes_taken_in_the_same_form(competition):
    taken = {f"CLH-{n}" for n in range(100, 1000)} - {"CLH-777"}
    other = Competition.objects.create(exhibition=competition.exhibition, title="Lomba Cinderamata Lokal Hotel")

    assert new_entry_code(competition=other, taken=taken) == "CLH-777"


def test_competition_admin_fills_a_blank_entry_code(staff_client, competition):
    delegation = factories.make_delegation(exhibition=competition.exhibition, status=Delegation.Status.ACCEPTED)
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data.update(
        {
            "entries-TOTAL_FORMS": "1",
            "entries-0-entry_code": "",
            "entries-0-title": "Tatakan Gelas Batik",
            "entries-0-delegation": str(delegation.pk),
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert re.fullmatch(r"CH-[0-9]{3}", CompetitionEntry.objects.get().entry_code)


# --- Criteria weights --------------------------------------------------------------------------------


def _criteria_post(staff_client, competition, weights):
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data["criteria-TOTAL_FORMS"] = str(len(weights))
    for i, weight in enumerate(weights):
        data.update(
            {f"criteria-{i}-name": f"Kriteria {i}", f"criteria-{i}-weight": str(weight), f"criteria-{i}-position": str(i)}
        )
    return staff_client.post(url, data)


def test_criteria_weights_must_add_up_to_100_in_the_admin(staff_client, competition):
    response = _criteria_post(staff_client, competition, [30, 25, 20, 15])

    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Criterion)
    assert formset.non_form_errors() == ["Bobot kriteria berjumlah 90%; jumlahnya harus tepat 100%."]
    assert not Criterion.objects.exists()


def test_criteria_weights_adding_up_to_100_are_saved(staff_client, competition):
    response = _criteria_post(staff_client, competition, [30, 25, 20, 15, 10])

    assert response.status_code == 302
    assert list(competition.criteria.values_list("weight", flat=True)) == [30, 25, 20, 15, 10]


def test_close_scoring_refused_when_weights_do_not_add_up(competition, staff_user):
    _criteria(competition, 60, 30)

    with pytest.raises(ValidationError) as raised:
        competition_close_scoring(competition=competition, user=staff_user)

    assert raised.value.messages == ["Bobot kriteria berjumlah 90%; jumlahnya harus tepat 100%."]
    assert Competition.objects.get(pk=competition.pk).scoring_closed is False


# --- Scoring ----------------------------------------------------------------------------------------


def test_judge_scores_submit_stores_and_replaces_own_scores(competition):
    criteria = _criteria(competition, 60, 40)
    juror = _juror("juri.satu")
    competition.jurors.add(juror)
    entry = _entry(competition, "CH-101", jurors=[juror])

    judge_scores_submit(entry=entry, user=juror, scores={criteria[0].pk: 70, criteria[1].pk: 80})
    judge_scores_submit(entry=entry, user=juror, scores={criteria[0].pk: 75, criteria[1].pk: 80})

    assert sorted(JudgeScore.objects.values_list("criterion__weight", "score")) == [(40, 80), (60, 75)]


def test_judge_scores_submit_refuses_an_unassigned_juror(competition):
    criteria = _criteria(competition, 100)
    assigned, other = _juror("juri.satu"), _juror("juri.dua")
    competition.jurors.add(assigned, other)
    entry = _entry(competition, "CH-101", jurors=[assigned])

    with pytest.raises(PermissionDenied):
        judge_scores_submit(entry=entry, user=other, scores={criteria[0].pk: 90})
    assert not JudgeScore.objects.exists()


def test_judge_scores_submit_refuses_missing_and_out_of_range_scores(competition):
    criteria = _criteria(competition, 60, 40)
    juror = _juror("juri.satu")
    competition.jurors.add(juror)
    entry = _entry(competition, "CH-101", jurors=[juror])

    with pytest.raises(ValidationError) as raised:
        judge_scores_submit(entry=entry, user=juror, scores={criteria[0].pk: 101})

    assert raised.value.message_dict == {
        f"criterion_{criteria[0].pk}": ["Nilai harus bilangan bulat 0 sampai 100."],
        f"criterion_{criteria[1].pk}": ["Beri nilai 0 sampai 100."],
    }
    assert not JudgeScore.objects.exists()


def test_judge_scores_submit_refused_after_the_round_closes(competition, staff_user):
    criteria = _criteria(competition, 100)
    juror = _juror("juri.satu")
    competition.jurors.add(juror)
    entry = _entry(competition, "CH-101", jurors=[juror])
    scored = _entry(competition, "CH-102", jurors=[juror])
    judge_scores_submit(entry=scored, user=juror, scores={criteria[0].pk: 80})
    competition_close_scoring(competition=competition, user=staff_user)

    with pytest.raises(ValidationError) as raised:
        judge_scores_submit(entry=entry, user=juror, scores={criteria[0].pk: 90})

    assert raised.value.code == "scoring_closed"
    assert list(JudgeScore.objects.values_list("entry__entry_code", flat=True)) == ["CH-102"]


def test_assign_all_jurors_assigns_every_juror_once(competition, staff_user):
    a, b = _juror("juri.satu"), _juror("juri.dua")
    competition.jurors.add(a, b)
    first = _entry(competition, "CH-101", jurors=[a])
    second = _entry(competition, "CH-102")

    added = competition_assign_all_jurors(competition=competition, user=staff_user)

    assert added == 3
    assert set(first.assigned_jurors.all()) == set(second.assigned_jurors.all()) == {a, b}


# --- Judging privacy in the portal -----------------------------------------------------------------


@pytest.fixture
def jury(competition):
    """Two jurors; A is assigned entries 1 and 2, B entries 2 and 3; both scored entry 2."""
    criteria = _criteria(competition, 60, 40)
    a, b = _juror("juri.satu"), _juror("juri.dua")
    competition.jurors.add(a, b)
    one = _entry(competition, "CH-101", title="Tatakan Batik", prison_name="Lapas Kelas IIA Bogor", jurors=[a])
    two = _entry(competition, "CH-202", title="Miniatur Pinisi", prison_name="Lapas Kelas I Makassar", jurors=[a, b])
    three = _entry(competition, "CH-303", title="Noken Mini", prison_name="Lapas Abepura", jurors=[b])
    _score(two, a, criteria, [71, 62])
    _score(two, b, criteria, [93, 88])
    return {"competition": competition, "criteria": criteria, "a": a, "b": b, "entries": (one, two, three)}


def _inputs(content: str) -> dict[str, str]:
    return dict(re.findall(r'name="(criterion_\d+)" id="[^"]*" value="(\d*)"', content))


def test_jury_entry_shows_code_title_and_own_scores_only_before_close(jury):
    two = jury["entries"][1]

    response = _client(jury["a"]).get(reverse("portal:jury-entry", args=[two.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "CH-202" in content and "Miniatur Pinisi" in content
    assert sorted(_inputs(content).values()) == ["62", "71"]
    assert "93" not in _inputs(content).values() and "88" not in _inputs(content).values()
    assert "sheet_row" not in response.context
    for hidden in ("Lapas Kelas I Makassar", two.delegation.name, "juri.dua", "Juri.Dua"):
        assert hidden not in content


def test_jury_list_shows_only_assigned_entries_by_code(jury):
    response = _client(jury["a"]).get(reverse("portal:jury-list"))

    content = response.content.decode()
    [competition] = response.context["competitions"]
    assert [e.entry_code for e in competition.my_entries] == ["CH-101", "CH-202"]
    assert competition.my_done == 1
    assert "CH-303" not in content and "Noken Mini" not in content
    for prison in ("Lapas Kelas IIA Bogor", "Lapas Kelas I Makassar", "Lapas Abepura"):
        assert prison not in content


def test_jury_list_says_scoring_is_still_open_after_the_exhibition_ended(jury):
    """A tester's probe: the juror saw a plain "Scoring open" for the 2018 competition in 2026.
    Only the committee closes a round (Competition.scoring_closed); the page says both facts."""
    exhibition = jury["competition"].exhibition
    exhibition.start_date, exhibition.end_date = datetime.date(2018, 4, 3), datetime.date(2018, 4, 6)
    exhibition.save()

    content = _client(jury["a"]).get(reverse("portal:jury-list")).content.decode()

    assert "Penilaian masih dibuka" in content
    assert "Pameran ini sudah berakhir pada 6 April 2018. Penilaian tetap dibuka sampai panitia menutupnya." in content


def test_jury_list_of_a_running_exhibition_says_scoring_is_open(jury):
    exhibition = jury["competition"].exhibition
    exhibition.start_date = exhibition.end_date = timezone.localdate()
    exhibition.save()

    content = _client(jury["a"]).get(reverse("portal:jury-list")).content.decode()

    assert "Penilaian dibuka" in content and "sudah berakhir" not in content


def test_jury_entry_unassigned_is_not_found_for_get_and_post(jury):
    three = jury["entries"][2]
    client = _client(jury["a"])
    url = reverse("portal:jury-entry", args=[three.pk])
    data = {f"criterion_{c.pk}": "100" for c in jury["criteria"]}

    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert not JudgeScore.objects.filter(entry=three).exists()


def test_jury_entry_post_saves_scores_and_goes_to_the_next(jury):
    one, two, _three = jury["entries"]
    criteria = jury["criteria"]

    response = _client(jury["a"]).post(
        reverse("portal:jury-entry", args=[one.pk]),
        {f"criterion_{criteria[0].pk}": "85", f"criterion_{criteria[1].pk}": "90", "next": str(two.pk)},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:jury-entry", args=[two.pk])
    assert sorted(JudgeScore.objects.filter(entry=one, judge=jury["a"]).values_list("score", flat=True)) == [85, 90]


def test_jury_entry_post_bad_score_is_shown_next_to_the_criterion(jury):
    one = jury["entries"][0]
    criteria = jury["criteria"]

    response = _client(jury["a"]).post(
        reverse("portal:jury-entry", args=[one.pk]), {f"criterion_{criteria[0].pk}": "120"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"criterion_{criteria[0].pk}": ["Nilai paling besar 100."],
        f"criterion_{criteria[1].pk}": ["Beri nilai 0 sampai 100."],
    }
    assert not JudgeScore.objects.filter(entry=one).exists()


def test_jury_results_before_close_show_no_scores(jury):
    response = _client(jury["a"]).get(reverse("portal:jury-results", args=[jury["competition"].pk]))

    assert response.status_code == 200
    assert response.context["sheet"] == []
    assert "Rekap nilai semua juri terlihat setelah panitia menutup penilaian." in response.content.decode()


def test_jury_pages_after_close_show_every_jurors_scores(jury, staff_user):
    two = jury["entries"][1]
    competition_close_scoring(competition=jury["competition"], user=staff_user)
    client = _client(jury["a"])

    entry_page = client.get(reverse("portal:jury-entry", args=[two.pk]))
    results = client.get(reverse("portal:jury-results", args=[jury["competition"].pk]))

    row = entry_page.context["sheet_row"]
    assert sorted(marks for _judge, marks in row.judges) == [[71, 62], [93, 88]]
    assert row.averages == [Fraction(82), Fraction(75)]
    content = entry_page.content.decode()
    assert "93" in content and "88" in content and "Juri.Dua" in content
    assert "Lapas Kelas I Makassar" not in content
    assert [r.entry.entry_code for r in results.context["sheet"]] == ["CH-202", "CH-101", "CH-303"]
    assert "Lapas" not in results.content.decode()


def test_jury_entry_post_after_close_changes_nothing(jury, staff_user):
    two = jury["entries"][1]
    competition_close_scoring(competition=jury["competition"], user=staff_user)

    response = _client(jury["a"]).post(
        reverse("portal:jury-entry", args=[two.pk]), {f"criterion_{c.pk}": "1" for c in jury["criteria"]}
    )

    assert response.status_code == 302
    assert sorted(JudgeScore.objects.filter(entry=two, judge=jury["a"]).values_list("score", flat=True)) == [62, 71]


# --- Ranking -------------------------------------------------------------------------------------


def test_ranking_is_the_weighted_sum_of_the_jurors_averages(competition):
    criteria = _criteria(competition, 60, 40)
    a, b = _juror("juri.satu"), _juror("juri.dua")
    entry = _entry(competition, "CH-101", jurors=[a, b])
    _score(entry, a, criteria, [80, 70])
    _score(entry, b, criteria, [90, 61])

    [row] = competition_ranking(competition=competition)

    # (85 x 60 + 65.5 x 40) / 100 = 51 + 26.2
    assert row.total == Fraction(772, 10)
    assert str(row.total_display) == "77.20"
    assert (row.rank, row.score_count, row.expected_count, row.complete) == (1, 4, 4, True)


def test_ranking_ties_broken_by_heaviest_criterion_then_entry_code(competition):
    criteria = _criteria(competition, 40, 60)  # the second criterion is the heaviest
    judge = _juror("juri.satu")
    # All four total 76: B and D score higher on the heaviest criterion than A and C.
    a = _entry(competition, "CH-400", jurors=[judge])
    b = _entry(competition, "CH-300", jurors=[judge])
    c = _entry(competition, "CH-200", jurors=[judge])
    d = _entry(competition, "CH-100", jurors=[judge])
    e = _entry(competition, "CH-500", jurors=[judge])
    _score(a, judge, criteria, [85, 70])  # 34 + 42 = 76
    _score(b, judge, criteria, [70, 80])  # 28 + 48 = 76
    _score(c, judge, criteria, [85, 70])  # 76, same as A
    _score(d, judge, criteria, [70, 80])  # 76, same as B
    _score(e, judge, criteria, [100, 100])

    ranking = competition_ranking(competition=competition)

    assert [(r.rank, r.entry.entry_code) for r in ranking] == [
        (1, "CH-500"),
        (2, "CH-100"),
        (3, "CH-300"),
        (4, "CH-200"),
        (5, "CH-400"),
    ]


def test_ranking_ties_are_exact_with_thirds(competition):
    criteria = _criteria(competition, 50, 50)  # equal weights: the first listed is the heaviest
    jurors = [_juror(f"juri.{i}") for i in range(3)]
    x = _entry(competition, "CH-900", jurors=jurors)
    y = _entry(competition, "CH-100", jurors=jurors)
    z = _entry(competition, "CH-500", jurors=jurors)
    # X: 80.67 and 70; Y: 70 and 80.67; Z the same as X by other scores: all total 75.33...
    for juror, first in zip(jurors, (80, 81, 81), strict=True):
        _score(x, juror, criteria, [first, 70])
        _score(y, juror, criteria, [70, first])
    for juror, first in zip(jurors, (82, 80, 80), strict=True):
        _score(z, juror, criteria, [first, 70])

    ranking = competition_ranking(competition=competition)

    assert {r.total for r in ranking} == {Fraction(226, 3)}
    assert [r.entry.entry_code for r in ranking] == ["CH-500", "CH-900", "CH-100"]


def test_ranking_leaves_unscored_entries_unranked_at_the_end(competition):
    criteria = _criteria(competition, 100)
    judge = _juror("juri.satu")
    scored = _entry(competition, "CH-900", jurors=[judge])
    _entry(competition, "CH-100", jurors=[judge])
    _score(scored, judge, criteria, [10])

    assert [(r.entry.entry_code, r.rank) for r in competition_ranking(competition=competition)] == [
        ("CH-900", 1),
        ("CH-100", None),
    ]


# --- Closing and publishing --------------------------------------------------------------------------


def test_publish_refused_while_scoring_is_open(jury, staff_user):
    with pytest.raises(ValidationError) as raised:
        competition_publish(competition=jury["competition"], user=staff_user)

    assert raised.value.code == "scoring_open"
    assert not CompetitionEntry.objects.filter(rank__isnull=False).exists()


def test_publish_sets_rank_and_award_of_the_winners_and_the_exhibition_page_shows_them(jury, staff_user, client):
    one, two, three = jury["entries"]
    criteria = jury["criteria"]
    _score(one, jury["a"], criteria, [50, 50])
    _score(three, jury["b"], criteria, [60, 60])
    three.rank, three.award = 9, "Lama"
    three.save()
    competition = jury["competition"]
    competition_close_scoring(competition=competition, user=staff_user)

    competition_publish(competition=competition, user=staff_user, winners=2)

    entries = CompetitionEntry.objects.order_by("entry_code")
    assert [(e.entry_code, e.rank, e.award_label) for e in entries] == [
        ("CH-101", None, ""),
        ("CH-202", 1, "Juara 1"),
        ("CH-303", 2, "Juara 2"),
    ]
    competition.refresh_from_db()
    assert (competition.results_published, competition.results_published_by) == (True, staff_user)
    content = client.get(reverse("public:exhibition-detail", args=["pameran-2018"])).content.decode()
    assert "Miniatur Pinisi" in content and "Juara 1" in content and "Noken Mini" in content
    assert "Tatakan Batik" not in content
    # In the reader's language, whoever published (found by a new user's probe: "Juara 1" on the
    # English page, as the award was stored in the publisher's language).
    client.cookies["django_language"] = "en"
    english = client.get(reverse("public:exhibition-detail", args=["pameran-2018"])).content.decode()
    assert "Place 1" in english and "Juara 1" not in english
    with pytest.raises(ValidationError):
        competition_publish(competition=competition, user=staff_user)


def test_results_are_not_published_before_the_exhibition_s_first_day(jury, staff_user):
    # Found by a staff probe: winners announced months ahead, the public page reading "Akan
    # datang" beside "Pemenang: Juara 1".
    import datetime

    from django.utils import timezone as tz

    one, _two, _three = jury["entries"]
    _score(one, jury["a"], jury["criteria"], [50, 50])
    competition = jury["competition"]
    exhibition = competition.exhibition
    start = tz.localdate() + datetime.timedelta(days=30)
    type(exhibition).objects.filter(pk=exhibition.pk).update(start_date=start, end_date=start + datetime.timedelta(days=3))
    competition_close_scoring(competition=competition, user=staff_user)

    with pytest.raises(ValidationError) as refused:
        competition_publish(competition=competition, user=staff_user)

    assert refused.value.messages == [
        f"Hasil diumumkan paling cepat pada hari pertama pameran, {date_format(start, 'j F Y')}."
    ]
    competition.refresh_from_db()
    assert not competition.results_published
    assert not CompetitionEntry.objects.filter(rank__isnull=False).exists()


def test_admin_results_page_closes_and_publishes(jury, staff_client):
    competition = jury["competition"]
    url = reverse("admin:exhibitions_competition_results", args=[competition.pk])

    page = staff_client.get(url)
    staff_client.post(url, {"action": "close", "confirm": "1"})
    published = staff_client.post(url, {"action": "publish", "winners": "1"}, follow=True)

    assert [row.entry.entry_code for row in page.context["sheet"]] == ["CH-202", "CH-101", "CH-303"]
    content = page.content.decode()
    assert "Nilai kriteria berbobot terbesar lebih dulu, lalu kode peserta." in content
    assert "Kriteria berbobot terbesar: Kriteria 1, 60%." in content
    assert "Lapas Kelas I Makassar" in content  # staff see who is behind a code
    assert [str(m) for m in published.context["messages"]][-1] == "Pemenang diumumkan di halaman pameran."
    assert [(e.entry_code, e.award_label) for e in CompetitionEntry.objects.filter(rank__isnull=False)] == [
        ("CH-202", "Juara 1")
    ]
    # The back office's list and the competition's page show it too (found by a review: the
    # column showed the stored award, now empty).
    entries = staff_client.get(reverse("admin:exhibitions_competitionentry_changelist")).content.decode()
    assert "Juara 1" in entries
    sheet = staff_client.get(url).content.decode()
    assert 'class="is-winner"' in sheet and "Juara 1" in sheet


def test_admin_results_page_is_not_for_officers(jury, officer_client, corrections_client):
    url = reverse("admin:exhibitions_competition_results", args=[jury["competition"].pk])

    assert officer_client.get(url).status_code == 302
    assert corrections_client.get(url).status_code == 200
    assert corrections_client.post(url, {"action": "close"}).status_code == 403
    assert Competition.objects.get(pk=jury["competition"].pk).scoring_closed is False


def test_jury_list_queries_do_not_grow_with_entries(competition):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _criteria(competition, 100)
    juror = _juror("juri.satu")
    competition.jurors.add(juror)
    client = _client(juror)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("portal:jury-list"))
        assert response.status_code == 200
        return len(captured), len(response.context["competitions"][0].my_entries)

    _entry(competition, "CH-101", jurors=[juror])
    one = queries()
    for code in ("CH-102", "CH-103", "CH-104"):
        _entry(competition, code, jurors=[juror])
    four = queries()

    assert (one[1], four[1]) == (1, 4)
    assert one[0] == four[0]


# --- The jury panel ----------------------------------------------------------------------------------


def _jury_post(staff_client, competition, jurors):
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data["jurors"] = [str(j.pk) for j in jurors]
    return staff_client.post(url, data)


def test_a_juror_taken_off_the_panel_keeps_no_entry_assignments(staff_client, competition):
    stays, leaves = _juror("juri.tetap"), _juror("juri.keluar")
    competition.jurors.add(stays, leaves)
    entry = _entry(competition, "CH-101", jurors=(stays, leaves))

    response = _jury_post(staff_client, competition, [stays])

    assert response.status_code == 302
    assert set(competition.jurors.all()) == {stays}
    assert set(entry.assigned_jurors.all()) == {stays}
    # Added back later, they are a juror without assignments until staff assign them again.
    assert _jury_post(staff_client, competition, [stays, leaves]).status_code == 302
    assert set(entry.assigned_jurors.all()) == {stays}


def test_a_juror_who_has_scored_cannot_be_taken_off_the_panel(staff_client, competition):
    criteria = _criteria(competition, 60, 40)
    stays, scored = _juror("juri.tetap"), _juror("juri.menilai")
    competition.jurors.add(stays, scored)
    entry = _entry(competition, "CH-102", jurors=(stays, scored))
    _score(entry, scored, criteria, [80, 70])

    response = _jury_post(staff_client, competition, [stays])

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["jurors"]
    assert errors == ["Juri.Menilai sudah memberi nilai dan nilainya dihitung dalam hasil, jadi tidak dapat dikeluarkan dari juri."]
    assert set(competition.jurors.all()) == {stays, scored}
    assert set(entry.assigned_jurors.all()) == {stays, scored}


def test_criteria_are_only_changed_on_their_competitions_page(staff_client, competition):
    """The standalone criterion pages would let the weights stop adding up to 100%."""
    (criterion,) = _criteria(competition, 100)

    assert staff_client.get(admin_url(Criterion, "add")).status_code == 403
    change = staff_client.post(
        admin_url(Criterion, "change", criterion.pk),
        {"competition": competition.pk, "name": "Kriteria 1", "weight": "40", "position": "1"},
    )
    assert change.status_code == 403
    assert staff_client.post(admin_url(Criterion, "delete", criterion.pk), {"post": "yes"}).status_code == 403
    criterion.refresh_from_db()
    assert criterion.weight == 100
    assert staff_client.get(admin_url(Criterion, "change", criterion.pk)).status_code == 200  # view only


def test_jury_pages_show_only_photos_the_juror_can_load(jury):
    """A maker who withholds photos of their work: the file is refused to the juror (as to the
    public), so the page showed a broken image; it now says there is no photo."""
    from products.services import product_image_add

    a = jury["a"]
    one, two = jury["entries"][:2]
    withheld = factories.make_inmate(prison=one.product.prison)
    factories.make_consent(inmate=withheld, work_photos_public=False)
    one.product.makers.add(withheld)
    product_image_add(product=one.product, file=factories.uploaded_image(), alt_text="Tatakan")
    allowed = factories.make_inmate(prison=two.product.prison)
    factories.make_consent(inmate=allowed)
    two.product.makers.add(allowed)
    shown = product_image_add(product=two.product, file=factories.uploaded_image(), alt_text="Pinisi")
    client = _client(a)

    pages = [
        client.get(reverse("portal:jury-list")).content.decode(),
        client.get(reverse("portal:jury-entry", args=[one.pk])).content.decode(),
        client.get(reverse("portal:jury-entry", args=[two.pk])).content.decode(),
    ]

    sources = {src for page in pages for src in re.findall(r'<img[^>]* src="([^"]+)"', page)}
    assert sources, "the allowed photo is shown"
    assert shown.thumb_medium.url in sources
    for src in sources:
        assert client.get(src).status_code == 200, src
    assert "Tidak ada foto" in pages[1]


# --- Entering entries in the back office (found by a new-user probe) --------------------------


def test_entries_are_added_once_the_competition_is_saved(staff_client):
    page = staff_client.get(admin_url(Competition, "add")).content.decode()
    assert "Simpan lomba lebih dulu" in page
    assert 'name="entries-TOTAL_FORMS"' not in page
    assert 'name="criteria-TOTAL_FORMS"' in page


def test_an_entrys_boxes_offer_only_this_exhibitions_delegations_and_their_products(staff_client, competition):
    entry = _entry(competition, "P-001", prison_name="Lapas Kelas IIA Kupang")
    not_shown = factories.make_product(prison=entry.delegation.prison, name="Produk Tidak Dipamerkan")
    elsewhere = factories.make_delegation(
        exhibition=factories.make_exhibition(title="Pameran Lain"), name="Delegasi Pameran Lain", status="accepted"
    )

    page = staff_client.get(admin_url(Competition, "change", competition.pk)).content.decode()
    delegation_box = re.search(r'<select name="entries-0-delegation".*?</select>', page, re.S).group(0)
    product_box = re.search(r'<select name="entries-0-product".*?</select>', page, re.S).group(0)
    assert ">Lapas Kelas IIA Kupang</option>" in delegation_box  # the name alone: one exhibition
    assert elsewhere.name not in delegation_box
    assert '<optgroup label="Lapas Kelas IIA Kupang">' in product_box
    assert f'value="{entry.product_id}" selected' in product_box
    assert not_shown.name not in product_box


def test_judging_without_a_score_cannot_be_closed(staff_client, staff_user):
    """A staff probe closed an empty competition with one click (the page even said every juror
    had scored): closing is final, so the round could never be judged."""
    competition = Competition.objects.create(exhibition=factories.make_exhibition(), title="Lomba Kosong")
    _criteria(competition, 100)
    url = reverse("admin:exhibitions_competition_results", args=[competition.pk])

    page = staff_client.get(url).content.decode()
    refused = staff_client.post(url, {"action": "close", "confirm": "1"}, follow=True)

    assert "Belum ada nilai juri. Penilaian dapat ditutup setelah juri memberi nilai." in page
    assert "Semua juri sudah memberi semua nilai." not in page and 'value="close"' not in page
    assert [str(m) for m in refused.context["messages"]] == [
        "Belum ada nilai juri: penilaian baru dapat ditutup setelah juri memberi nilai."
    ]
    with pytest.raises(ValidationError):
        competition_close_scoring(competition=competition, user=staff_user)
    assert Competition.objects.get(pk=competition.pk).scoring_closed is False


def test_closing_judging_asks_to_confirm_that_it_is_final(jury, staff_client):
    competition = jury["competition"]
    url = reverse("admin:exhibitions_competition_results", args=[competition.pk])

    refused = staff_client.post(url, {"action": "close"}, follow=True)

    assert [str(m) for m in refused.context["messages"]] == [
        "Centang “Saya mengerti” untuk menutup penilaian: penutupan tidak dapat dibatalkan."
    ]
    assert Competition.objects.get(pk=competition.pk).scoring_closed is False
    assert "penutupan penilaian bersifat final" in refused.content.decode()


def test_the_competition_pages_show_their_moments_on_the_venues_clock(staff_client, staff_user):
    """A staff probe read "Penilaian ditutup pada 6 Des 2026, 11.09 WIB" on a competition in Makassar."""
    import datetime
    import zoneinfo

    exhibition = factories.make_exhibition(timezone="Asia/Makassar")
    moment = datetime.datetime(2026, 12, 6, 11, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    competition = Competition.objects.create(
        exhibition=exhibition, title="Lomba Cinderamata", scoring_closed=True, scoring_closed_at=moment,
        scoring_closed_by=staff_user, results_published=True, results_published_at=moment,
        results_published_by=staff_user,
    )

    change = staff_client.get(reverse("admin:exhibitions_competition_change", args=[competition.pk])).content.decode()
    results = staff_client.get(reverse("admin:exhibitions_competition_results", args=[competition.pk])).content.decode()

    assert "12.09" in change and "11.09" not in change
    assert "Pemenang diumumkan pada 6 Desember 2026, 12.09 WITA" in results


def test_jury_entry_a_decimal_score_is_refused_as_a_score_and_kept_in_its_box(jury):
    """A probe typed "7,5": the message spoke of thousands separators, and the number box of the
    browser showed the refused "7,5" and "abc" as empty."""
    one = jury["entries"][0]
    criteria = jury["criteria"]

    response = _client(jury["a"]).post(
        reverse("portal:jury-entry", args=[one.pk]),
        {f"criterion_{criteria[0].pk}": "7,5", f"criterion_{criteria[1].pk}": "abc"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tulis nilai bulat 0 sampai 100, tanpa pecahan: 85, bukan 85,5." in html
    assert 'type="text" name="criterion_%d" id="id_criterion_%d" value="7,5"' % (criteria[0].pk, criteria[0].pk) in html
    assert 'value="abc"' in html
    assert not JudgeScore.objects.filter(entry=one).exists()


def test_a_product_enters_a_competition_once(competition):
    """Found by a staff probe: the same sarong entered twice (NT-654 and NT-887), scored twice."""
    from django.core.exceptions import ValidationError

    first = _entry(competition, "CH-101")
    twin = CompetitionEntry(
        competition=competition, delegation=first.delegation, product=first.product, entry_code="CH-202", title="Lagi"
    )

    with pytest.raises(ValidationError) as refused:
        twin.full_clean()

    assert refused.value.message_dict["product"] == ["Produk ini sudah ikut lomba ini dengan kode peserta CH-101."]
    first.full_clean()  # itself is no twin
    other = Competition.objects.create(exhibition=competition.exhibition, title="Lomba Lain")
    CompetitionEntry(
        competition=other, delegation=first.delegation, product=first.product, entry_code="LL-1", title="Karya"
    ).full_clean()


def test_a_prison_officer_cannot_sit_on_a_jury(staff_client, competition, prison):
    """Found by a staff probe: any user, prison officers included, could be put on the jury; an
    officer would judge their own prison's work."""
    officer = factories.make_officer(prison=prison, username="petugas.juri")
    juror = _juror("juri.sah")
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data["jurors"] = [str(officer.pk), str(juror.pk)]

    refused = staff_client.post(url, data)

    assert refused.status_code == 200
    assert "adalah petugas lapas dan tidak dapat menjadi juri" in refused.context["adminform"].form.errors["jurors"][0]
    assert not competition.jurors.exists()


def test_an_account_without_the_jury_or_a_staff_role_is_refused_by_name(staff_client, competition):
    stranger = factories.make_user(username="tamu", first_name="Tamu")
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    data["jurors"] = [str(stranger.pk)]

    refused = staff_client.post(url, data)

    assert refused.context["adminform"].form.errors["jurors"] == [
        "Tamu tidak berperan juri atau staf; beri akunnya peran “Juri” lebih dulu."
    ]


def test_the_entry_add_page_offers_staff_who_sit_on_a_jury(staff_client, staff_user, competition):
    """Found by a staff probe: a staff member on this competition's jury could not be picked on
    the entry's own add page (only the Juri group was offered)."""
    competition.jurors.add(staff_user)

    form = staff_client.get(admin_url(CompetitionEntry, "add")).context["adminform"].form

    assert staff_user in form.fields["assigned_jurors"].queryset


def test_two_rows_of_one_page_cannot_enter_the_same_product(staff_client, competition):
    """Found by a review: each new row was checked against the saved entries only."""
    prison = factories.make_prison()
    delegation = factories.make_delegation(exhibition=competition.exhibition, prison=prison,
                                           status=Delegation.Status.ACCEPTED)
    product = factories.make_product(prison=prison)
    delegation.products.add(product)
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    for index in (0, 1):
        data.update({f"entries-{index}-entry_code": "", f"entries-{index}-title": f"Karya {index}",
                     f"entries-{index}-delegation": str(delegation.pk), f"entries-{index}-product": str(product.pk)})
    data["entries-TOTAL_FORMS"] = "2"

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert not CompetitionEntry.objects.exists()
    assert "Produk ini sudah ada di baris lain lomba ini." in response.content.decode()


def test_two_entries_may_swap_their_products_on_the_competition_page(staff_client, competition):
    """Found by an attacker probe: swapping two entries' products in one save was refused."""
    first, second = _entry(competition, "CH-101"), _entry(competition, "CH-202")
    product_of_first, product_of_second = first.product_id, second.product_id
    first.delegation.products.add(second.product)
    second.delegation.products.add(first.product)
    url = admin_url(Competition, "change", competition.pk)
    data = changeform_data(staff_client.get(url))
    rows = {data[f"entries-{i}-id"]: i for i in (0, 1)}
    data[f"entries-{rows[str(first.pk)]}-product"] = str(second.product_id)
    data[f"entries-{rows[str(second.pk)]}-product"] = str(first.product_id)

    response = staff_client.post(url, data)

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.product_id, second.product_id) == (product_of_second, product_of_first)


# --- Found by a ministry-staff probe (stop 28) -----------------------------------------------------


def test_scores_are_not_added_changed_or_deleted_in_the_admin(jury, staff_client):
    """Staff added a score under a non-juror's name, also after scoring was closed, and changed
    and deleted jurors' scores: an entry's final score moved after the close. The admin shows the
    scores; only the entry's jurors give them, on the jury page, while scoring is open."""
    score = JudgeScore.objects.filter(judge=jury["a"]).first()
    two = jury["entries"][1]
    before = list(JudgeScore.objects.order_by("pk").values_list("pk", "score"))

    listing = staff_client.get(admin_url(JudgeScore, "changelist"))
    add = staff_client.get(admin_url(JudgeScore, "add"))
    added = staff_client.post(
        admin_url(JudgeScore, "add"),
        {"entry": two.pk, "criterion": jury["criteria"][0].pk, "judge": factories.make_user(role=roles.MINISTRY_STAFF, username="rina").pk, "score": "50"},
    )
    changed = staff_client.post(admin_url(JudgeScore, "change", score.pk), {"score": "1"})
    deleted = staff_client.post(admin_url(JudgeScore, "delete", score.pk), {"post": "yes"})
    page = staff_client.get(admin_url(JudgeScore, "change", score.pk)).content.decode()

    assert listing.status_code == 200 and "CH-202" in listing.content.decode()
    assert (add.status_code, added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403, 403)
    assert 'name="score"' not in page
    assert list(JudgeScore.objects.order_by("pk").values_list("pk", "score")) == before


def test_a_staff_member_on_the_jury_scores_on_the_jury_page(competition):
    """The juror picker offers ministry staff; one so chosen got 403 on the jury pages and could
    score nowhere. A staff account on the jury scores its assigned entries, is led there from the
    admin's index, and sees no other entry; staff not on a jury are still refused."""
    criteria = _criteria(competition, 100)
    member = factories.make_user(role=roles.MINISTRY_STAFF, username="rina")
    other_staff = factories.make_user(role=roles.MINISTRY_STAFF, username="budi")
    competition.jurors.add(member)
    mine = _entry(competition, "CH-101", jurors=[member])
    not_mine = _entry(competition, "CH-102")
    client = _client(member)

    listing = client.get(reverse("portal:jury-list"))
    scored = client.post(reverse("portal:jury-entry", args=[mine.pk]), {f"criterion_{criteria[0].pk}": "80"})
    index = client.get(reverse("admin:index")).content.decode()

    assert listing.status_code == 200
    assert [e.entry_code for e in listing.context["competitions"][0].my_entries] == ["CH-101"]
    assert scored.status_code == 302
    assert list(JudgeScore.objects.values_list("judge__username", "score")) == [("rina", 80)]
    assert client.get(reverse("portal:jury-entry", args=[not_mine.pk])).status_code == 404
    assert reverse("portal:jury-list") in index
    assert _client(other_staff).get(reverse("portal:jury-list")).status_code == 403
    assert reverse("portal:jury-list") not in _client(other_staff).get(reverse("admin:index")).content.decode()


def test_editions_of_the_yearly_fair_are_told_apart_by_their_year(staff_client):
    """Both editions read "Pameran Produk Unggulan Narapidana" in every picker and filter, and
    "Lapas Kelas I Cipinang (Pameran Produk Unggulan Narapidana)" twice in the delegation picker."""
    title = "Pameran Produk Unggulan Narapidana"
    old = factories.make_exhibition(title=title, slug="ppun-2018", start_date=datetime.date(2018, 4, 3), end_date=datetime.date(2018, 4, 6))
    new = factories.make_exhibition(title=title, slug="ppun-2027", start_date=datetime.date(2027, 4, 6), end_date=datetime.date(2027, 4, 9))
    named = factories.make_exhibition(title="Pameran 2019", slug="p-2019", start_date=datetime.date(2019, 4, 2), end_date=datetime.date(2019, 4, 5))
    prison = factories.make_prison(name="Lapas Kelas I Cipinang")

    labels = [str(factories.make_delegation(exhibition=e, prison=prison, name=prison.name)) for e in (old, new)]
    changelist = staff_client.get(admin_url(Competition, "changelist")).content.decode()

    assert (str(old), str(new), str(named)) == (f"{title} (2018)", f"{title} (2027)", "Pameran 2019")
    assert labels == [f"Lapas Kelas I Cipinang ({title} (2018))", f"Lapas Kelas I Cipinang ({title} (2027))"]
    assert f"{title} (2018)" in changelist and f"{title} (2027)" in changelist
