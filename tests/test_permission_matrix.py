"""Every URL of the URL conf, requested by every role, against the designed answer.

The URLs are walked from the URL conf (public, portal, login and logout, i18n, sitemap, robots,
health, media and the whole admin: each registered model's pages and every custom admin page);
what each role must get is in tests/permission_matrix_data.py. A URL that is not there fails
``test_every_url_has_expectations``: a new page cannot ship without saying who may open it.

Roles: anonymous; a visitor (signed in, no role); the officer of the object's prison; an officer
of another prison; a juror; corrections staff (Staf Ditjen PAS); ministry staff (Staf
Kemenperin). A refused role is refused for POST too, so a write cannot slip past a check that
only guards GET.

Speed (about 2,300 tests): the roles' users and sessions are made once for the module and
each URL's objects once for all its roles, inside one transaction rolled back at the end; each
test runs in a transaction of its own within it (``db``), so what a request changes (a logout, a
restore) is undone before the next.
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from inmates import roles
from inmates.models import Inmate
from tests import factories
from tests import permission_matrix_data as matrix
from tests.admin_factories import make_rows
from tests.admin_helpers import action_data, admin_url

SPECS = matrix.all_specs()
KEYS = matrix.url_keys()
CASES = [(key, role) for key in KEYS if key in SPECS for role in matrix.ROLES]
POST_ONLY = sorted(key for key in KEYS if key in SPECS and SPECS[key].get_refused_for)


# --- The table covers the URL conf ------------------------------------------------------------


def test_every_url_has_expectations():
    missing = sorted(set(KEYS) - set(SPECS) - matrix.BENCHMARK_ONLY)

    assert missing == [], "URLs without a row in tests/permission_matrix_data.py:\n" + "\n".join(missing)


def test_no_expectations_for_urls_that_are_gone():
    assert sorted(set(SPECS) - set(KEYS)) == []


def test_every_admin_model_has_its_rights_written_down():
    assert matrix.admin_registered_labels() == sorted(matrix.ADMIN_RIGHTS)


def test_every_spec_says_what_each_role_gets():
    incomplete = sorted(key for key, spec in SPECS.items() if set(spec.expect) != set(matrix.ROLES))

    assert incomplete == []


# --- One data set for the module ---------------------------------------------------------------


class World:
    """The prisons, the roles' signed-in sessions and each URL's objects, made once."""

    def __init__(self):
        self.prison = factories.make_prison(name="Lapas Kelas I Cipinang", slug="lapas-cipinang")
        self.other_prison = factories.make_prison(name="Lapas Kelas IIA Kerobokan", slug="lapas-kerobokan")
        self.users = {}
        self.sessions = {}
        for role in matrix.ROLES:
            user = matrix.make_role_user(role, prison=self.prison, other_prison=self.other_prison)
            self.users[role] = user
            if user is not None:
                client = Client()
                client.force_login(user)
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        self._built = {}

    def client(self, role) -> Client:
        client = Client()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def built(self, key):
        if key not in self._built:
            # Outside any test's transaction (only the module's is open), or the other roles'
            # tests would find the objects rolled back.
            assert len(connection.atomic_blocks) == 1, "build the URL's objects before ``db``"
            with transaction.atomic():  # a builder that fails leaves nothing half made
                self._built[key] = SPECS[key].build(self)
        return self._built[key]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _media_root(settings, media_root):
    # Instead of conftest's folder per test: the files a URL's builder stores serve every role.
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield World()
        transaction.set_rollback(True)


@pytest.fixture
def built(request, world):
    # Made before the test's own transaction (``db``, requested after this fixture), so that the
    # other roles' tests of the URL find it.
    return world.built(request.node.callspec.params["key"])


# --- Requests ----------------------------------------------------------------------------------


def _request(client, method, built, spec):
    if method == "get":
        return client.get(built.url)
    data = spec.data(built) if spec.data else {}
    if spec.content_type:
        return client.post(built.url, data=data, content_type=spec.content_type)
    return client.post(built.url, data=data)


def _assert_answer(response, expected, built, *, what):
    if isinstance(expected, matrix.Login):
        login = redirect_to_login(built.url, reverse(expected.login_url_name))["Location"]
        assert (response.status_code, response.get("Location")) == (302, login), what
    elif isinstance(expected, matrix.Redirect):
        assert response.status_code == expected.status, what
        assert urlsplit(response["Location"]).path == expected.to(built), what
    else:
        assert response.status_code == expected, what


@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{key}-{role}" for key, role in CASES])
def test_url_answers_role_as_designed(key, role, world, built, db):
    spec = SPECS[key]
    client = world.client(role)
    expected = spec.expect[role]

    response = _request(client, spec.method, built, spec)

    _assert_answer(response, expected, built, what=f"{spec.method.upper()} {built.url} as {role}")
    post_expected = spec.post.get(role)
    if (
        post_expected is None
        and spec.method == "get"
        and spec.post_refused_too
        and matrix.is_refusal(expected)
    ):
        post_expected = expected
    if post_expected is not None:
        response = _request(client, "post", built, spec)
        _assert_answer(response, post_expected, built, what=f"POST {built.url} as {role}")


@pytest.mark.parametrize("key", POST_ONLY)
def test_post_only_url_refuses_get(key, world, built, db):
    client = world.client(SPECS[key].get_refused_for)

    response = client.get(built.url)

    assert response.status_code == 405
    assert "POST" in response["Allow"]


# --- Changelist actions: a role without the rights an action needs cannot run it ----------------

REFUSED_ACTIONS = matrix.refused_admin_actions()


@pytest.mark.parametrize(
    ("label", "action", "role"), REFUSED_ACTIONS, ids=["-".join(case) for case in REFUSED_ACTIONS]
)
def test_admin_action_is_refused_without_the_rights(label, action, role, world, db):
    model = apps.get_model(label)
    row = make_rows(model, 1)[0]
    before = (model._base_manager.count(), model._base_manager.filter(pk=row.pk).values().get())
    url = admin_url(model, "changelist")

    response = world.client(role).post(url, action_data(action, [row]))

    # Django offers only the actions the user may run: any other is "no action selected".
    assert (response.status_code, response["Location"]) == (302, url)
    assert (model._base_manager.count(), model._base_manager.filter(pk=row.pk).values().get()) == before


def test_admin_actions_refused_include_the_curation_and_the_deletions():
    # Corrections staff read products, consents and trainings; they neither curate nor delete.
    assert {
        ("products.Product", "approve_products", matrix.CORRECTIONS),
        ("inmates.Consent", "withdraw_consents", matrix.CORRECTIONS),
        ("inmates.Inmate", "delete_selected", matrix.CORRECTIONS),
        ("programs.Training", "issue_certificates", matrix.CORRECTIONS),
        ("inmates.Consent", "delete_selected", matrix.MINISTRY),
        ("exhibitions.Sale", "delete_selected", matrix.MINISTRY),
    } <= set(REFUSED_ACTIONS)
    assert ("inmates.OfficerProfile", "delete_selected", matrix.CORRECTIONS) not in REFUSED_ACTIONS


# --- The hole this matrix found: reverting to a past version is a change -----------------------


def _revert_data(inmate, **changes) -> dict:
    data = {
        "prison": inmate.prison_id,
        "legal_name": inmate.legal_name,
        "registration_number": inmate.registration_number,
        "gender": inmate.gender,
        "birth_year": inmate.birth_year,
        "status": inmate.status,
        "display_name": inmate.display_name,
        "public_story": inmate.public_story,
    }
    data.update(changes)
    # The two consent inlines of the inmate's change form, empty.
    for prefix in ("consents", "consents-2"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def _history_url(inmate) -> str:
    inmate.save()  # a history row to revert to
    record = inmate.history.order_by("-history_id").first()
    return reverse("admin:inmates_inmate_simple_history", args=[inmate.pk, record.history_id])


@pytest.mark.parametrize(
    ("role", "status", "legal_name"),
    [(roles.CORRECTIONS_STAFF, 403, "Nama Asli"), (roles.MINISTRY_STAFF, 302, "Nama Diubah")],
    ids=["corrections-refused", "ministry-reverts"],
)
def test_reverting_an_inmate_from_history_needs_the_change_right(role, status, legal_name, world, db):
    inmate = factories.make_inmate(prison=world.prison, legal_name="Nama Asli")
    url = _history_url(inmate)
    client = Client()
    client.force_login(factories.make_user(role=role))

    response = client.post(url, _revert_data(inmate, legal_name="Nama Diubah"))

    assert response.status_code == status
    assert Inmate.objects.get(pk=inmate.pk).legal_name == legal_name


def test_matrix_world_is_what_the_roles_need(world, db):
    # The roles are who the expectations say they are.
    users = world.users
    assert users[matrix.ANONYMOUS] is None
    assert list(users[matrix.VISITOR].groups.values_list("name", flat=True)) == []
    assert users[matrix.OFFICER].officer_profile.prison == world.prison
    assert users[matrix.OTHER_OFFICER].officer_profile.prison == world.other_prison
    assert [
        (u.is_staff, list(u.groups.values_list("name", flat=True)))
        for u in (users[matrix.JUROR], users[matrix.CORRECTIONS], users[matrix.MINISTRY])
    ] == [
        (False, [roles.JURY]),
        (True, [roles.CORRECTIONS_STAFF]),
        (True, [roles.MINISTRY_STAFF]),
    ]
