"""The expectations of tests/test_permission_matrix.py: for every URL of the URL conf, what each
role gets, and how to build the objects its arguments name.

The statuses are the DESIGN (SECURITY.md, inmates/roles.py, inmates/portal.py, the ModelAdmins'
docstrings), written out here rather than read from the code under test:

- public pages, the home page, the sitemap, robots.txt and the login page are open to everybody;
- the portal (inmates/portal.py): anonymous -> 302 to /masuk/, signed in without the officer role
  -> 403, an officer -> 200 for their own prison's objects and 404 for another prison's. The jury
  pages are the Juri group's (everybody else signed in -> 403); a juror opening the officers'
  dashboard is sent to the jury pages. Ministry staff work the sales desks with the officers;
- the admin: whoever is not staff -> 302 to the admin login; ministry and corrections staff get
  what ``ADMIN_RIGHTS`` says (view / add / change / delete), 403 for the rest.

A refused role is refused for every method: the test also POSTs to the URL and expects the same
refusal. Roles that may only read a page that writes on POST are given the expected POST status
in ``Spec.post``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, reverse

from inmates import roles
from tests import admin_factories, factories
from tests import test_portal_scoping as portal

# --- Roles ----------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
VISITOR = "visitor"  # signed in, no group: a buyer's account
OFFICER = "officer"  # Petugas Lapas of the prison that owns the URL's object
OTHER_OFFICER = "other-officer"  # Petugas Lapas of another prison
JUROR = "juror"  # Juri, the juror the URL's jury objects are assigned to
CORRECTIONS = "corrections"  # Staf Ditjen PAS
MINISTRY = "ministry"  # Staf Kemenperin

ROLES = (ANONYMOUS, VISITOR, OFFICER, OTHER_OFFICER, JUROR, CORRECTIONS, MINISTRY)
NOT_STAFF = (ANONYMOUS, VISITOR, OFFICER, OTHER_OFFICER, JUROR)


def make_role_user(role: str, *, prison, other_prison):
    """The signed-in user of ``role`` (None for anonymous)."""
    if role == ANONYMOUS:
        return None
    if role == VISITOR:
        return factories.make_user(username="pembeli", first_name="Ibu", last_name="Pembeli")
    if role == OFFICER:
        return factories.make_officer(prison=prison, username="petugas.sendiri")
    if role == OTHER_OFFICER:
        return factories.make_officer(prison=other_prison, username="petugas.lain")
    if role == JUROR:
        return portal._juror()
    if role == CORRECTIONS:
        return factories.make_user(role=roles.CORRECTIONS_STAFF, username="staf.pas")
    if role == MINISTRY:
        return factories.make_user(role=roles.MINISTRY_STAFF, username="staf.kemenperin")
    raise ValueError(role)


# --- What a role gets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    """302 to ``login_url_name`` with ``?next=`` the requested URL."""

    login_url_name: str

    def __repr__(self):
        return f"302->{self.login_url_name}"


@dataclass(frozen=True)
class Redirect:
    """302 (or ``status``) to the path ``to(built)`` returns (the query string is not compared)."""

    to: Callable
    status: int = 302
    label: str = ""

    def __repr__(self):
        return f"{self.status}->{self.label or 'elsewhere'}"


LOGIN = Login("login")
ADMIN_LOGIN = Login("admin:login")
REFUSALS = (403, 404)


def redirect_to(url_name: str, **kwargs) -> Redirect:
    return Redirect(lambda built: reverse(url_name, **kwargs), label=url_name)


def is_refusal(expected) -> bool:
    return isinstance(expected, Login) or expected in REFUSALS


@dataclass
class Spec:
    """One URL: ``build(ctx)`` makes its objects and returns a namespace with ``url`` (path and
    query string); ``expect`` maps every role to what it gets for ``method``."""

    build: Callable
    expect: dict
    method: str = "get"
    data: Callable | None = None  # POST data: data(built) -> dict
    content_type: str | None = None
    # A refused role is refused for POST as well (set False for pages that take no POST at all,
    # where the method check may come first, e.g. the public pages).
    post_refused_too: bool = True
    # What a role that may open the page gets when it POSTs (a read-only role: 403).
    post: dict = field(default_factory=dict)
    # For a POST-only URL: a role that may use it, which must get 405 for GET.
    get_refused_for: str | None = None


def everyone(expected) -> dict:
    return {role: expected for role in ROLES}


def portal_expect(*, officer=200, other_officer=None, juror=403, ministry=403, corrections=403) -> dict:
    """A portal page: anonymous to login, signed-in non-officers 403; ``other_officer`` is what
    an officer of another prison gets (the same as ``officer`` for a page without an object)."""
    return {
        ANONYMOUS: LOGIN,
        VISITOR: 403,
        OFFICER: officer,
        OTHER_OFFICER: officer if other_officer is None else other_officer,
        JUROR: juror,
        CORRECTIONS: corrections,
        MINISTRY: ministry,
    }


def jury_expect() -> dict:
    return {
        ANONYMOUS: LOGIN,
        VISITOR: 403,
        OFFICER: 403,
        OTHER_OFFICER: 403,
        JUROR: 200,
        CORRECTIONS: 403,
        MINISTRY: 403,
    }


def admin_expect(*, ministry, corrections) -> dict:
    return {**{role: ADMIN_LOGIN for role in NOT_STAFF}, CORRECTIONS: corrections, MINISTRY: ministry}


def _ns(url: str, **extra) -> SimpleNamespace:
    return SimpleNamespace(url=url, **extra)


# --- Root URLs, public showcase -------------------------------------------------------------------


def _url(name, **kwargs):
    return lambda ctx: _ns(reverse(name, **kwargs))


def _public_product(ctx):
    product = factories.make_product(prison=ctx.prison)
    return _ns(reverse("public:product-detail", kwargs={"slug": product.slug}))


def _public_exhibition(ctx, name="public:exhibition-detail"):
    exhibition = factories.make_exhibition()
    return _ns(reverse(name, kwargs={"slug": exhibition.slug}))


def _programme_item(ctx):
    item = factories.make_programme_item()
    return _ns(reverse("public:programme-item-ics", kwargs={"slug": item.exhibition.slug, "pk": item.pk}))


def _public_prison(ctx):
    return _ns(reverse("public:prison-detail", kwargs={"slug": ctx.prison.slug}))


def _verified_certificate(ctx):
    from programs.models import Certificate

    participant = factories.make_participant(
        training=factories.make_training(prison=ctx.prison), status="confirmed", passed=True, score=80
    )
    factories.make_consent(inmate=participant.inmate)
    certificate = Certificate.objects.create(
        participant=participant,
        number=f"IKM/BIMTEK/2018/M{factories.n()}",
        issued_on=datetime.date(2018, 3, 5),
    )
    return _ns(reverse("public:certificate-verify", kwargs={"code": certificate.verification_code}))


def _consent_scan(ctx):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    consent = factories.make_consent(inmate=factories.make_inmate(prison=ctx.prison))
    consent.document = default_storage.save(
        "consent/formulir-persetujuan.pdf", ContentFile(b"%PDF-1.4 formulir")
    )
    consent.save(update_fields=["document"])
    return _ns(reverse("media", kwargs={"path": consent.document.name}))


def _set_language_data(built):
    return {"language": "en", "next": "/produk/"}


ROOT_SPECS = {
    "home": Spec(_url("home"), everyone(200)),
    "set_language": Spec(
        _url("set_language"),
        everyone(Redirect(lambda built: "/produk/", label="next")),
        method="post",
        data=_set_language_data,
    ),
    "favicon.ico": Spec(
        lambda ctx: _ns("/favicon.ico"),
        everyone(Redirect(lambda built: "/static/img/favicon.svg", status=301, label="favicon.svg")),
        post_refused_too=False,
    ),
    "sitemap": Spec(_url("sitemap"), everyone(200)),
    "sitemap-section": Spec(_url("sitemap-section", kwargs={"section": "products"}), everyone(200)),
    "robots": Spec(_url("robots"), everyone(200)),
    # The login form is shown to whoever asks (signing in as somebody else is allowed).
    "login": Spec(_url("login"), everyone(200)),
    # Django 5: logging out is a POST (a GET link could be forged by any page); home afterwards.
    # Signing out is a POST; a GET asks for confirmation (tests/test_http_methods.py).
    "logout": Spec(_url("logout"), everyone(redirect_to("home")), method="post"),
    # Every signed-in account changes its own password (tests/test_password_change.py).
    "password-change": Spec(_url("password-change"), {**everyone(200), ANONYMOUS: LOGIN}),
    # For monitors: no sign-in, the same answer for everybody.
    "healthz": Spec(_url("healthz"), everyone(200), post_refused_too=False),
    # Uploads (config/media.py), here a scanned consent form: staff and the officers of the
    # inmate's prison; for everybody else the same 404 as for a file that is not there.
    "media": Spec(
        _consent_scan,
        {
            ANONYMOUS: 404,
            VISITOR: 404,
            OFFICER: 200,
            OTHER_OFFICER: 404,
            JUROR: 404,
            CORRECTIONS: 200,
            MINISTRY: 200,
        },
        post_refused_too=False,
    ),
}

PUBLIC_SPECS = {
    "public:product-list": Spec(_url("public:product-list"), everyone(200)),
    "public:product-detail": Spec(_public_product, everyone(200)),
    "public:exhibition-inquiry": Spec(
        lambda ctx: _public_exhibition(ctx, "public:exhibition-inquiry"), everyone(200)
    ),
    "public:inquiry-thanks": Spec(_url("public:inquiry-thanks"), everyone(200)),
    "public:exhibition-list": Spec(_url("public:exhibition-list"), everyone(200)),
    "public:exhibition-detail": Spec(_public_exhibition, everyone(200)),
    "public:exhibition-ics": Spec(
        lambda ctx: _public_exhibition(ctx, "public:exhibition-ics"), everyone(200)
    ),
    "public:programme-item-ics": Spec(_programme_item, everyone(200)),
    "public:feedback": Spec(lambda ctx: _public_exhibition(ctx, "public:feedback"), everyone(200)),
    "public:feedback-thanks": Spec(
        lambda ctx: _public_exhibition(ctx, "public:feedback-thanks"), everyone(200)
    ),
    "public:prison-list": Spec(_url("public:prison-list"), everyone(200)),
    "public:about": Spec(_url("public:about"), everyone(200)),
    "public:prison-detail": Spec(_public_prison, everyone(200)),
    "public:certificate-verify-form": Spec(_url("public:certificate-verify-form"), everyone(200)),
    "public:certificate-verify": Spec(_verified_certificate, everyone(200)),
}
for _spec in PUBLIC_SPECS.values():
    _spec.post_refused_too = False  # nobody is refused here


# --- The portal -----------------------------------------------------------------------------------


def _portal(name: str, build=None) -> Callable:
    """The URL of ``portal:<name>`` with the objects of ``build(prison)`` (the builders of
    tests/test_portal_scoping.py), for the prison of the ``officer`` role."""

    def make(ctx):
        kwargs = build(ctx.prison) if build else None
        return _ns(reverse(f"portal:{name}", kwargs=kwargs), kwargs=kwargs)

    return make


def _revised_product(prison):
    from products.models import Product

    original = factories.make_product(prison=prison)
    factories.make_product(
        prison=prison,
        category=original.category,
        revision_of=original,
        status=Product.Status.SUBMITTED,
        slug=f"{original.slug}-revisi",
    )
    return {"pk": original.pk}


def _confirmed_participant(prison):
    return {
        "pk": factories.make_participant(
            training=factories.make_training(prison=prison), status="confirmed"
        ).pk
    }


# Portal pages without an object: every officer gets 200.
PORTAL_PAGES = {
    "dashboard": None,
    "certificate-list": None,
    "followup-list": None,
    "aid-list": None,
    "inmate-list": None,
    "inmate-create": None,
    "inmate-import": None,
    "inmate-import-template": None,
    "product-list": None,
    "product-create": None,
    "application-list": None,
    "inquiry-list": None,
    "training-list": None,
    "stock-list": None,
}
# Portal pages of one of a prison's objects, with the builder of the object (for the prison of
# the ``officer`` role): its officers get 200, another prison's officers 404. Confirmation pages
# (GET) of actions that POST are among them.
PORTAL_OBJECTS = {
    "certificate-pdf": portal._certificate,
    "followup-create": portal._released_inmate,
    "inmate-detail": portal._inmate,
    "inmate-update": portal._inmate,
    "inmate-consent": portal._inmate,
    "inmate-consent-withdraw": portal._inmate,  # GET: the confirmation; POST withdraws
    "inmate-release": portal._inmate,
    "inmate-status-undo": portal._released_inmate,
    "inmate-transfer": portal._inmate,
    "product-update": portal._product,
    "product-archive": portal._product,  # GET: the confirmation
    "product-revision-discard": _revised_product,  # GET: the confirmation
    "application-detail": portal._application,
    "application-update": portal._application,  # registration closed: the page says so
    "application-withdraw": portal._application,  # GET: the confirmation
    "inquiry-detail": portal._inquiry,
    "training-detail": portal._training,
    "training-propose": portal._training,
    "training-attendance": portal._training,
    "training-participant-withdraw": _confirmed_participant,  # GET: the confirmation
    "stock-update": portal._accepted_delegation,
}

PORTAL_SPECS = {}
for _name in PORTAL_PAGES:
    PORTAL_SPECS[f"portal:{_name}"] = Spec(_portal(_name), portal_expect())
for _name, _build in PORTAL_OBJECTS.items():
    PORTAL_SPECS[f"portal:{_name}"] = Spec(_portal(_name, _build), portal_expect(other_officer=404))

# The searches of long choice lists (inmates.form_fields.offer_by_search): JSON for officers, of
# their own prison only (tests/test_choice_search.py); they answer GET and HEAD alone.
for _name in ("maker-search", "exhibit-product-search"):
    PORTAL_SPECS[f"portal:{_name}"] = Spec(_portal(_name), portal_expect(), post={OFFICER: 405})
PORTAL_SPECS["portal:training-propose-search"] = Spec(
    _portal("training-propose-search", portal._training), portal_expect(other_officer=404), post={OFFICER: 405}
)

# A juror who is not an officer starts at the jury pages.
PORTAL_SPECS["portal:dashboard"].expect[JUROR] = redirect_to("portal:jury-list")
# An exhibition is nobody's prison's: every officer may apply to an open one.
PORTAL_SPECS["portal:application-create"] = Spec(
    _portal("application-create", portal._open_exhibition), portal_expect()
)
# Sales desks: the booth's prison's officers, and ministry staff (who work the desk with them).
PORTAL_SPECS["portal:sales-desk-list"] = Spec(_portal("sales-desk-list"), portal_expect(ministry=200))
PORTAL_SPECS["portal:sales-desk"] = Spec(
    _portal("sales-desk", portal._booth), portal_expect(other_officer=404, ministry=200)
)
PORTAL_SPECS["portal:sales-desk-reverse"] = Spec(
    _portal("sales-desk-reverse", portal._booth_sale), portal_expect(other_officer=404, ministry=200)
)
# The offline queue's JSON endpoint: POST only; an empty entry is a 400 with the reason.
PORTAL_SPECS["portal:sales-desk-record"] = Spec(
    _portal("sales-desk-record", portal._booth),
    portal_expect(officer=400, other_officer=404, ministry=400),
    method="post",
    data=lambda built: "{}",
    content_type="application/json",
    get_refused_for=OFFICER,
)
PORTAL_SPECS["portal:jury-list"] = Spec(_portal("jury-list"), jury_expect())
PORTAL_SPECS["portal:jury-entry"] = Spec(_portal("jury-entry", portal._jury_entry), jury_expect())
PORTAL_SPECS["portal:jury-results"] = Spec(_portal("jury-results", portal._jury_results), jury_expect())


# --- The admin ------------------------------------------------------------------------------------

# What ministry and corrections staff may do with each registered model: v(iew), a(dd), c(hange),
# d(elete). From inmates/roles.ROLE_PERMISSIONS as SECURITY.md describes it (ministry: the whole
# back-office; corrections: read everything but the buyers' inquiries and the answers to them
# (roles.ROLE_WITHHELD: Ditjen PAS never answers buyers), change prisons, workshops, officers and
# accounts), less what a model is designed never to allow (the ModelAdmin docstrings): consents are recorded
# and withdrawn, never deleted; sales are recorded at the sales desk and corrected by a reversing
# sale, never added, edited or deleted here; attendance cells and certificate counters are never
# deleted; nobody but a superuser deletes accounts or changes roles.
ADMIN_RIGHTS = {
    # Lock-outs and the login log follow the account rights (config/admin.py): whoever may change
    # accounts lifts a lock-out by deleting the attempt; the log is never edited or deleted.
    "axes.AccessAttempt": ("vd", "vd"),
    "axes.AccessLog": ("v", "v"),
    "auth.Group": ("v", "v"),
    "auth.User": ("vac", "vac"),
    "inmates.Region": ("vacd", "v"),
    "inmates.Prison": ("vacd", "vac"),
    "inmates.Workshop": ("vacd", "vac"),
    "inmates.OfficerProfile": ("vacd", "vacd"),
    "inmates.Inmate": ("vacd", "v"),
    "inmates.Consent": ("vac", "v"),
    "products.Category": ("vacd", "v"),
    "products.Product": ("vacd", "v"),
    "products.ProductImage": ("vacd", "v"),
    "exhibitions.Exhibition": ("vacd", "v"),
    "exhibitions.Delegation": ("vacd", "v"),
    "exhibitions.ProgrammeItem": ("vacd", "v"),
    "exhibitions.Booth": ("vacd", "v"),
    "exhibitions.StockLine": ("vacd", "v"),
    "exhibitions.Competition": ("vacd", "v"),
    "exhibitions.Criterion": ("v", "v"),  # added and weighed together on the competition's page
    "exhibitions.CompetitionEntry": ("vacd", "v"),
    "exhibitions.JudgeScore": ("v", "v"),  # given by the entry's jurors on the jury page only
    "exhibitions.Sale": ("v", "v"),
    "exhibitions.VisitorCount": ("vacd", "v"),
    "exhibitions.VisitorFeedback": ("vacd", "v"),
    "exhibitions.Inquiry": ("vacd", ""),  # buyers' names, e-mail, phone: not for Ditjen PAS
    "exhibitions.InquiryReply": ("v", ""),  # e-mailed from the portal, kept as it was sent
    "programs.Agreement": ("vacd", "v"),
    "programs.Obligation": ("vacd", "v"),
    "programs.Training": ("vacd", "v"),
    "programs.TrainingParticipant": ("vacd", "v"),
    "programs.Certificate": ("vac", "v"),  # revoked with a reason, never deleted
    "programs.Aid": ("vacd", "v"),
    "programs.Evidence": ("vacd", "v"),
    "programs.TrainingAttendance": ("vac", "v"),
    "programs.FollowUp": ("vacd", "v"),
    "programs.CertificateCounter": ("vac", "v"),
}

# The standard pages of a ModelAdmin and the right each needs.
ADMIN_VIEW_RIGHTS = {"changelist": "v", "add": "a", "change": "v", "delete": "d", "history": "v"}


def _admin_model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _row(model):
    return admin_factories.make_rows(model, 1)[0]


def _admin_view_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _admin_builder(model, view: str):
    def make(ctx):
        if view in ("changelist", "add"):
            return _ns(_admin_view_url(model, view))
        row = _row(model)
        if view == "object":
            return _ns(f"{_admin_view_url(model, 'changelist')}{row.pk}/", pk=row.pk)
        return _ns(_admin_view_url(model, view, row.pk), pk=row.pk)

    return make


def _letters(label: str, role: str) -> str:
    ministry, corrections = ADMIN_RIGHTS[label]
    return ministry if role == MINISTRY else corrections


def _admin_model_specs() -> dict:
    specs = {}
    for label in ADMIN_RIGHTS:
        model = _admin_model(label)
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        for view, right in ADMIN_VIEW_RIGHTS.items():
            expect = admin_expect(
                ministry=200 if right in _letters(label, MINISTRY) else 403,
                corrections=200 if right in _letters(label, CORRECTIONS) else 403,
            )
            spec = Spec(_admin_builder(model, view), expect)
            if view == "change":
                # Opening is viewing; saving needs the change right.
                for role in (MINISTRY, CORRECTIONS):
                    if "c" not in _letters(label, role):
                        spec.post[role] = 403
            specs[f"{prefix}_{view}"] = spec
        # "<pk>/" alone: Django sends staff on to the change page (no check of its own there).
        change = Redirect(
            lambda built, model=model: _admin_view_url(model, "change", built.pk), label="change"
        )
        specs[f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/"] = Spec(
            _admin_builder(model, "object"), admin_expect(ministry=change, corrections=change)
        )
    return specs


def _history_record(model):
    def make(ctx):
        row = _row(model)
        row.save()  # bulk-made rows have no history yet
        record = row.history.order_by("-history_id").first()
        return _ns(
            reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                args=[row.pk, record.history_id],
            ),
            pk=row.pk,
        )

    return make


def _deleted_record(model):
    def make(ctx):
        row = _row(model)
        pk = row.pk
        row.delete()
        record = model.history.filter(**{model._meta.pk.attname: pk}, history_type="-").get()
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_restore", args=[record.history_id]
        )
        return _ns(url, pk=pk)

    return make


def _admin_object(model, url_name: str):
    def make(ctx):
        row = _row(model)
        return _ns(reverse(url_name, args=[row.pk]), pk=row.pk)

    return make


def _autocomplete(ctx):
    return _ns(reverse("admin:autocomplete") + "?app_label=inmates&model_name=inmate&field_name=prison&term=")


def _view_on_site(ctx):
    from inmates.models import Prison

    return _ns(
        reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Prison).pk, ctx.prison.pk])
    )


def _admin_custom_specs() -> dict:
    from exhibitions.models import Competition, Exhibition, Inquiry
    from inmates.models import Consent, Inmate
    from products.models import Product
    from programs.models import Agreement, Certificate, Training

    staff = admin_expect(ministry=200, corrections=200)
    ministry_only = admin_expect(ministry=200, corrections=403)
    specs = {
        # The site's own pages.
        "admin:index": Spec(_url("admin:index"), staff),
        "admin:login": Spec(
            _url("admin:login"),
            {**everyone(200), CORRECTIONS: redirect_to("admin:index"), MINISTRY: redirect_to("admin:index")},
            post_refused_too=False,
        ),
        # Logging out is a POST; the admin sends whoever is not staff to its index (then login).
        "admin:logout": Spec(
            _url("admin:logout"),
            {
                **{role: redirect_to("admin:index") for role in NOT_STAFF},
                CORRECTIONS: redirect_to("home"),
                MINISTRY: redirect_to("home"),
            },
            method="post",
            get_refused_for=MINISTRY,
        ),
        "admin:password_change": Spec(_url("admin:password_change"), staff),
        "admin:password_change_done": Spec(_url("admin:password_change_done"), staff),
        # Answers only for a field that is an autocomplete field and a model the user may view.
        "admin:autocomplete": Spec(_autocomplete, staff),
        "admin:jsi18n": Spec(_url("admin:jsi18n"), staff),
        # No model has a public page of its own (get_absolute_url): "view on site" is not found.
        "admin:view_on_site": Spec(_view_on_site, admin_expect(ministry=404, corrections=404)),
        "admin:app_list": Spec(_url("admin:app_list", kwargs={"app_label": "inmates"}), staff),
        # Any other /admin/ path: not found for staff, and no hint of what exists for others.
        "admin/(?P<url>.*)$": Spec(
            lambda ctx: _ns("/admin/tidak-ada/"), admin_expect(ministry=404, corrections=404)
        ),
        # The outcomes dashboard: staff who see every prison.
        "admin:programs_outcomes": Spec(_url("admin:programs_outcomes"), staff),
        # Curation queue: viewing for both; deciding (POST) needs the change right.
        "admin:products_product_curation": Spec(
            _url("admin:products_product_curation"), staff, post={CORRECTIONS: 403}
        ),
        # Exhibition pages: printable lists and reports for whoever may view the exhibition;
        # closing the exhibition (stock POST) and today's visitor count need the change right.
        "admin:exhibitions_exhibition_booths": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_booths"), staff
        ),
        "admin:exhibitions_exhibition_floor": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_floor"), staff
        ),
        "admin:exhibitions_inquiry_answer": Spec(_admin_object(Inquiry, "admin:exhibitions_inquiry_answer"), ministry_only),
        "admin:exhibitions_exhibition_stock": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_stock"), staff, post={CORRECTIONS: 403}
        ),
        "admin:exhibitions_exhibition_visitors": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_visitors"), ministry_only
        ),
        "admin:exhibitions_exhibition_reports": Spec(_url("admin:exhibitions_exhibition_reports"), staff),
        "admin:exhibitions_exhibition_report": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_report"), staff
        ),
        "admin:exhibitions_exhibition_labels": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_labels"), staff
        ),
        "admin:exhibitions_exhibition_labels_pdf": Spec(
            _admin_object(Exhibition, "admin:exhibitions_exhibition_labels_pdf"), staff
        ),
        # Results: viewing for both; closing the round or publishing needs the change right.
        "admin:exhibitions_competition_results": Spec(
            _admin_object(Competition, "admin:exhibitions_competition_results"),
            staff,
            post={CORRECTIONS: 403},
        ),
        "admin:programs_agreement_progress": Spec(
            _admin_object(Agreement, "admin:programs_agreement_progress"), staff
        ),
        "admin:programs_training_attendance": Spec(
            _admin_object(Training, "admin:programs_training_attendance"), staff
        ),
        "admin:programs_certificate_pdf": Spec(
            _admin_object(Certificate, "admin:programs_certificate_pdf"), staff
        ),
        # The attendance page's "issue certificates" button: a POST, for those who add them; back
        # to the attendance page.
        "admin:programs_training_issue_certificates": Spec(
            _admin_object(Training, "admin:programs_training_issue_certificates"),
            admin_expect(
                ministry=Redirect(
                    lambda built: reverse("admin:programs_training_attendance", args=[built.pk]), label="attendance"
                ),
                corrections=403,
            ),
            method="post",
            data=lambda built: {},
            get_refused_for=MINISTRY,
        ),
        # The user admin's password form: whoever may change the account.
        "admin:auth_user_password_change": Spec(
            _admin_object(get_user_model(), "admin:auth_user_password_change"), staff
        ),
    }
    # Deleted rows and restoring them: for those with the add right (the ministry); restoring is
    # a POST that brings the row back and opens it.
    for model in (Inmate, Consent, Product):
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        specs[f"{prefix}_deleted"] = Spec(_url(f"{prefix}_deleted"), ministry_only)
        restored = Redirect(
            lambda built, model=model: _admin_view_url(model, "change", built.pk), label="change"
        )
        specs[f"{prefix}_restore"] = Spec(
            _deleted_record(model),
            admin_expect(ministry=restored, corrections=403),
            method="post",
            data=lambda built: {},
            get_refused_for=MINISTRY,
        )
    # A past version of a row with history: shown to whoever may view the row; reverting to it
    # (POST) needs the change right.
    for model in (Inmate, Consent, Product, _admin_model("products.ProductImage")):
        opts = model._meta
        label = opts.label
        post = {role: 403 for role in (MINISTRY, CORRECTIONS) if "c" not in _letters(label, role)}
        specs[f"admin:{opts.app_label}_{opts.model_name}_simple_history"] = Spec(
            _history_record(model), staff, post=post
        )
    return specs


def all_specs() -> dict:
    return {**ROOT_SPECS, **PUBLIC_SPECS, **PORTAL_SPECS, **_admin_model_specs(), **_admin_custom_specs()}


# Only with BENCH_TRIVIAL (bench/run.py), never in a deployment: no expectations needed.
BENCHMARK_ONLY = {"bench-trivial"}

# The rights an admin action's ``permissions`` stand for (an action of a permission not listed here
# fails the matrix until its rights are written down).
ACTION_PERMISSION_RIGHTS = {
    "view": "v",
    "add": "a",
    "change": "c",
    "delete": "d",
    "issue_certificates": "a",  # adds certificates
    "evidence": "a",  # adds evidence of the agreement's obligations
}


def refused_admin_actions() -> list[tuple[str, str, str]]:
    """(model label, action name, role) for every changelist action a staff role lacks the
    rights for, by ``ADMIN_RIGHTS``; not where the role may not even view the model (its
    changelist, POST included, is refused whole: the matrix's admin specs)."""
    cases = []
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        label = model._meta.label
        for function, name, _description in model_admin._get_base_actions():
            needed = "".join(
                ACTION_PERMISSION_RIGHTS[permission]
                for permission in getattr(function, "allowed_permissions", ())
            )
            for role in (CORRECTIONS, MINISTRY):
                rights = _letters(label, role) if label in ADMIN_RIGHTS else ""
                if "v" in rights and not set(needed) <= set(rights):
                    cases.append((label, name, role))
    return cases


def url_keys() -> list[str]:
    """Every URL pattern of the URL conf: ``namespace:name`` for a named one, the full route for
    one without a name (e.g. ``favicon.ico``, the admin's ``<app>/<model>/<pk>/`` redirects)."""
    keys = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = (
                    ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                )
                walk(pattern.url_patterns, route, inner)
            elif pattern.name:
                keys.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            else:
                keys.append(route)

    walk(get_resolver().url_patterns, "", "")
    return keys


def admin_registered_labels() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry)
