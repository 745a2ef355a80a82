"""The back office's admin site (config/admin_site.py) and the rows of the big changelists
(inmates/admin_utils.LeanActionCheckboxMixin): the same pages as Django's, made with less work."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory
from django.utils import translation

from config.admin_site import EtalaseAdminSite
from inmates.models import Consent, Inmate
from products.models import Product, ProductImage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_lists_built(monkeypatch):
    calls = []
    original = EtalaseAdminSite._build_app_dict

    def counting(self, request, label=None):
        calls.append(label)
        return original(self, request, label)

    monkeypatch.setattr(EtalaseAdminSite, "_build_app_dict", counting)
    return calls


def test_the_site_is_etalase_s():
    assert isinstance(admin.site, EtalaseAdminSite)


def test_a_changelist_does_not_build_the_list_of_every_app_it_never_shows(staff_client, app_lists_built):
    factories.make_product()

    response = staff_client.get("/admin/products/product/")

    assert response.status_code == 200
    assert app_lists_built == []


def test_the_index_still_lists_the_apps_and_their_models(staff_client, app_lists_built):
    response = staff_client.get("/admin/")

    assert response.status_code == 200
    assert app_lists_built
    assert b"/admin/products/product/" in response.content
    assert b"/admin/inmates/inmate/" in response.content


def test_available_apps_is_still_there_for_a_template_that_reads_it(staff_user):
    request = RequestFactory().get("/admin/products/product/")
    request.user = staff_user

    apps = admin.site.each_context(request)["available_apps"]

    labels = [app["app_label"] for app in apps]
    assert "products" in labels and "inmates" in labels


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("model", [Product, ProductImage, Inmate, Consent])
def test_the_lean_action_checkbox_is_the_markup_django_makes(model, language):
    prison = factories.make_prison()
    product = factories.make_product(prison=prison, name='Tas "Anyaman" <Pandan> & co')
    objects = {
        Product: lambda: product,
        ProductImage: lambda: ProductImage(pk=7, product=product),
        Inmate: lambda: factories.make_inmate(prison=prison, legal_name="Budi <b>"),
        Consent: lambda: Consent(pk=9, inmate=factories.make_inmate(prison=prison)),
    }
    obj = objects[model]()
    model_admin = admin.site._registry[model]

    with translation.override(language):
        assert str(model_admin.action_checkbox(obj)) == str(ModelAdmin.action_checkbox(model_admin, obj))


def test_the_403_page_speaks_of_the_place_it_was_met(corrections_client, db):
    """Found by a new user's probe: corrections staff refused an admin page were told that the
    portal is for prison officers."""
    from django.test import Client

    from tests import factories

    admin_page = corrections_client.get("/admin/programs/aid/add/")
    staff = Client()
    staff.force_login(factories.make_user(is_staff=True))
    portal_page = staff.get("/portal/")

    assert admin_page.status_code == 403 and portal_page.status_code == 403
    assert "di back-office" in admin_page.content.decode()
    assert "Portal hanya untuk petugas lapas" not in admin_page.content.decode()
    assert "Portal hanya untuk petugas lapas" in portal_page.content.decode()
