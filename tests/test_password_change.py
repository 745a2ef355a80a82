"""An officer changes the password staff gave them, in the portal (found by a new officer's
probe: no page for it existed, so the staff member who typed it kept knowing it)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from inmates import roles
from tests import factories

pytestmark = pytest.mark.django_db

OLD = "s3cret-pass-Etalase"
NEW = "Makassar-baru-2026!"


def _signed_in(user):
    client = Client()
    assert client.post("/masuk/", {"username": user.username, "password": OLD}).status_code == 302
    return client


def test_an_officer_finds_the_page_from_the_portal_and_changes_the_password(db):
    officer = factories.make_officer(username="petugas.baru", password=OLD)
    client = _signed_in(officer)
    other_device = _signed_in(officer)

    assert 'href="/akun/sandi/"' in client.get("/portal/").content.decode()
    response = client.post("/akun/sandi/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302 and response["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()
    assert "Kata sandi Anda sudah diganti" in page  # still signed in here
    assert other_device.get("/portal/").status_code == 302  # signed out elsewhere
    assert get_user_model().objects.get(pk=officer.pk).check_password(NEW)


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_in_indonesian(db):
    officer = factories.make_officer(username="petugas.baru", password=OLD)
    client = _signed_in(officer)

    wrong = client.post("/akun/sandi/", {"old_password": "salah", "new_password1": NEW, "new_password2": NEW})
    weak = client.post("/akun/sandi/", {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"})

    assert wrong.status_code == 200 and "Periksa lagi isian" in wrong.content.decode()
    assert weak.status_code == 200 and "terlalu umum" in weak.content.decode()
    assert get_user_model().objects.get(pk=officer.pk).check_password(OLD)


def test_a_juror_may_change_theirs_and_a_visitor_is_sent_to_sign_in(db):
    juror = factories.make_user(role=roles.JURY, username="juri.baru", password=OLD)
    client = _signed_in(juror)
    response = client.post("/akun/sandi/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})

    assert response["Location"] == "/portal/juri/"
    assert Client().get("/akun/sandi/")["Location"].startswith("/masuk/")
