"""axe-core on the public showcase, the officers' portal and the curation queue, at a desktop and
a phone width (including pages showing form errors, where contrast went wrong before), and no
sideways scrolling on a small phone.

axe-core comes from the PyPI package axe-playwright-python (requirements-dev.txt), which ships
axe.min.js; it is evaluated in the page (no <script> tag, so a strict CSP does not stop it).
Only "serious" and "critical" violations fail a test; the message lists each one's rule, the
elements (CSS selectors) and axe's advice.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from inmates import roles
from products.models import Product
from products.services import product_image_add
from tests import factories
from tests.browser.showcase_data import build_showcase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
WIDTHS = [1280, 390]  # the phone width last: the error states are checked at it
PASSWORD = "Rahasia-Etalase-2018"

axe = Axe()


@pytest.fixture
def showcase():
    return build_showcase()


def public_paths(showcase) -> list[str]:
    return [
        "/",
        "/produk/",
        f"/produk/{showcase.product.slug}/",
        "/pameran/",
        f"/pameran/{showcase.exhibition.slug}/",
        f"/lapas/{showcase.prisons[0].slug}/",
    ]


def axe_problems(page, label: str) -> list[str]:
    """The serious/critical violations on the page as it is now, one readable line each."""
    width = page.viewport_size["width"]
    lines = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        summary = violation["nodes"][0].get("failureSummary", "").strip().replace("\n", " ")[:300]
        lines.append(
            f"{label} @ {width}px: {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n    on {targets}\n    {summary}"
        )
    return lines


def visit(page, url: str, *, status: int = 200):
    response = page.goto(url)
    assert response.status == status, f"{url}: HTTP {response.status}"


def assert_no_problems(problems: list[str]):
    assert problems == [], "axe-core found serious/critical violations:\n" + "\n".join(problems)


def log_in(page, base_url: str, *, username: str, next_path: str):
    page.goto(f"{base_url}/masuk/?next={next_path}")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base_url + next_path)


def test_public_pages_have_no_serious_axe_violations(live_server, page, showcase):
    base = live_server.url
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in public_paths(showcase):
            visit(page, base + path)
            problems += axe_problems(page, path)

    # At the phone width (the last one): pages with errors (the not-found page, a login and an
    # inquiry sent empty) and the catalogue's filter panel, open.
    visit(page, base + "/produk/tidak-ada/", status=404)
    problems += axe_problems(page, "404")
    visit(page, base + "/masuk/")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "login with errors")
    visit(page, base + f"/produk/{showcase.product.slug}/")
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "inquiry with errors")
    visit(page, base + "/produk/")
    page.get_by_role("button", name="Saring").click()
    page.get_by_role("dialog", name="Saring produk").wait_for()
    page.wait_for_selector("#catalogue-filters.show:not(.showing)")  # slid in completely
    problems += axe_problems(page, "catalogue filter panel")

    assert_no_problems(problems)


def test_public_pages_do_not_scroll_sideways_at_360px(live_server, page, showcase):
    page.set_viewport_size({"width": 360, "height": 740})
    widths = {}
    for path in public_paths(showcase):
        visit(page, live_server.url + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")

    assert {path: width for path, width in widths.items() if width > 360} == {}


def test_portal_pages_have_no_serious_axe_violations(live_server, page, showcase):
    base = live_server.url
    factories.make_officer(prison=showcase.prisons[0], username="petugas.a11y", password=PASSWORD)
    log_in(page, base, username="petugas.a11y", next_path="/portal/")
    paths = [
        "/portal/",
        "/portal/produk/",
        "/portal/produk/baru/",
        f"/portal/produk/{showcase.product.pk}/ubah/",
        f"/portal/peserta/{showcase.maker.pk}/",
    ]
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            visit(page, base + path)
            problems += axe_problems(page, path)

    # At the phone width: the forms sent empty, every field showing its error.
    visit(page, base + "/portal/produk/baru/")
    page.get_by_role("button", name="Ajukan untuk kurasi").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "product form with errors")
    visit(page, base + "/portal/peserta/baru/")
    page.get_by_role("button", name="Daftarkan", exact=True).click()
    page.wait_for_load_state()
    problems += axe_problems(page, "participant form with errors")

    assert_no_problems(problems)


def test_curation_queue_has_no_serious_axe_violations(live_server, page):
    submitted = factories.make_product(name="Selendang Tenun Ikat", status=Product.Status.SUBMITTED)
    product_image_add(
        product=submitted,
        file=factories.uploaded_image(size=(400, 300)),
        alt_text="Selendang tenun ikat merah",
    )
    factories.make_user(role=roles.MINISTRY_STAFF, username="kurator.a11y", password=PASSWORD)
    page.goto(live_server.url + "/admin/login/?next=/admin/products/product/kurasi/")
    page.fill("#id_username", "kurator.a11y")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/products/product/kurasi/")
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        problems += axe_problems(page, "curation queue")

    assert_no_problems(problems)


# The edge of each form field against what surrounds it (WCAG 1.4.11, non-text contrast: 3:1; a
# focused field has its focus ring instead).
# axe-core checks text only; the fields of the portal and the sign-in page had a 1.27:1 edge
# and were nearly invisible (found by a new user's probe).
FIELD_EDGES = """() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const behind = (el) => { for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); }
    return [255, 255, 255]; };
  return [...document.querySelectorAll("input.form-control, select.form-select, textarea.form-control, input.form-check-input")]
    .filter((el) => el.offsetParent !== null && !el.classList.contains("is-invalid") && el !== document.activeElement)
    .map((el) => ({ name: el.name, edge: ratio(rgb(getComputedStyle(el).borderTopColor), behind(el)) }));
}"""


def faint_field_edges(page, label: str) -> list[str]:
    return [f"{label}: {field['name']} {field['edge']:.2f}:1" for field in page.evaluate(FIELD_EDGES) if field["edge"] < 3]


def test_form_fields_have_a_visible_edge(live_server, page, showcase):
    base = live_server.url
    visit(page, base + "/masuk/")
    faint = faint_field_edges(page, "/masuk/")
    factories.make_officer(prison=showcase.prisons[0], username="petugas.tepi", password=PASSWORD)
    log_in(page, base, username="petugas.tepi", next_path="/portal/")
    checked = 0
    for path in ("/portal/produk/baru/", "/portal/peserta/baru/", f"/portal/produk/{showcase.product.pk}/ubah/", "/produk/"):
        visit(page, base + path)
        faint += faint_field_edges(page, path)
        checked += len(page.evaluate(FIELD_EDGES))

    assert checked > 10
    assert faint == []
