"""Password rules (Django's four validators, at least 10 characters) and session expiry: a session
ends SESSION_COOKIE_AGE after sign-in, and its cookie is HttpOnly and SameSite=Lax."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.admin_helpers import changeform_data

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_password_validators_are_djangos_four_with_ten_characters_minimum():
    assert [v["NAME"].rsplit(".", 1)[1] for v in django_settings.AUTH_PASSWORD_VALIDATORS] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert django_settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] == {"min_length": 10}


def _add_user(client, password):
    data = changeform_data(client.get("/admin/auth/user/add/"))  # the officer inline's forms too
    data.update(username="akun.baru", usable_password="true", password1=password, password2=password)
    return client.post("/admin/auth/user/add/", data)


def _error_codes(form, field) -> set[str]:
    return {error.code for error in form.errors.as_data().get(field, [])}


def test_admin_user_creation_refuses_a_weak_password(staff_client):
    response = _add_user(staff_client, "12345")

    assert response.status_code == 200  # the form again
    assert _error_codes(response.context["adminform"].form, "password2") == {
        "password_too_short",
        "password_too_common",
        "password_entirely_numeric",
    }
    assert not User.objects.filter(username="akun.baru").exists()


def test_admin_user_creation_refuses_nine_characters_and_accepts_ten(staff_client):
    short = _add_user(staff_client, "Batik#Tul")  # 9 characters, nothing else wrong with it
    accepted = _add_user(staff_client, "Batik#Tulis")

    assert _error_codes(short.context["adminform"].form, "password2") == {"password_too_short"}
    assert accepted.status_code == 302
    assert User.objects.get(username="akun.baru").check_password("Batik#Tulis")


def test_password_change_refuses_a_password_like_the_username():
    user = factories.make_user(role="Staf Kemenperin", username="sitirahayu")
    client = Client()
    client.force_login(user)

    response = client.post(
        "/admin/password_change/",
        {"old_password": "s3cret-pass-Etalase", "new_password1": "sitirahayu1", "new_password2": "sitirahayu1"},
    )

    assert response.status_code == 200
    assert _error_codes(response.context["form"], "new_password2") == {"password_too_similar"}
    user.refresh_from_db()
    assert user.check_password("s3cret-pass-Etalase")


# --- Sessions --------------------------------------------------------------------------------------


def test_session_cookie_settings():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is False  # not extended by activity


def test_login_sets_an_eight_hour_httponly_lax_session_cookie():
    factories.make_user(role="Staf Kemenperin", username="siti")
    client = Client()

    response = client.post("/masuk/", {"username": "siti", "password": "s3cret-pass-Etalase"})

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert (cookie["max-age"], cookie["httponly"], cookie["samesite"]) == (28800, True, "Lax")
    session = Session.objects.get(session_key=cookie.value)
    assert abs((session.expire_date - timezone.now()) - datetime.timedelta(hours=8)) < datetime.timedelta(minutes=1)


def _expire_sessions():
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    cache.clear()  # a cached_db session store would still hold it


def test_expired_session_sends_the_officer_back_to_the_login_page(officer_client):
    assert officer_client.get("/portal/").status_code == 200
    _expire_sessions()

    response = officer_client.get("/portal/")

    assert (response.status_code, response["Location"]) == (302, "/masuk/?next=/portal/")


def test_expired_session_sends_staff_back_to_the_admin_login(staff_client):
    assert staff_client.get("/admin/").status_code == 200
    _expire_sessions()

    response = staff_client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


# --- Environment variables -------------------------------------------------------------------------


def test_login_and_session_limits_come_from_the_environment(tmp_path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_LOCKOUT_MINUTES="90",
        SESSION_COOKIE_AGE="3600",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.SESSION_COOKIE_AGE)"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, capture_output=True, text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "5400", "3600"]
