"""Reads for exhibitions. Public selectors return only published exhibitions."""

import dataclasses
import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import get_language

from exhibitions.models import (
    Competition,
    CompetitionEntry,
    Delegation,
    Exhibition,
    Inquiry,
    ProgrammeItem,
)
from inmates.models import Prison, Region
from inmates.scoping import officer_prison_id, prison_scope
from products.models import Category, Product
from products.search import product_search
from products.selectors import public_product_list


def exhibition_current_or_next(*, now: datetime.datetime | None = None) -> Exhibition | None:
    """The published exhibition running at ``now`` (in its own zone), else the next one to start."""
    now = now or timezone.now()
    # A day's margin: the venue's date may differ from Jakarta's near midnight. The few
    # candidates are then checked against the date in each venue's own zone.
    today = timezone.localdate(now)
    candidates = (
        Exhibition.objects.published()
        .filter(end_date__gte=today - datetime.timedelta(days=1))
        .order_by("start_date", "pk")[:5]
    )
    for exhibition in candidates:
        if exhibition.end_date >= now.astimezone(exhibition.tzinfo).date():
            return exhibition
    return None


def public_exhibition_stats() -> dict:
    return Exhibition.objects.published().aggregate(
        exhibitions=Count("id", distinct=True),
        delegations=Count(
            "delegations", filter=Q(delegations__status=Delegation.Status.ACCEPTED), distinct=True
        ),
    )


# --- Portal (prison officers): exhibition applications and buyer inquiries -------------------


def portal_open_exhibitions(*, user, now: datetime.datetime | None = None):
    """Published exhibitions whose registration is open at ``now`` (the same rule as
    ``Exhibition.registration_is_open``), soonest deadline first, in one query. Each carries
    ``my_delegation_id`` and ``my_delegation_status``: the application of the prison ``user``
    is an officer of, or None (another prison's application never shows)."""
    now = now or timezone.now()
    # Not an officer: no prison, so no application of "theirs" (and never a Kanwil's, whose
    # prison is empty too).
    prison_id = officer_prison_id(user) or 0
    own = Delegation.objects.filter(exhibition=OuterRef("pk"), prison_id=prison_id)
    return (
        Exhibition.objects.published()
        .filter(
            registration_opens__isnull=False,
            registration_closes__isnull=False,
            registration_opens__lte=now,
            registration_closes__gt=now,
        )
        .annotate(
            my_delegation_id=Subquery(own.values("pk")[:1]),
            my_delegation_status=Subquery(own.values("status")[:1]),
        )
        .order_by("registration_closes", "start_date")
    )


def portal_application_list(*, user):
    """The exhibition applications (delegations) of the prison ``user`` is an officer of, newest
    exhibition first, with the exhibition joined and the product count annotated: one query."""
    return (
        prison_scope(Delegation.objects.all(), user, prison_field="prison")
        .select_related("exhibition", "contact_officer")
        .annotate(product_count=Count("products", distinct=True))
        .order_by("-exhibition__start_date", "-applied_at")
    )


def portal_inquiry_list(*, user, status: str | None = None):
    """Buyer inquiries about the prison of ``user``: those addressed to the prison, or about one
    of its products. Newest first, product joined. Scoped through ``prison_scope`` on both paths,
    so another prison's inquiry is never listed nor found."""
    base = Inquiry.objects.all()
    queryset = prison_scope(base, user, prison_field="prison") | prison_scope(
        base, user, prison_field="product__prison"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("product", "exhibition").order_by("-created_at", "-pk")


def portal_inquiry_counts(*, user) -> dict[str, int]:
    """How many inquiries of ``user``'s prison are new, answered and closed: one query."""
    Status = Inquiry.Status
    counts = portal_inquiry_list(user=user).order_by().aggregate(
        all=Count("pk"),
        new=Count("pk", filter=Q(status=Status.NEW)),
        answered=Count("pk", filter=Q(status=Status.ANSWERED)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
    )
    return counts


# --- Public exhibition pages (exhibition list and detail, calendar files, the home page)

RUNNING = "running"
UPCOMING = "upcoming"
PAST = "past"


def exhibition_phase(exhibition: Exhibition, *, now: datetime.datetime) -> str:
    """``running``, ``upcoming`` or ``past``, by the date at the venue (its own zone) at ``now``."""
    local_today = now.astimezone(exhibition.tzinfo).date()
    if exhibition.end_date < local_today:
        return PAST
    if exhibition.start_date > local_today:
        return UPCOMING
    return RUNNING


def public_exhibitions() -> QuerySet[Exhibition]:
    """Published exhibitions with the number of accepted delegations (``accepted_delegations``)."""
    return Exhibition.objects.published().annotate(
        accepted_delegations=Count(
            "delegations", filter=Q(delegations__status=Delegation.Status.ACCEPTED), distinct=True
        )
    )


def public_exhibitions_by_phase(*, now: datetime.datetime | None = None) -> dict[str, list[Exhibition]]:
    """Published exhibitions split into running and upcoming (soonest first) and past (latest
    first), each judged in its venue's zone; one query."""
    now = now or timezone.now()
    phases: dict[str, list[Exhibition]] = {RUNNING: [], UPCOMING: [], PAST: []}
    for exhibition in public_exhibitions().order_by("start_date", "pk"):
        exhibition.phase = exhibition_phase(exhibition, now=now)
        exhibition.open_now = exhibition.is_open_at(now)
        phases[exhibition.phase].append(exhibition)
    phases[PAST].reverse()
    return phases


@dataclasses.dataclass(frozen=True)
class ProgrammeDay:
    date: datetime.date
    items: list[ProgrammeItem]


def public_programme_by_day(*, exhibition: Exhibition) -> list[ProgrammeDay]:
    """The exhibition's programme in time order, grouped by the day at the venue (its own zone)."""
    days: dict[datetime.date, list[ProgrammeItem]] = {}
    items = exhibition.programme.select_related("host_prison").order_by("starts_at", "pk")
    for item in items:
        days.setdefault(item.starts_at.astimezone(exhibition.tzinfo).date(), []).append(item)
    return [ProgrammeDay(date=date, items=day_items) for date, day_items in days.items()]


def public_exhibition_delegations(*, exhibition: Exhibition) -> QuerySet[Delegation]:
    """Accepted delegations only, by booth code (those without a booth last), then name."""
    return (
        exhibition.delegations.filter(status=Delegation.Status.ACCEPTED)
        .select_related("prison", "region")
        .annotate(
            no_booth=Case(When(booth_code="", then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("no_booth", "booth_code", "name")
    )


def public_exhibition_products(*, exhibition: Exhibition) -> QuerySet[Product]:
    """Approved products shown by the exhibition's accepted delegations, ready for product cards."""
    shown = Delegation.products.through.objects.filter(
        delegation__exhibition=exhibition, delegation__status=Delegation.Status.ACCEPTED
    ).values("product_id")
    return public_product_list().filter(pk__in=shown).order_by("prison__name", "name", "pk")


def public_exhibition_competitions(*, exhibition: Exhibition) -> list[Competition]:
    """The exhibition's competitions with ``entry_count``; ``winners`` (entries with a rank or an
    award, best first) only once results are published, else an empty list, so blind entry codes
    never reach a page before then. ``winner.public_product`` is set only for an approved product."""
    winners = (
        CompetitionEntry.objects.filter(competition__results_published=True)
        .filter(Q(rank__isnull=False) | ~Q(award=""))
        .filter(delegation__status=Delegation.Status.ACCEPTED)
        .select_related("delegation", "product")
        .order_by(F("rank").asc(nulls_last=True), "award", "entry_code")
    )
    competitions = list(
        exhibition.competitions.annotate(entry_count=Count("entries", distinct=True))
        .prefetch_related(Prefetch("entries", queryset=winners, to_attr="winners"))
        .order_by("title", "pk")
    )
    for competition in competitions:
        if not competition.results_published:
            competition.winners = []
        for entry in competition.winners:
            product = entry.product
            entry.public_product = product if product and product.status == Product.Status.APPROVED else None
    return competitions


# --- Public catalogue and product page (exhibitions/views/catalogue.py) -------------------------
# On this floor because the catalogue filters by exhibition and the product page lists them.

CATALOGUE_PAGE_SIZE = 24
# Ties are broken down to the primary key, so every order is total and pages never overlap.
CATALOGUE_SORTS = {
    "relevance": ("-search_rank", "-created_at", "-pk"),
    "newest": ("-created_at", "-pk"),
    "price_asc": ("price", "name", "pk"),
    "price_desc": ("-price", "name", "pk"),
    "name": ("name", "pk"),
}


@dataclasses.dataclass(frozen=True)
class CatalogueFilters:
    """What a visitor asked the catalogue for, already checked (unknown slugs and bad numbers
    are dropped before this is made). ``sort`` empty means the default."""

    q: str = ""
    category: Category | None = None
    region: Region | None = None
    prison: Prison | None = None
    exhibition: Exhibition | None = None
    min_price: int | None = None
    max_price: int | None = None
    sort: str = ""

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q else "newest"

    @property
    def effective_sort(self) -> str:
        if self.sort in CATALOGUE_SORTS and (self.sort != "relevance" or self.q):
            return self.sort
        return self.default_sort

    def params(self, **changes) -> list[tuple[str, str]]:
        """The query parameters of these filters in the one canonical order, empty and default
        values left out; ``changes`` replace values first (None removes one, ``page`` adds one)."""
        values = {
            "q": self.q,
            "category": self.category.slug if self.category else "",
            "region": self.region.slug if self.region else "",
            "prison": self.prison.slug if self.prison else "",
            "exhibition": self.exhibition.slug if self.exhibition else "",
            "min_price": "" if self.min_price is None else str(self.min_price),
            "max_price": "" if self.max_price is None else str(self.max_price),
            "sort": self.effective_sort if self.effective_sort != self.default_sort else "",
            "page": "",
        }
        for name, value in changes.items():
            values[name] = "" if value is None else str(value)
        if values["page"] == "1":
            values["page"] = ""
        return [(name, value) for name, value in values.items() if value]


@dataclasses.dataclass(frozen=True)
class FacetOption:
    slug: str
    label: str
    count: int
    selected: bool


@dataclasses.dataclass
class Catalogue:
    """The matching products (sorted, ready for product cards, not yet paged) and, for each
    filter, its options with how many products each would show given the other filters."""

    products: QuerySet[Product]
    count: int
    categories: list[FacetOption]
    regions: list[FacetOption]
    prisons: list[FacetOption]
    exhibitions: list[FacetOption]


def _shown_at(exhibition_filter: Q) -> QuerySet:
    """Rows of 'product shown by an accepted delegation of a published exhibition'."""
    return Delegation.products.through.objects.filter(
        exhibition_filter,
        delegation__status=Delegation.Status.ACCEPTED,
        delegation__exhibition__is_published=True,
    )


def _catalogue_queryset(
    filters: CatalogueFilters, search, *, skip: tuple[str, ...] = (), base: QuerySet[Product] | None = None
) -> QuerySet[Product]:
    products = Product.objects.approved() if base is None else base
    if search is not None:
        products = products.filter(search.condition)
    if filters.category and "category" not in skip:
        products = products.filter(category_id=filters.category.pk)
    if filters.region and "region" not in skip:
        products = products.filter(prison__region_id=filters.region.pk)
    if filters.prison and "prison" not in skip:
        products = products.filter(prison_id=filters.prison.pk)
    if filters.exhibition and "exhibition" not in skip:
        shown = _shown_at(Q(delegation__exhibition_id=filters.exhibition.pk))
        products = products.filter(Exists(shown.filter(product_id=OuterRef("pk"))))
    if filters.min_price is not None:
        products = products.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(price__lte=filters.max_price)
    return products


def _options(rows, *, slug: str, label, selected) -> list[FacetOption]:
    return [
        FacetOption(
            slug=row[slug],
            label=label(row),
            count=row["n"],
            selected=selected is not None and selected.slug == row[slug],
        )
        for row in rows
    ]


def _with_selected(options: list[FacetOption], selected, label: str) -> list[FacetOption]:
    # A chosen option stays listed (with 0) even when the other filters leave it nothing to show.
    if selected is not None and not any(option.selected for option in options):
        options.insert(0, FacetOption(slug=selected.slug, label=label, count=0, selected=True))
    return options


def public_catalogue(*, filters: CatalogueFilters) -> Catalogue:
    """Approved products matching ``filters``, how many, and the counts of every filter's options.

    Each filter's counts apply all the other active filters but not its own, so they tell how
    many products choosing that option would show. A fixed number of queries whatever the number
    of products: with a search, on PostgreSQL, two for the category and prison names it matches;
    one grouped count by category and prison (categories, regions, prisons and the total are
    summed from it here); one for the exhibitions; then the page of products (a lazy queryset)
    and its images.
    """
    search = product_search(q=filters.q)
    english = (get_language() or "id").startswith("en")
    groups = list(
        _catalogue_queryset(filters, search, skip=("category", "region", "prison"))
        .values(
            "category__slug",
            "category__name_id",
            "category__name_en",
            "category__position",
            "prison__slug",
            "prison__name",
            "prison__region__slug",
            "prison__region__province",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    chosen = {
        "category": (filters.category, "category__slug"),
        "region": (filters.region, "prison__region__slug"),
        "prison": (filters.prison, "prison__slug"),
    }

    def counted(row, *, but: str = "") -> bool:
        return all(
            name == but or choice is None or row[key] == choice.slug
            for name, (choice, key) in chosen.items()
        )

    def tally(name: str, label, order) -> list[FacetOption]:
        selected, key = chosen[name]
        totals: dict[str, list] = {}
        for row in groups:
            if counted(row, but=name):
                entry = totals.setdefault(row[key], [0, label(row), order(row)])
                entry[0] += row["n"]
        rows = sorted(totals.items(), key=lambda item: (item[1][2], item[0]))
        return [
            FacetOption(slug=slug, label=text, count=n, selected=selected is not None and selected.slug == slug)
            for slug, (n, text, _) in rows
        ]

    categories = tally(
        "category",
        label=lambda row: (english and row["category__name_en"]) or row["category__name_id"],
        order=lambda row: (row["category__position"], row["category__name_id"]),
    )
    regions = tally(
        "region",
        label=lambda row: row["prison__region__province"],
        order=lambda row: row["prison__region__province"],
    )
    prisons = tally("prison", label=lambda row: row["prison__name"], order=lambda row: row["prison__name"])
    exhibitions = _options(
        _shown_at(Q())
        .filter(product__in=_catalogue_queryset(filters, search, skip=("exhibition",)).values("pk"))
        .values(
            "delegation__exhibition__slug",
            "delegation__exhibition__title",
            "delegation__exhibition__start_date",
        )
        .annotate(n=Count("product_id", distinct=True))
        .order_by("-delegation__exhibition__start_date", "delegation__exhibition__title"),
        slug="delegation__exhibition__slug",
        label=lambda row: row["delegation__exhibition__title"],
        selected=filters.exhibition,
    )
    # Cards need neither the description nor the curator's notes.
    products = _catalogue_queryset(filters, search, base=public_product_list()).defer(
        "description", "status_reason"
    )
    if filters.effective_sort == "relevance":
        products = products.annotate(search_rank=search.rank)
    products = products.order_by(*CATALOGUE_SORTS[filters.effective_sort])
    category = filters.category
    return Catalogue(
        products=products,
        count=sum(row["n"] for row in groups if counted(row)),
        categories=_with_selected(categories, category, category.name if category else ""),
        regions=_with_selected(regions, filters.region, filters.region.province if filters.region else ""),
        prisons=_with_selected(prisons, filters.prison, filters.prison.name if filters.prison else ""),
        exhibitions=_with_selected(
            exhibitions, filters.exhibition, filters.exhibition.title if filters.exhibition else ""
        ),
    )


def public_product_exhibitions(*, product: Product) -> list[Exhibition]:
    """Published exhibitions where an accepted delegation showed ``product``, latest first."""
    shown = _shown_at(Q(delegation__exhibition=OuterRef("pk"))).filter(product=product)
    return list(Exhibition.objects.published().filter(Exists(shown)).order_by("-start_date", "pk"))


def inquiry_notification_recipients(*, prison: Prison | None) -> list[str]:
    """Who is told of a buyer's inquiry: active ministry staff (Staf Kemenperin) and, for a
    prison, its active officers (Petugas Lapas with an officer profile there); those with an
    e-mail address, each address once, sorted. One query."""
    from inmates.roles import MINISTRY_STAFF, PRISON_OFFICER

    who = Q(groups__name=MINISTRY_STAFF)
    if prison is not None:
        who |= Q(groups__name=PRISON_OFFICER, officer_profile__prison=prison)
    emails = (
        get_user_model()
        .objects.filter(who, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    unique: dict[str, str] = {}
    for email in emails:
        unique.setdefault(email.strip().lower(), email.strip())
    return sorted(unique.values(), key=str.lower)
