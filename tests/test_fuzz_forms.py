"""Fuzzing: hostile input to every public and portal form and list never answers 500.

Generated from the URL conf. ``PAGES`` lists every public, portal and site-wide URL with who
opens it and what it names (a URL missing from it fails ``test_every_url_is_listed``). Each page
is rendered as that user and its ``<form method="post">``s are read with html.parser; the URL each
form posts to must be in ``FORM_TARGETS`` (else ``test_every_post_form_is_fuzzed`` fails), and
``test_post_form_survives_random_input`` posts its real field names with hypothesis: first a
sound post (which must be accepted), then that post with a few fields left out or made hostile,
or every field at random (left out, as rendered, plausible, hostile text, numbers past any
column, odd dates, NUL bytes, markup, files that are not what they say), plus unknown fields.
Every example runs in a savepoint that is rolled back, so each starts from the same data.

An invalid post answers 200 with the form shown again, or the status the page is designed to
give (302 after a refusal, 400 for the sales desk, 429 when rate limited); never 500, and no
exception escapes the view. Redirects stay on this site.

Also fuzzed: the sales desk's JSON queue endpoint, the query strings of the portal's lists and of
some admin changelists (as ministry staff). ``FUZZ_EXAMPLES=500`` makes a longer hunt.
"""

import datetime
import os
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibitions.models import Booth, Exhibition
from tests import factories
from tests.fuzz_forms import form_data, fresh, post_forms, query_lists, query_vocabulary, values
from tests.test_portal_scoping import EXPECTATIONS as PORTAL_EXPECTATIONS
from tests.test_portal_scoping import JURY as PORTAL_JURY
from tests.test_portal_scoping import _juror

ANON, OFFICER, JUROR = "anonymous", "officer", "juror"

# The default keeps this file near a minute on SQLite.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- what each URL names, built in the officer's prison ----------------------------------------


def _published_exhibition(**kwargs):
    today = timezone.localdate()
    kwargs.setdefault("start_date", today - datetime.timedelta(days=1))
    kwargs.setdefault("end_date", today + datetime.timedelta(days=2))
    return factories.make_exhibition(**kwargs)


def _public_product(prison):
    product = factories.make_product(prison=prison)
    maker = factories.make_inmate(prison=prison, display_name="Made")
    factories.make_consent(inmate=maker)
    product.makers.add(maker)
    return {"slug": product.slug}


def _exhibition(prison):
    return {"slug": _published_exhibition().slug}


def _programme_item(prison):
    exhibition = _published_exhibition()
    return {"slug": exhibition.slug, "pk": factories.make_programme_item(exhibition=exhibition).pk}


def _prison(prison):
    return {"slug": prison.slug}


def _certificate_code(prison):
    from programs.models import Certificate

    participant = factories.make_participant(
        training=factories.make_training(prison=prison), status="confirmed", passed=True, score=80
    )
    certificate = Certificate.objects.create(
        participant=participant, number=f"IKM/F/{factories.n()}", issued_on=datetime.date(2018, 3, 5)
    )
    return {"code": certificate.verification_code}


PUBLIC_PAGES = {
    "home": (ANON, None),
    "healthz": (ANON, None),
    "media": (ANON, lambda prison: {"path": "tidak-ada.jpg"}),
    "sitemap": (ANON, None),
    "sitemap-section": (ANON, lambda prison: {"section": "products"}),
    "robots": (ANON, None),
    "login": (ANON, None),
    "logout": (OFFICER, None),
    "password-change": (OFFICER, None),
    "set_language": (ANON, None),
    "public:product-list": (ANON, None),
    "public:product-detail": (ANON, _public_product),
    "public:exhibition-inquiry": (ANON, _exhibition),
    "public:inquiry-thanks": (ANON, None),
    "public:exhibition-list": (ANON, None),
    "public:exhibition-detail": (ANON, _exhibition),
    "public:exhibition-ics": (ANON, _exhibition),
    "public:programme-item-ics": (ANON, _programme_item),
    "public:feedback": (ANON, _exhibition),
    "public:feedback-thanks": (ANON, _exhibition),
    "public:prison-list": (ANON, None),
    "public:prison-detail": (ANON, _prison),
    "public:certificate-verify-form": (ANON, None),
    "public:about": (ANON, None),
    "public:certificate-verify": (ANON, _certificate_code),
}

PAGES = {
    **PUBLIC_PAGES,
    **{
        f"portal:{name}": (JUROR if kind == PORTAL_JURY else OFFICER, build)
        for name, (kind, build) in PORTAL_EXPECTATIONS.items()
    },
}


def url_names() -> list[str]:
    """Every named URL outside the admin: ``namespace:name`` for the public and the portal."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


def test_every_url_is_listed():
    assert url_names() == sorted(PAGES)


def client_for(role, officer):
    client = Client()
    if role == OFFICER:
        client.force_login(officer)
    elif role == JUROR:
        client.force_login(_juror())
    return client


def page_url(name, prison):
    _role, build = PAGES[name]
    return reverse(name, kwargs=build(prison) if build else None)


# --- pages in the state where their form is shown ----------------------------------------------


def _consented_inmate(prison):
    inmate = factories.make_inmate(prison=prison, display_name="Made", public_story="Membatik sejak 2016.")
    factories.make_consent(inmate=inmate)
    return {"pk": inmate.pk}


def _open_application(prison):
    from tests.test_portal_scoping import _open_exhibition

    exhibition = Exhibition.objects.get(slug=_open_exhibition(prison)["slug"])
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status="applied")
    delegation.products.add(factories.make_product(prison=prison))
    return {"pk": delegation.pk}


def _open_exhibition_with_products(prison):
    from tests.test_portal_scoping import _open_exhibition

    for _ in range(2):  # two checkboxes: a list of choices, as the parser sees it
        factories.make_product(prison=prison)
    factories.make_product(prison=prison, status="draft")
    return _open_exhibition(prison)


def _fair_delegation(prison):
    """An accepted delegation of ``prison`` to an exhibition running today, showing two
    products, with a booth."""
    exhibition = _published_exhibition()
    delegation = factories.make_delegation(exhibition=exhibition, prison=prison, status="accepted")
    delegation.products.add(factories.make_product(prison=prison), factories.make_product(prison=prison))
    booth = Booth.objects.create(exhibition=exhibition, code=f"F-{factories.n()}", delegation=delegation)
    factories.make_sale(delegation=delegation, booth=booth, product=delegation.products.first())
    return delegation, booth


def _sales_booth(prison):
    return {"pk": _fair_delegation(prison)[1].pk}


def _stock_delegation(prison):
    return {"pk": _fair_delegation(prison)[0].pk}


def _running_training(prison):
    """A training that started two days ago: confirmed participants to tick, inmates to propose."""
    today = timezone.localdate()
    training = factories.make_training(
        prison=prison, status="running", starts_on=today - datetime.timedelta(days=2),
        ends_on=today + datetime.timedelta(days=2),
    )
    for _ in range(2):
        factories.make_participant(training=training, status="confirmed")
    factories.make_participant(training=training, status="proposed")
    for _ in range(2):
        factories.make_inmate(prison=prison)
    return {"pk": training.pk}


def _product_with_image(prison, *, status):
    from products.services import product_image_add

    product = factories.make_product(prison=prison, status=status)
    factories.make_workshop(prison=prison)
    product.makers.add(factories.make_inmate(prison=prison))
    product_image_add(
        product=product, file=factories.uploaded_image(), alt_text="Foto lama", position=0, user=None
    )
    return product


def _draft_product(prison):
    return {"pk": _product_with_image(prison, status="draft").pk}


def _approved_product(prison):
    return {"pk": _product_with_image(prison, status="approved").pk}


def _product_with_revision(prison):
    product = factories.make_product(prison=prison)
    factories.make_product(prison=prison, revision_of=product, status="draft")
    return {"pk": product.pk}


def _new_product_page(prison):
    factories.make_category()
    factories.make_workshop(prison=prison)
    factories.make_inmate(prison=prison)
    return None


PAGES.update({
    "portal:inmate-consent-withdraw": (OFFICER, _consented_inmate),
    "portal:inmate-consent": (OFFICER, _consented_inmate),
    "portal:application-create": (OFFICER, _open_exhibition_with_products),
    "portal:application-update": (OFFICER, _open_application),
    "portal:application-withdraw": (OFFICER, _open_application),
    "portal:sales-desk": (OFFICER, _sales_booth),
    "portal:stock-update": (OFFICER, _stock_delegation),
    "portal:training-propose": (OFFICER, _running_training),
    "portal:training-attendance": (OFFICER, _running_training),
    "portal:product-update": (OFFICER, _draft_product),
    "portal:product-revision-discard": (OFFICER, _product_with_revision),
    "portal:product-create": (OFFICER, _new_product_page),
})

# Where each URL that takes a form post is posted from: its own page, or (the header's language
# switch and logout) a page that carries that form. Extra builders give a second state of the
# same form (an approved product's edit goes to a revision).
FORM_TARGETS = {
    "login": "login",
    "logout": "portal:dashboard",
    "password-change": "password-change",
    "set_language": "home",
    "public:exhibition-inquiry": "public:exhibition-inquiry",
    "public:feedback": "public:feedback",
    "public:product-detail": "public:product-detail",
    "portal:application-create": "portal:application-create",
    "portal:application-update": "portal:application-update",
    "portal:application-withdraw": "portal:application-withdraw",
    "portal:followup-create": "portal:followup-create",
    "portal:inmate-consent": "portal:inmate-consent",
    "portal:inmate-consent-withdraw": "portal:inmate-consent-withdraw",
    "portal:inmate-create": "portal:inmate-create",
    "portal:inmate-import": "portal:inmate-import",
    "portal:inmate-release": "portal:inmate-release",
    "portal:inmate-status-undo": "portal:inmate-status-undo",
    "portal:inmate-transfer": "portal:inmate-transfer",
    "portal:inmate-update": "portal:inmate-update",
    "portal:inquiry-detail": "portal:inquiry-detail",
    "portal:jury-entry": "portal:jury-entry",
    "portal:product-archive": "portal:product-archive",
    "portal:product-create": "portal:product-create",
    "portal:product-revision-discard": "portal:product-revision-discard",
    "portal:product-update": "portal:product-update",
    "portal:sales-desk": "portal:sales-desk",
    "portal:sales-desk-reverse": "portal:sales-desk-reverse",
    "portal:stock-update": "portal:stock-update",
    "portal:training-attendance": "portal:training-attendance",
    "portal:training-participant-withdraw": "portal:training-participant-withdraw",
    "portal:training-propose": "portal:training-propose",
}
EXTRA_STATES = {"portal:product-update": [_approved_product]}
FUZZ_CASES = [(target, None) for target in FORM_TARGETS] + [
    (target, build) for target, builds in EXTRA_STATES.items() for build in builds
]


def _case_id(case):
    target, build = case
    return f"{target}[{build.__name__.strip('_')}]" if build else target


def test_every_post_form_is_fuzzed(prison, officer):
    found = {}
    for name in sorted(PAGES):
        url = page_url(name, prison)
        for form in post_forms(client_for(PAGES[name][0], officer).get(url)):
            found.setdefault(form.target_name(url), set()).add(name)

    assert sorted(found, key=str) == sorted(FORM_TARGETS)
    assert {target: page for target, page in FORM_TARGETS.items() if page not in found[target]} == {}


def _same_site(location: str) -> bool:
    """A path of this site (a relative one included), never another host."""
    parts = urlsplit(location)
    return not parts.scheme and not parts.netloc and not location.startswith(("//", "/\\", "\\"))


# What a person would fill in, by field name; other fields get their rendered value, their first
# choice, or a plain value of their type (see ``sound_post``).
SOUND_VALUES = {
    "username": "petugas",
    "password": "s3cret-pass-Etalase",
    "old_password": "s3cret-pass-Etalase",
    "new_password1": "Sandi-baru-Etalase-29",
    "new_password2": "Sandi-baru-Etalase-29",
    "buyer_name": "Ibu Pembeli",
    "organisation": "CV Maju Bersama",
    "email": "pembeli@example.test",
    "phone": "0812 3456 7890",
    "contact_phone": "0812 3456 7890",
    "quantity": "10",
    "message": "Kami ingin memesan 50 lembar kain batik.",
    "comment": "Kainnya bagus.",
    "legal_name": "Budi Santoso",
    "registration_number": "B.I-7777/2018",
    "birth_year": "1990",
    "transferred_to": "Lapas Kelas IIA Kerobokan",
    "reason": "Tidak diproduksi lagi.",
    "name": "Kain Batik Uji",
    "price": "150000",
    "unit_price": "150000",
    "description": "Kain batik tulis, pewarna alami.",
    "has_business": "False",
}
# Posts that succeed without a redirect: the import shows its preview first.
SOUND_ANSWERS = {"portal:inmate-import": 200}


def sound_post(form, prison) -> dict:
    """A post ``form`` accepts (checked by the fuzz test before it starts)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inmates import imports

    data = {}
    for name, field in form.fields.items():
        options = [option for option in field.options if option]
        if name in SOUND_VALUES:
            data[name] = [SOUND_VALUES[name]]
        elif name.startswith("lost_"):
            # A stock line's lost or damaged: none (one brought, one back and one lost is no count).
            data[name] = ["0"]
        elif field.type == "file":
            if name == "file":
                data[name] = [SimpleUploadedFile("peserta.csv", imports.template_csv(prison=prison), "text/csv")]
            elif name.endswith("-file"):
                data[name] = [factories.uploaded_image()]
        elif field.type == "hidden" or [value for value in field.default if value]:
            data[name] = list(field.default)
        elif field.type in ("radio", "select") or (field.type == "checkbox" and field.multiple):
            if options:
                data[name] = options[:1]
        elif field.type in ("checkbox", "submit"):
            continue
        elif field.type == "number" or field.inputmode == "numeric":
            data[name] = ["1"]
        elif field.type == "date":
            data[name] = [timezone.localdate().isoformat()]
        else:
            data[name] = ["Uji coba"]
    return data


# Answers a post may get besides 200 with the form shown again: a redirect (saved, or refused
# with a message), 204 (the language switch without a page to go back to), 400 (the sales desk's
# invalid entry; a malformed request), 403/429 (login lock-out, rate limits), 404/405 where the
# page says so.
ALLOWED = {200, 201, 204, 302, 400, 403, 404, 405, 429}


def _form_errors(response) -> str:
    context = getattr(response, "context", None) or {}
    errors = [getattr(context.get(key), "errors", None) for key in ("form", "formset")]
    return repr([e for e in errors if e])


@pytest.mark.parametrize("case", FUZZ_CASES, ids=_case_id)
def test_post_form_survives_random_input(case, prison, officer):
    target, build = case
    page = FORM_TARGETS[target]
    role, default_build = PAGES[page]
    build = build or default_build
    url = reverse(page, kwargs=build(prison) if build else None)
    client = client_for(role, officer)
    forms = [form for form in post_forms(client.get(url)) if form.target_name(url) == target]
    assert forms, f"no form posting to {target} on {url}"
    form = forms[0]
    post_url = form.target(url)

    def send(data):
        for cache in caches.all():  # rate limits (inquiries, feedback) would answer 429 after a few
            cache.clear()
        # Each post starts from the same data: a savepoint, rolled back (also after a database
        # error, which PostgreSQL would otherwise carry into the next example).
        with transaction.atomic():
            if target in ("logout", "login"):
                client.logout()
                if target == "logout":
                    client.force_login(officer)
            response = client.post(post_url, data)
            transaction.set_rollback(True)
        return response

    # The fuzzing starts from a post the form accepts, so that a hostile value in one field
    # gets past the others into the service and the database.
    sound = sound_post(form, prison)
    response = send(fresh(sound))
    assert response.status_code == SOUND_ANSWERS.get(target, 302), (sound, _form_errors(response))

    @FUZZ
    @given(data=form_data(form, sound=sound))
    def post(data):
        response = send(data)
        assert response.status_code in ALLOWED, (post_url, response.status_code)
        if response.status_code in (301, 302):
            assert _same_site(response["Location"]), response["Location"]
        elif response.status_code in (200, 400, 429) and response["Content-Type"].startswith("text/html"):
            again = [f for f in post_forms(response) if f.target_name(post_url) == target]
            assert again, f"{post_url} answered {response.status_code} without its form"

    post()


# --- list pages: random query strings -----------------------------------------------------------

LIST_FUZZ = settings(FUZZ, max_examples=max(FUZZ.max_examples * 4 // 5, 1))
# Parameters any list may be asked for, whether or not it offers them.
COMMON_PARAMETERS = ("page", "q", "status", "sort", "o", "ordering", "pameran", "bulan", "format", "p")


@pytest.fixture
def populated(prison, other_prison):
    """More rows than a page holds where lists paginate, in every status, in both prisons."""
    from exhibitions.models import Inquiry

    for i in range(26):
        inmate = factories.make_inmate(prison=prison, status="released" if i % 5 == 0 else "active",
                                       release_date=datetime.date(2018, 1, 15) if i % 5 == 0 else None)
        if i % 2:
            factories.make_consent(inmate=inmate)
    for status in ("draft", "submitted", "approved", "rejected", "archived") * 5:
        reason = "Foto kurang jelas." if status in ("rejected", "archived") else ""
        product = factories.make_product(prison=prison, status=status, status_reason=reason)
    for status in list(Inquiry.Status.values) * 9:
        factories.make_inquiry(product=product, prison=prison, status=status)
    factories.make_inmate(prison=other_prison)
    _certificate_code(prison)
    _fair_delegation(prison)
    _running_training(prison)


# Portal pages that read their query string: the lists, and the pages with a parameter.
LIST_PAGES = sorted(
    [f"portal:{name}" for name, (_kind, build) in PORTAL_EXPECTATIONS.items() if build is None]
    + ["portal:followup-create"]
)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_portal_list_page_survives_random_query_string(name, prison, officer, populated):
    role, build = PAGES[name]
    url = reverse(name, kwargs=build(prison) if build else None)
    client = client_for(role, officer)
    first = client.get(url)
    assert first.status_code == 200
    vocabulary = query_vocabulary(first, url)

    @LIST_FUZZ
    @given(params=query_lists(vocabulary, common=COMMON_PARAMETERS))
    def get(params):
        response = client.get(f"{url}?{urlencode(params)}")
        # 404: a page number past the end or not a number (Django's ListView says so).
        assert response.status_code in (200, 302, 404), (params, response.status_code)
        if response.status_code == 302:
            assert _same_site(response["Location"])

    get()


def test_portal_list_vocabulary_finds_the_filters(prison, officer, populated):
    # The query strings above are built from what the pages offer: the status tabs and pages.
    url = reverse("portal:product-list")
    vocabulary = query_vocabulary(client_for(OFFICER, officer).get(url), url)
    assert {"draft", "approved", "revision"} <= vocabulary["status"]
    assert "2" in vocabulary["page"]


# --- admin changelists: random query strings as ministry staff ----------------------------------

ADMIN_CHANGELISTS = [
    "products.Product",
    "inmates.Inmate",
    "inmates.Consent",
    "exhibitions.Delegation",
    "exhibitions.Sale",
    "programs.Obligation",
    "programs.Certificate",
]


@pytest.mark.parametrize("model", ADMIN_CHANGELISTS)
def test_admin_changelist_survives_random_query_string(model, staff_client, populated):
    from django.apps import apps

    opts = apps.get_model(model)._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    first = staff_client.get(url)
    assert first.status_code == 200
    vocabulary = query_vocabulary(first, url)

    @LIST_FUZZ
    @given(params=query_lists(vocabulary, common=("q", "o", "p", "e", "all", "_to_field", "_popup")))
    def get(params):
        response = staff_client.get(f"{url}?{urlencode(params)}")
        # 302: the admin's own answer to a filter it cannot apply (back with ?e=1);
        # 400: a lookup it does not allow (DisallowedModelAdminLookup).
        assert response.status_code in (200, 302, 400), (params, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(f"{url}?")

    get()


# --- the sales desk's offline queue: JSON posted by static/js/sales_desk.js ---------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False), values,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
SALE_KEYS = ("product", "quantity", "unit_price", "payment_method", "idempotency_key", "sold_at")


@pytest.mark.parametrize("case", ["entry", "anything"])
def test_sales_desk_queue_survives_random_json(case, prison, officer):
    import json
    import uuid

    booth = Booth.objects.get(pk=_sales_booth(prison)["pk"])
    product = booth.delegation.products.first()
    url = reverse("portal:sales-desk-record", args=[booth.pk])
    client = client_for(OFFICER, officer)
    sound = {"product": product.pk, "quantity": 1, "unit_price": 150000, "payment_method": "cash",
             "idempotency_key": str(uuid.uuid4()), "sold_at": timezone.now().isoformat()}
    with transaction.atomic():
        assert client.post(url, sound, content_type="application/json").status_code == 201
        transaction.set_rollback(True)
    if case == "entry":  # the sound entry with some of its values replaced or left out
        bodies = st.dictionaries(st.sampled_from(SALE_KEYS), json_values).map(
            lambda changes: json.dumps({**sound, **changes}).encode()
        )
    else:  # any JSON at all, or bytes that are not JSON
        bodies = st.one_of(json_values.map(lambda value: json.dumps(value).encode()), st.binary(max_size=200))

    @FUZZ
    @given(body=bodies)
    def post(body):
        with transaction.atomic():
            response = client.post(url, body, content_type="application/json")
            transaction.set_rollback(True)
        assert response.status_code in (200, 201, 400), (body, response.status_code)
        assert response["Content-Type"] == "application/json"
        if response.status_code == 400:
            assert response.json()["error"]

    post()
