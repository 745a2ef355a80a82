"""Every portal URL, walked from the URL conf: who may reach it, and that another prison's objects
are not found. A portal URL missing from EXPECTATIONS fails ``test_every_portal_url_is_covered``,
so a new portal page cannot ship without its scoping test."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from exhibitions.models import Delegation
from tests import factories

# Kinds of portal URL:
# - "page": no object in the URL; an officer gets 200.
# - "prison": the URL names an object owned by a prison; another prison's officer gets 404.
# - "shared": the URL names an object that is not any prison's (an exhibition); officers may open it.
# - "jury": a page for jurors (Juri group), not officers; the builder makes what it names for the
#   juror JUROR_USERNAME. Officers get 403; another juror gets 404 for an object (see below).
PAGE, PRISON, SHARED, JURY = "page", "prison", "shared", "jury"
JUROR_USERNAME = "juri.pemilik"


def _inmate(prison):
    return {"pk": factories.make_inmate(prison=prison).pk}


def _product(prison):
    return {"pk": factories.make_product(prison=prison, status="draft").pk}


def _application(prison):
    return {"pk": factories.make_delegation(prison=prison).pk}


def _inquiry(prison):
    product = factories.make_product(prison=prison)
    return {"pk": factories.make_inquiry(product=product, prison=prison).pk}


def _open_exhibition(prison):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    exhibition = factories.make_exhibition(
        start_date=(now + datetime.timedelta(days=60)).date(),
        end_date=(now + datetime.timedelta(days=63)).date(),
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=30),
    )
    return {"slug": exhibition.slug}


def _booth(prison):
    from exhibitions.models import Booth

    delegation = factories.make_delegation(prison=prison, status="accepted")
    booth = Booth.objects.create(exhibition=delegation.exhibition, code=f"S-{factories.n()}", delegation=delegation)
    return {"pk": booth.pk}


def _booth_sale(prison):
    from exhibitions.models import Booth

    kwargs = _booth(prison)
    booth = Booth.objects.select_related("delegation").get(pk=kwargs["pk"])
    sale = factories.make_sale(delegation=booth.delegation, booth=booth)
    return {"pk": booth.pk, "sale": sale.pk}


def _certificate(prison):
    import datetime

    from programs.models import Certificate

    participant = factories.make_participant(
        training=factories.make_training(prison=prison), status="confirmed", passed=True, score=80
    )
    certificate = Certificate.objects.create(
        participant=participant, number=f"IKM/BIMTEK/2018/S{factories.n()}", issued_on=datetime.date(2018, 3, 5)
    )
    return {"pk": certificate.pk}


def _released_inmate(prison):
    import datetime

    inmate = factories.make_inmate(prison=prison, status="released", release_date=datetime.date(2018, 1, 15))
    return {"pk": inmate.pk}


def _training(prison):
    return {"pk": factories.make_training(prison=prison).pk}


def _training_participant(prison):
    return {"pk": factories.make_participant(training=factories.make_training(prison=prison)).pk}


def _accepted_delegation(prison):
    return {"pk": factories.make_delegation(prison=prison, status="accepted").pk}


def _juror():
    from django.contrib.auth import get_user_model

    from inmates import roles

    juror = get_user_model().objects.filter(username=JUROR_USERNAME).first()
    return juror or factories.make_user(role=roles.JURY, username=JUROR_USERNAME)


def _jury_competition(prison):
    from exhibitions.models import Competition

    competition = Competition.objects.create(exhibition=factories.make_exhibition(), title="Lomba Uji")
    competition.jurors.add(_juror())
    return competition


def _jury_entry(prison):
    from exhibitions.models import CompetitionEntry, Criterion

    competition = _jury_competition(prison)
    Criterion.objects.create(competition=competition, name="Kreativitas", weight=100)
    delegation = factories.make_delegation(exhibition=competition.exhibition, prison=prison, status="accepted")
    entry = CompetitionEntry.objects.create(
        competition=competition, delegation=delegation, entry_code=f"U-{factories.n()}", title="Karya Uji"
    )
    entry.assigned_jurors.add(_juror())
    return {"pk": entry.pk}


def _jury_results(prison):
    return {"pk": _jury_competition(prison).pk}


EXPECTATIONS = {
    "certificate-list": (PAGE, None),
    "certificate-pdf": (PRISON, _certificate),
    "followup-list": (PAGE, None),
    "aid-list": (PAGE, None),
    "followup-create": (PRISON, _released_inmate),
    "dashboard": (PAGE, None),
    "inmate-list": (PAGE, None),
    "inmate-create": (PAGE, None),
    "inmate-import": (PAGE, None),
    "inmate-import-template": (PAGE, None),
    "inmate-detail": (PRISON, _inmate),
    "inmate-update": (PRISON, _inmate),
    "inmate-consent": (PRISON, _inmate),
    "inmate-consent-withdraw": (PRISON, _inmate),
    "inmate-release": (PRISON, _inmate),
    "inmate-status-undo": (PRISON, _released_inmate),
    "inmate-transfer": (PRISON, _inmate),
    "product-list": (PAGE, None),
    "product-create": (PAGE, None),
    "maker-search": (PAGE, None),  # JSON of the officer's own prison (tests/test_choice_search.py)
    "exhibit-product-search": (PAGE, None),
    "product-update": (PRISON, _product),
    "product-archive": (PRISON, _product),
    "product-revision-discard": (PRISON, _product),
    "application-list": (PAGE, None),
    "application-create": (SHARED, _open_exhibition),
    "application-detail": (PRISON, _application),
    "application-update": (PRISON, _application),
    "application-withdraw": (PRISON, _application),
    "inquiry-list": (PAGE, None),
    "inquiry-detail": (PRISON, _inquiry),
    "training-list": (PAGE, None),
    "training-detail": (PRISON, _training),
    "training-propose": (PRISON, _training),
    "training-propose-search": (PRISON, _training),
    "training-attendance": (PRISON, _training),
    "training-participant-withdraw": (PRISON, _training_participant),
    "sales-desk-list": (PAGE, None),
    "sales-desk": (PRISON, _booth),
    "sales-desk-record": (PRISON, _booth),
    "sales-desk-reverse": (PRISON, _booth_sale),
    "stock-list": (PAGE, None),
    "stock-update": (PRISON, _accepted_delegation),
    "jury-list": (JURY, None),
    "jury-entry": (JURY, _jury_entry),
    "jury-results": (JURY, _jury_results),
}


def portal_url_names() -> list[str]:
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and namespace == "portal" and pattern.name:
                names.append(pattern.name)

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


def test_every_portal_url_is_covered():
    assert portal_url_names() == sorted(EXPECTATIONS)


def _url(name, prison):
    kind, build = EXPECTATIONS[name]
    return reverse(f"portal:{name}", kwargs=build(prison) if build else None)


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_portal_url_anonymous_is_sent_to_login(name, prison):
    url = _url(name, prison)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_portal_url_signed_in_non_officer_is_forbidden(name, prison):
    url = _url(name, prison)
    client = Client()
    client.force_login(factories.make_user(username="pengunjung"))

    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in EXPECTATIONS.items() if kind == PRISON))
def test_portal_url_other_prisons_object_is_not_found(name, prison, other_prison, officer_client):
    url = _url(name, other_prison)
    delegations_before = list(Delegation.objects.values_list("pk", "status"))

    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, {}).status_code == 404
    assert list(Delegation.objects.values_list("pk", "status")) == delegations_before


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in EXPECTATIONS.items() if kind == PRISON))
def test_portal_url_own_prisons_object_is_found(name, prison, officer_client):
    url = _url(name, prison)

    assert officer_client.get(url).status_code in (200, 302, 405)


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in EXPECTATIONS.items() if kind in (PAGE, SHARED)))
def test_portal_page_opens_for_officer(name, prison, officer_client):
    url = _url(name, prison)

    assert officer_client.get(url).status_code == 200


# --- Jury pages: for jurors only; an entry or competition not theirs is not found -------------

JURY_NAMES = sorted(n for n, (kind, _) in EXPECTATIONS.items() if kind == JURY)


@pytest.mark.parametrize("name", JURY_NAMES)
def test_jury_url_officer_is_forbidden(name, prison, officer_client):
    url = _url(name, prison)

    assert officer_client.get(url).status_code == 403
    assert officer_client.post(url, {}).status_code == 403


@pytest.mark.parametrize("name", JURY_NAMES)
def test_jury_url_opens_for_its_juror(name, prison):
    url = _url(name, prison)
    client = Client()
    client.force_login(_juror())

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n in JURY_NAMES if EXPECTATIONS[n][1] is not None))
def test_jury_url_other_jurors_object_is_not_found(name, prison):
    from exhibitions.models import JudgeScore
    from inmates import roles

    url = _url(name, prison)
    client = Client()
    client.force_login(factories.make_user(role=roles.JURY, username="juri.lain"))

    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert JudgeScore.objects.count() == 0


def test_portal_reads_the_officers_profile_and_prison_in_one_query(prison, officer_client):
    """Every portal page needs the officer's prison (the scope, the header): the profile and its
    prison come with the signed-in user in one query (inmates/backends.py), read once per request
    however often the scope is asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer_client.get(reverse("portal:product-list"))  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(reverse("portal:product-list"))
    assert response.status_code == 200
    profile_reads = [q["sql"] for q in queries if "inmates_officerprofile" in q["sql"]]
    prison_reads = [
        q["sql"] for q in queries if q["sql"].lstrip().startswith('SELECT "inmates_prison"."id"')
    ]
    assert len(profile_reads) == 1, profile_reads
    assert profile_reads[0].lstrip().startswith('SELECT "auth_user"."id"')
    assert 'JOIN "inmates_prison"' in profile_reads[0]
    assert prison_reads == []
    assert response.context["request"].prison == prison


def test_a_user_without_an_officer_profile_costs_no_query_to_find_that_out(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inmates.scoping import _officer_profile

    staff_client.get("/admin/")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/admin/")
    assert response.status_code == 200
    # (The dashboard's count of inquiries to prisons without an officer reads which prisons have
    # officers: not a look-up of the user's own profile.)
    own = [q["sql"] for q in queries if re.search(r'"inmates_officerprofile"\."user_id" = \d', q["sql"])]
    assert own == []
    assert _officer_profile(response.wsgi_request.user) is None


def test_officer_without_profile_gets_no_prison(db):
    from inmates import roles
    from inmates.scoping import officer_prison_id

    user = factories.make_user(role=roles.PRISON_OFFICER, username="tanpa.profil")
    assert officer_prison_id(user) is None
    assert officer_prison_id(user) is None  # asked again: still none, no error
