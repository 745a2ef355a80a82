from django.test import Client

from inmates import roles
from tests import factories


def _menu_urls(response):
    return [item["url"] for item in response.context["portal_menu"]]


def test_portal_menu_officer_sees_officer_pages_but_not_jury(officer_client):
    response = officer_client.get("/portal/")

    urls = _menu_urls(response)
    assert "/portal/peserta/" in urls
    assert "/portal/produk/" in urls
    assert "/portal/juri/" not in urls


def test_portal_juror_is_sent_to_the_entries_and_sees_only_jury_menu(db):
    juror = factories.make_user(role=roles.JURY, username="juri.uji")
    client = Client()
    client.force_login(juror)

    response = client.get("/portal/")
    assert (response.status_code, response["Location"]) == (302, "/portal/juri/")

    page = client.get("/portal/juri/")
    assert _menu_urls(page) == ["/portal/juri/"]
