"""Signing in to the back office or the portal in a browser test."""

from tests import factories

PASSWORD = "Rahasia-Etalase-2018"


def sign_in_to_admin(page, live_server, username: str = "staf.peramban") -> None:
    """A new superuser ``username``, signed in through the admin's login form on ``page``."""
    factories.make_user(username=username, password=PASSWORD, is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_load_state()


def sign_in_to_portal(page, live_server, username: str, password: str = PASSWORD) -> None:
    """``username`` (an existing account) signed in through the portal's login form on ``page``."""
    page.goto(live_server.url + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/portal/**")
