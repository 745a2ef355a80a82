"""The strict Content-Security-Policy (settings.CONTENT_SECURITY_POLICY: our own files only, no
inline script or style) holds in a real browser: Chromium reports every blocked inline style,
inline script, event handler or foreign resource as a ``securitypolicyviolation`` event, and these
tests open the public pages, the portal and the whole admin (every registered model's list, add and
change pages, histories, the tools linked from them, the date widgets) and fail on any.

A violation means part of a page silently stopped working. Fix it at the source: a class in
static/css or a script in static/js, or override the third-party template in templates/ (as
templates/simple_history/object_history_list.html does); never loosen the policy.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.core.cache import cache

from tests import admin_factories, factories
from tests.browser.showcase_data import build_showcase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rahasia-Etalase-2018"

# Collects the violations of every page the context opens (Playwright runs it before the page's
# own scripts, outside the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + (event.lineNumber ? ` (line ${event.lineNumber})` : '')
    + (event.sample ? `: ${event.sample}` : ''));
});
"""
# Links that download a file or change data on GET (the admin has none, but be safe), not pages.
NOT_A_PAGE = re.compile(
    r"format=|\.(csv|xlsx|pdf|png|jpg|svg)\b|/(pdf|unduh|download|keluar|logout|delete)/|/i18n/|_popup="
)


class Violations:
    def __init__(self, page):
        self.page = page
        self.found: list[str] = []
        self.visited: list[str] = []

    def collect(self, label: str):
        self.page.wait_for_timeout(50)  # let the events of the last layout be dispatched
        self.visited.append(label)
        events = self.page.evaluate("window.__cspViolations || []")
        self.found += [f"{label}: {event}" for event in events]

    def visit(self, url: str, *, status: int = 200, label: str | None = None):
        response = self.page.goto(url)
        assert response.status == status, f"{url}: HTTP {response.status}"
        self.collect(label or urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""))

    def assert_none(self):
        assert self.found == [], "Content-Security-Policy violations:\n" + "\n".join(self.found)


@pytest.fixture
def violations(context, page):
    context.add_init_script(RECORD_VIOLATIONS)
    return Violations(page)


def _log_in(page, url: str, username: str):
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()
    page.wait_for_load_state()


def _links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [urljoin(page.url, href).split("#")[0] for href in hrefs if href and not href.startswith("#")]


def test_the_recorder_reports_an_inline_style(live_server, page, violations):
    # Guards every test below: an inline style and an inline event handler are reported.
    violations.visit(live_server.url + "/")
    page.evaluate(
        """document.body.insertAdjacentHTML('beforeend',
             '<p style="color: red">x</p><img alt="" src="/tidak-ada.png" onerror="void 0">')"""
    )
    page.wait_for_timeout(300)  # the image's error event
    violations.collect("home with injected inline code")

    assert any("style-src" in v for v in violations.found), violations.found
    assert any("script-src" in v for v in violations.found), violations.found


def test_public_pages_and_login_pages_run_under_the_policy(live_server, page, violations):
    showcase = build_showcase()
    base = live_server.url

    for path in [
        "/",
        "/produk/",
        f"/produk/{showcase.product.slug}/",
        "/pameran/",
        f"/pameran/{showcase.exhibition.slug}/",
        f"/lapas/{showcase.prisons[0].slug}/",
        "/masuk/",
        "/admin/login/",
    ]:
        violations.visit(base + path)
    violations.visit(base + "/produk/tidak-ada/", status=404)

    # States with errors, the catalogue's filter panel, English, and the login lock-out page.
    violations.visit(base + f"/produk/{showcase.product.slug}/")
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    violations.collect("inquiry with errors")
    page.set_viewport_size({"width": 390, "height": 900})  # the filter panel is the phone's
    violations.visit(base + "/produk/")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_selector("#catalogue-filters.show:not(.showing)")
    violations.collect("catalogue filter panel")
    page.set_viewport_size({"width": 1280, "height": 900})
    violations.visit(base + "/")
    page.locator("form.language-switch [type=submit]").first.click()
    page.wait_for_load_state()
    violations.collect("English")
    cache.clear()
    for _ in range(5):
        page.goto(base + "/masuk/")
        page.fill("#id_username", "tidak.ada")
        page.fill("#id_password", "salah-sekali")
        page.locator("form:has(#id_password) [type=submit]").click()
        page.wait_for_load_state()
    assert page.locator(".locked-out").count() == 1
    violations.collect("lock-out page")

    violations.assert_none()


def test_portal_pages_run_under_the_policy(live_server, page, violations):
    showcase = build_showcase()
    factories.make_officer(prison=showcase.prisons[0], username="petugas.csp", password=PASSWORD)
    base = live_server.url
    _log_in(page, base + "/masuk/?next=/portal/", "petugas.csp")
    assert urlsplit(page.url).path == "/portal/"

    violations.collect("/portal/")
    menu = [u for u in _links(page, "a[href^='/portal/']") if not NOT_A_PAGE.search(u)]
    pages = list(dict.fromkeys(menu + [
        base + f"/portal/produk/{showcase.product.pk}/ubah/",
        base + f"/portal/peserta/{showcase.maker.pk}/",
    ]))
    for url in pages:
        violations.visit(url)
    violations.visit(base + "/portal/produk/baru/")
    page.get_by_role("button", name="Ajukan untuk kurasi").click()
    page.wait_for_load_state()
    violations.collect("product form with errors")
    violations.visit(base + "/portal/peserta/baru/")
    page.get_by_role("button", name="Daftarkan", exact=True).click()
    page.wait_for_load_state()
    violations.collect("participant form with errors")

    assert len(pages) >= 8  # the whole menu was walked
    violations.assert_none()


def _open_widgets(page):
    """Open what the admin builds with script: calendars and clocks, collapsed fieldsets, an
    inline's extra row."""
    for selector in (".datetimeshortcuts a", "details summary", ".add-row a"):
        for i in range(min(page.locator(selector).count(), 3)):
            if page.locator(selector).nth(i).is_visible():
                page.locator(selector).nth(i).click()
    page.keyboard.press("Escape")


def test_admin_pages_run_under_the_policy(live_server, page, violations):
    build_showcase()
    factories.make_user(username="admin.csp", password=PASSWORD, is_staff=True, is_superuser=True)
    models = sorted(admin.site._registry, key=lambda model: model._meta.label)
    rows = {model: admin_factories.make_rows(model, 1)[0] for model in models}
    for row in rows.values():
        if hasattr(row, "history"):
            row.save()  # bulk-created rows have no history yet: their history page would be empty
    base = live_server.url
    _log_in(page, base + "/admin/login/?next=/admin/", "admin.csp")
    assert urlsplit(page.url).path == "/admin/"
    violations.collect("/admin/")
    tools = set(_links(page, "#content a[href^='/admin/']"))

    for model, row in rows.items():
        opts = model._meta
        changelist = f"{base}/admin/{opts.app_label}/{opts.model_name}/"
        violations.visit(changelist)
        tools.update(_links(page, ".object-tools a"))
        violations.visit(f"{changelist}{row.pk}/change/")
        _open_widgets(page)
        violations.collect(f"{changelist}{row.pk}/change/ (widgets open)")
        tools.update(_links(page, ".object-tools a"))
        violations.visit(changelist)
        if page.locator(".object-tools a.addlink").count():  # not for rows only services write
            violations.visit(f"{changelist}add/")
            _open_widgets(page)
            violations.collect(f"{changelist}add/ (widgets open)")

    # The tools linked from the lists and forms: histories, the curation queue, reports, …
    tools = sorted(u for u in tools if urlsplit(u).path.startswith("/admin/") and not NOT_A_PAGE.search(u))
    for url in tools:
        violations.visit(url)
        if url.endswith("/history/"):  # and one recorded version (the revert form)
            for record in _links(page, "#change-history tbody a[href*='/history/']")[:1]:
                violations.visit(record)
    violations.visit(f"{base}/admin/password_change/")

    visited = " ".join(violations.visited)
    for expected in ("/admin/products/product/kurasi/", "/history/", "/admin/programs/hasil/", "/terhapus/"):
        assert expected in visited, f"{expected} was not opened"
    assert re.search(r"/history/\d+/", visited), "no recorded version was opened"
    violations.assert_none()

