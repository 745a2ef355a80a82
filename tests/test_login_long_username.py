"""Found by tests/test_fuzz_forms.py: a username longer than any account's, posted to a login
page, reached axes' failure record (varchar(255)) and PostgreSQL refused it: a 500. Axes now
counts it under its first 255 characters (config.auth.lockout_username)."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/masuk/", "/admin/login/"])
def test_login_with_a_300_character_username_is_a_failed_login(url):
    response = Client().post(url, {"username": "x" * 300, "password": "salah-sekali"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("x" * 255, 1)]


def test_login_long_usernames_sharing_their_first_255_characters_count_together():
    client = Client()
    for tail in ("a", "b"):
        client.post("/masuk/", {"username": "x" * 255 + tail, "password": "salah-sekali"})

    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("x" * 255, 2)]


def test_a_username_of_thousands_of_characters_is_no_account_not_a_database_error(db):
    """No account has a name longer than the column: the lookup in other capitals is not even
    asked (a fuzz run saw SQLite refuse such a LIKE pattern once, a 503; not reproduced here)."""
    from inmates.backends import EtalaseBackend

    assert EtalaseBackend().authenticate(None, username="😀" * 20000, password="apa-saja") is None
    assert EtalaseBackend().authenticate(None, username="A" * 151, password="apa-saja") is None
