"""A new exhibition is a draft until staff tick "Terbit": half-entered data never goes public."""

import re

import pytest
from django.test import Client

from exhibitions.models import Exhibition
from tests.exhibitions.test_banner_upload import ADD_URL, _form_data

pytestmark = pytest.mark.django_db


def test_the_add_form_starts_unpublished(staff_client):
    page = staff_client.get(ADD_URL).content.decode()
    checkbox = re.search(r'<input[^>]*name="is_published"[^>]*>', page).group(0)
    assert "checked" not in checkbox
    assert "baru tampil di situs publik" in page


def test_a_new_exhibition_stays_off_the_public_site_until_published(staff_client):
    response = staff_client.post(ADD_URL, _form_data(staff_client))
    assert response.status_code == 302
    exhibition = Exhibition.objects.get(slug="pameran-vii")
    assert exhibition.is_published is False
    visitor = Client()
    assert visitor.get(f"/pameran/{exhibition.slug}/").status_code == 404
    assert "Warga Binaan VII" not in visitor.get("/pameran/").content.decode()

    exhibition.is_published = True
    exhibition.save()
    assert visitor.get(f"/pameran/{exhibition.slug}/").status_code == 200
