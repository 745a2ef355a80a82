"""Every back-office list fits a 1280 px laptop window beside its filters, and every change form
with its tables of rows fits the window, with the demo's real names in them: Django keeps
foreign-key and date cells on one line, and long exhibition titles and prison names put eight
lists behind a sideways scroll; the agreement's obligations ran off to the right."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from tests.browser.admin_login import sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


def _changelists() -> list[str]:
    urls = []
    for model in admin.site._registry:
        try:
            urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
    return sorted(urls)


def _change_pages() -> list[str]:
    """The change page of each model's latest demo row."""
    urls = []
    for model in admin.site._registry:
        latest = model._default_manager.order_by("-pk").first()
        if latest is None:
            continue
        try:
            urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[latest.pk]))
        except NoReverseMatch:
            continue
    return sorted(urls)


def test_every_admin_list_and_form_fits_a_1280_px_window(live_server, page):
    call_command("seed_demo", verbosity=0)  # the data only: its sign-in accounts need DEBUG
    sign_in_to_admin(page, live_server, "staf.lebar")

    too_wide, measured = [], 0
    for url in _changelists():
        page.goto(live_server.url + url)
        widths = page.evaluate(
            "() => { const t = document.querySelector('#changelist .results');"
            " return t ? [t.scrollWidth, t.clientWidth] : null; }"
        )
        if widths is None:  # an empty list shows no table
            continue
        measured += 1
        if widths[0] > widths[1]:
            too_wide.append((url, *widths))

    assert measured >= 20
    assert too_wide == []

    # Their forms too: no table of rows (an inline) and no page wider than the window.
    for url in _change_pages():
        if page.goto(live_server.url + url).status != 200:
            continue
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth,"
            " ...[...document.querySelectorAll('.tabular')].map(t => t.scrollWidth - t.clientWidth)]"
        )
        if widths[0] > widths[1] or any(extra > 0 for extra in widths[2:]):
            too_wide.append((url, *widths))
    assert too_wide == []
