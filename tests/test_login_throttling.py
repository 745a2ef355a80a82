"""Login throttling (django-axes, config/auth.py, config/admin.py): both login pages lock a
username out from one address after LOGIN_FAILURE_LIMIT failures, show a styled lock-out page
saying when to try again and whom to ask, and forget the failures after a successful login."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone, translation

from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass-Etalase"  # factories.make_user's
PORTAL_LOGIN = "/masuk/"
ADMIN_LOGIN = "/admin/login/"
LOGIN_PAGES = [PORTAL_LOGIN, ADMIN_LOGIN]


@pytest.fixture
def staff_account(db):
    # Staff, so that the admin login page accepts the account too.
    return factories.make_user(role="Staf Kemenperin", username="siti")


def _login(client, url, username, password, ip="203.0.113.7", **extra):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def _fail(client, url, username, times, ip="203.0.113.7", **extra):
    return [_login(client, url, username, "salah-sekali", ip=ip, **extra) for _ in range(times)]


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_login_locks_out_at_the_failure_limit(url, staff_account):
    limit = django_settings.AXES_FAILURE_LIMIT
    client = Client()

    before = _fail(client, url, "siti", limit - 1)
    locking = _fail(client, url, "siti", 1)[0]
    with_right_password = _login(client, url, "siti", PASSWORD)

    assert limit == 5
    assert [r.status_code for r in before] == [200] * (limit - 1)  # the form again, with its error
    assert (locking.status_code, with_right_password.status_code) == (429, 429)
    assert not _signed_in(client)
    assert AccessAttempt.objects.get(username="siti").failures_since_start == limit + 1


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_lockout_page_says_when_to_try_again_and_whom_to_ask(url, staff_account):
    response = _fail(Client(), url, "siti", django_settings.AXES_FAILURE_LIMIT)[-1]

    html = response.content.decode()
    attempt = AccessAttempt.objects.get(username="siti")
    until = timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=30))
    until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    # The lock-out page replaces the login form the view rendered, in the site's own layout.
    names = [t.name for t in response.templates]
    assert names[names.index("registration/locked_out.html") + 1] == "base.html"
    assert 'href="#main"' in html  # the layout's skip link: the whole site page, not bare text
    assert "<h1 class=\"h2 fw-semibold\">Terlalu banyak percobaan masuk</h1>" in html
    assert "setelah 5 kali gagal" in html
    assert f"Coba lagi setelah pukul {until:%H.%M} WIB (30 menit lagi)." in html
    assert "Staf Ditjen PAS" in html and "administrator Etalase" in html
    assert 'name="password"' not in html  # no form to keep guessing with


def test_lockout_page_follows_the_language_switch(staff_account):
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = _fail(client, PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT)[-1]

    html = response.content.decode()
    with translation.override("en"):
        title = translation.gettext("Terlalu banyak percobaan masuk")
    attempt = AccessAttempt.objects.get(username="siti")
    until = timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=30))
    until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    assert response.status_code == 429
    assert '<html lang="en">' in html
    assert f"<h1 class=\"h2 fw-semibold\">{title}</h1>" in html
    # The time as English writes it (10:30), not as Indonesian does (10.30).
    assert f"Try again after {until:%H:%M} WIB (in 30 minutes)." in html


def test_lockout_is_per_username_and_address(staff_account):
    other = factories.make_user(role="Staf Kemenperin", username="budi")
    _fail(Client(), PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT, ip="203.0.113.7")

    same_user_elsewhere = Client()
    other_user_same_address = Client()
    from_elsewhere = _login(same_user_elsewhere, PORTAL_LOGIN, "siti", PASSWORD, ip="198.51.100.23")
    other_user = _login(other_user_same_address, PORTAL_LOGIN, other.username, PASSWORD, ip="203.0.113.7")

    assert (from_elsewhere.status_code, other_user.status_code) == (302, 302)
    assert _signed_in(same_user_elsewhere) and _signed_in(other_user_same_address)


def test_successful_login_clears_the_failures(staff_account):
    limit = django_settings.AXES_FAILURE_LIMIT
    _fail(Client(), PORTAL_LOGIN, "siti", limit - 1)

    success = _login(Client(), PORTAL_LOGIN, "siti", PASSWORD)
    again = _fail(Client(), PORTAL_LOGIN, "siti", limit - 1)

    assert success.status_code == 302
    assert [r.status_code for r in again] == [200] * (limit - 1)  # counting started afresh
    assert AccessAttempt.objects.get(username="siti").failures_since_start == limit - 1
    assert AccessLog.objects.filter(username="siti").count() == 1  # the login is on record


def test_lockout_ends_after_the_cool_off(staff_account):
    _fail(Client(), PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    client = Client()

    response = _login(client, PORTAL_LOGIN, "siti", PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_lockout_ignores_a_forged_forwarded_for_header(staff_account):
    for i in range(django_settings.AXES_FAILURE_LIMIT):
        _fail(Client(), PORTAL_LOGIN, "siti", 1, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")

    response = _login(Client(), PORTAL_LOGIN, "siti", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


def test_lockout_behind_the_proxy_uses_the_address_it_appended(staff_account, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxy = "10.0.0.1"
    _fail(Client(), PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT, ip=proxy,
          HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")

    locked = _login(Client(), PORTAL_LOGIN, "siti", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    other = _login(Client(), PORTAL_LOGIN, "siti", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert (locked.status_code, other.status_code) == (429, 302)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


# --- The back-office: who sees the records, lifting a lock-out --------------------------------------


def test_staff_see_the_lockout_in_the_admin_and_lift_it(staff_client, staff_account):
    _fail(Client(), ADMIN_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="siti")

    listing = staff_client.get(admin_url(AccessAttempt, "changelist"))
    index = staff_client.get("/admin/")
    deleted = staff_client.post(admin_url(AccessAttempt, "delete", attempt.pk), {"post": "yes"})
    client = Client()
    after = _login(client, ADMIN_LOGIN, "siti", PASSWORD)

    assert [row.username for row in listing.context["cl"].result_list] == ["siti"]
    assert admin_url(AccessAttempt, "changelist") in index.content.decode()  # on the dashboard
    assert deleted.status_code == 302
    assert (after.status_code, _signed_in(client)) == (302, True)


def test_corrections_staff_may_lift_a_lockout_too(corrections_client, staff_account):
    _fail(Client(), PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="siti")

    response = corrections_client.post(admin_url(AccessAttempt, "delete", attempt.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_login_records_are_read_only_and_closed_to_accounts_without_user_rights(staff_client, staff_account):
    _fail(Client(), PORTAL_LOGIN, "siti", 1)
    _login(Client(), PORTAL_LOGIN, "siti", PASSWORD)
    attempt = AccessAttempt.objects.create(username="x", ip_address="203.0.113.9", failures_since_start=1,
                                           attempt_time=timezone.now(), user_agent="", http_accept="", path_info="/")
    log = AccessLog.objects.get(username="siti")
    curator = factories.make_user(username="kurator", is_staff=True)
    curator_client = Client()
    curator_client.force_login(curator)

    change_post = staff_client.post(admin_url(AccessAttempt, "change", attempt.pk), {"username": "y"})
    log_delete = staff_client.post(admin_url(AccessLog, "delete", log.pk), {"post": "yes"})

    assert staff_client.get(admin_url(AccessAttempt, "add")).status_code == 403
    assert change_post.status_code == 403
    assert log_delete.status_code == 403
    assert AccessAttempt.objects.get(pk=attempt.pk).username == "x"
    assert curator_client.get(admin_url(AccessAttempt, "changelist")).status_code == 403
    assert curator_client.get(admin_url(AccessLog, "changelist")).status_code == 403


def test_lockout_page_passes_the_templates_own_checks(staff_account):
    # No inline script or style on the lock-out page either (the CSP forbids them).
    html = _fail(Client(), PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT)[-1].content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert re.findall(r"\sstyle=", html) == []


@pytest.mark.parametrize("query", ["attempt_time__year=-1", "attempt_time__year=99999999999999999999"])
@pytest.mark.parametrize("model", [AccessAttempt, AccessLog])
def test_login_record_lists_answer_a_date_out_of_range_as_a_bad_filter(staff_client, model, query):
    url = admin_url(model, "changelist")

    response = staff_client.get(f"{url}?{query}")

    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_one_address_trying_many_usernames_is_locked_out(url, staff_account, settings):
    """Found by a security probe: password spraying (a few passwords on many accounts) from one
    address stayed under the per-username limit for ever."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    client = Client()
    for number in range(4):
        _fail(client, url, f"tebakan{number}", 2)  # 8 failures, none locks its username

    refused = _login(client, url, "siti", PASSWORD)
    elsewhere = _login(Client(), url, "siti", PASSWORD, ip="198.51.100.9")

    assert refused.status_code == 429 and not _signed_in(client)
    assert "Retry-After" in refused
    assert elsewhere.status_code == 302  # another address is not affected


def test_the_address_limit_leaves_an_office_room_for_mistakes(staff_account, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 30
    client = Client()
    for number in range(6):
        _fail(client, PORTAL_LOGIN, f"petugas{number}", 3)  # six officers, three typos each

    assert _login(client, PORTAL_LOGIN, "siti", PASSWORD).status_code == 302


def test_an_ipv6_network_counts_as_one_address(staff_account):
    """Found by the sixth attacker probe: any host has a whole /64 of IPv6 addresses, so counting
    each address apart let it try a new address per password."""
    _fail(Client(), PORTAL_LOGIN, "siti", django_settings.AXES_FAILURE_LIMIT, ip="2001:db8:5:6::1")

    next_address = _login(Client(), PORTAL_LOGIN, "siti", PASSWORD, ip="2001:db8:5:6:ffff:1:2:3")
    other_network = Client()
    from_elsewhere = _login(other_network, PORTAL_LOGIN, "siti", PASSWORD, ip="2001:db8:5:7::1")

    assert next_address.status_code == 429
    assert from_elsewhere.status_code == 302 and _signed_in(other_network)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:5:6:ffff:1:2:3", "2001:db8:5:6::"),
        ("2001:DB8:5:6::1", "2001:db8:5:6::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 written as IPv6
        ("", ""),
        ("not-an-address", "not-an-address"),
    ],
)
def test_address_key(address, key):
    from config.auth import address_key

    assert address_key(address) == key


def test_the_lockout_counts_every_spelling_of_a_username_together(staff_account):
    """The sign-in takes "Siti" for "siti": the five tries are shared by all capitals (found by
    a security probe: each spelling had five of its own, and a locked account let "Siti" in)."""
    limit = django_settings.AXES_FAILURE_LIMIT
    client = Client()
    spellings = ["siti", "Siti", "SITI", "sIti", "siTi"]
    responses = [_login(client, PORTAL_LOGIN, spelling, "salah-sekali") for spelling in spellings[:limit]]
    other_capitals = _login(client, PORTAL_LOGIN, "SiTi", PASSWORD)

    assert responses[-1].status_code == 429
    assert other_capitals.status_code == 429
    assert not _signed_in(client)
    assert AccessAttempt.objects.get().username == "siti"


@pytest.mark.parametrize("username", ["siti", "SITI", "tidak-ada", "TIDAK-ADA"])
def test_a_failed_sign_in_costs_one_password_hash_whoever_is_named(staff_account, username, monkeypatch):
    """Whether a name exists in other capitals must not show in the time a wrong password takes:
    every failure runs the hasher exactly once (found by a security probe: "PAS" took twice as
    long as "PAZ")."""
    from django.contrib.auth import hashers

    calls = []
    hasher = type(hashers.get_hasher())
    real = hasher.encode

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    response = _login(Client(), PORTAL_LOGIN, username, "salah-sekali")
    assert response.status_code == 200
    assert len(calls) == 1
