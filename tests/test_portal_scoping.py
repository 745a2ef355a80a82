"""Every portal URL, walked from the URL conf: who may reach it, and that another prison's objects
are not found. A portal URL missing from EXPECTATIONS fails ``test_every_portal_url_is_covered``,
so a new portal page cannot ship without its scoping test."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from exhibitions.models import Delegation
from tests import factories

# Kinds of portal URL:
# - "page": no object in the URL; an officer gets 200.
# - "prison": the URL names an object owned by a prison; another prison's officer gets 404.
# - "shared": the URL names an object that is not any prison's (an exhibition); officers may open it.
PAGE, PRISON, SHARED = "page", "prison", "shared"


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


EXPECTATIONS = {
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
    "inmate-transfer": (PRISON, _inmate),
    "product-list": (PAGE, None),
    "product-create": (PAGE, None),
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


@pytest.mark.parametrize("name", sorted(n for n, (kind, _) in EXPECTATIONS.items() if kind != PRISON))
def test_portal_page_opens_for_officer(name, prison, officer_client):
    url = _url(name, prison)

    assert officer_client.get(url).status_code == 200
