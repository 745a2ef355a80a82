"""Reads for exhibitions. Public selectors return only published exhibitions."""

import dataclasses
import datetime
import zoneinfo
from fractions import Fraction

from django.contrib.auth import get_user_model
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
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language

from config import fragments
from exhibitions.models import (
    Competition,
    CompetitionEntry,
    Delegation,
    Exhibition,
    Inquiry,
    ProgrammeItem,
    TimeZone,
)
from inmates.models import Prison, Region
from inmates.scoping import officer_prison_id, prison_scope
from inmates.selectors import matching_every_word
from products.models import Category, Product
from products.search import product_search
from products.selectors import public_product_list, publicly_served_images


def exhibition_current_or_next(*, now: datetime.datetime | None = None) -> Exhibition | None:
    """The published exhibition running at ``now`` (in its own zone, as visitors are told:
    ``exhibition_public_phase``), else the next one to start."""
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
        if exhibition_public_phase(exhibition, now=now) != PAST:
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
    # One application per prison and exhibition (a unique constraint): no ordering needed, and
    # the default one (by the exhibition's date) would join the exhibition again in each subquery.
    own = Delegation.objects.filter(exhibition=OuterRef("pk"), prison_id=prison_id).order_by()
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
        .prefetch_related("booths")
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
    return queryset.select_related("product", "exhibition", "prison__region").order_by("-created_at", "-pk")


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


def exhibition_public_phase(exhibition: Exhibition, *, now: datetime.datetime) -> str:
    """The phase a visitor is told: as ``exhibition_phase``, but over once the hall has closed on
    the last day, or once staff have closed the exhibition (found by a ministry probe: at 21.19 on
    the last day, after the formal close, the home, exhibition and product pages still said
    "Sedang berlangsung"). The back office keeps ``exhibition_phase``: the day's last sales and
    counts are still recorded that evening."""
    phase = exhibition_phase(exhibition, now=now)
    if phase != RUNNING:
        return phase
    if exhibition.closed_at is not None and exhibition.closed_at <= now:
        return PAST
    local = now.astimezone(exhibition.tzinfo)
    if local.date() == exhibition.end_date and local.time() >= exhibition.closing_time:
        return PAST
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
        exhibition.phase = exhibition_public_phase(exhibition, now=now)
        exhibition.open_now = exhibition.is_open_at(now)
        phases[exhibition.phase].append(exhibition)
    phases[PAST].reverse()
    return phases


@dataclasses.dataclass(frozen=True)
class ProgrammeEntry:
    """An item under one day of the programme. An item over several days (a competition
    running 4 to 7 February) is listed under each of them: ``continued`` under every day after
    its first, ``ends_today`` under its last."""

    item: ProgrammeItem
    continued: bool = False
    ends_today: bool = True


@dataclasses.dataclass(frozen=True)
class ProgrammeDay:
    date: datetime.date
    entries: list[ProgrammeEntry]

    @property
    def items(self) -> list[ProgrammeItem]:
        return [entry.item for entry in self.entries]


def _last_day(item: ProgrammeItem, zone) -> datetime.date:
    """The last day ``item`` runs on at the venue: one ending at midnight ends the day before."""
    start, end = item.starts_at.astimezone(zone), item.ends_at.astimezone(zone)
    last = end.date()
    if end.time() == datetime.time(0) and last > start.date():
        last -= datetime.timedelta(days=1)
    return max(last, start.date())


def public_programme_by_day(*, exhibition: Exhibition) -> list[ProgrammeDay]:
    """The exhibition's programme in time order, grouped by the day at the venue (its own zone);
    an item over several days is under each of them (items lie within the exhibition's days)."""
    zone = exhibition.tzinfo
    days: dict[datetime.date, list[ProgrammeEntry]] = {}
    items = exhibition.programme.select_related("host_prison").order_by("starts_at", "pk")
    for item in items:
        first, last = item.starts_at.astimezone(zone).date(), _last_day(item, zone)
        day = first
        while day <= last:
            entry = ProgrammeEntry(item=item, continued=day != first, ends_today=day == last)
            days.setdefault(day, []).append(entry)
            day += datetime.timedelta(days=1)
    for entries in days.values():
        # Under a later day, what runs on from before comes first, then the day's own items.
        entries.sort(key=lambda entry: (not entry.continued, entry.item.starts_at, entry.item.pk))
    return [ProgrammeDay(date=date, entries=days[date]) for date in sorted(days)]


def public_exhibition_delegations(*, exhibition: Exhibition) -> QuerySet[Delegation]:
    """Accepted delegations only, by their first booth code (those without a booth last), then
    name; booths prefetched for ``Delegation.booth_code``. Two queries."""
    from django.db.models import Min

    return (
        exhibition.delegations.filter(status=Delegation.Status.ACCEPTED)
        .select_related("prison", "region")
        .prefetch_related("booths")
        .annotate(first_booth=Min("booths__code"))
        .annotate(
            no_booth=Case(
                When(first_booth__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("no_booth", "first_booth", "name")
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


def _catalogue_names() -> tuple[dict, dict]:
    """Every category's and prison's names and sort keys by id: the facet counts are grouped by
    ids (an index-only grouping), and named from these."""
    categories = {
        row["pk"]: row
        for row in Category.objects.values("pk", "slug", "name_id", "name_en", "position")
    }
    prisons = {
        row["pk"]: row
        for row in Prison.objects.values("pk", "slug", "name", "region__slug", "region__province")
    }
    return categories, prisons


def _catalogue_facet_rows(filters: CatalogueFilters, search) -> tuple[list[dict], list[dict]]:
    """(matching approved products grouped by category and prison, ignoring those three filters;
    the exhibitions showing matching products, ignoring the exhibition filter), as plain rows."""
    grouped = list(
        _catalogue_queryset(filters, search, skip=("category", "region", "prison"))
        .values("category_id", "prison_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    categories, prisons = fragments.remember("catalogue-names", (), _catalogue_names)
    groups = []
    for row in grouped:
        category, prison = categories.get(row["category_id"]), prisons.get(row["prison_id"])
        if category is None or prison is None:
            continue  # created after the names were read; counted once the cache moves on
        groups.append(
            {
                "category__slug": category["slug"],
                "category__name_id": category["name_id"],
                "category__name_en": category["name_en"],
                "category__position": category["position"],
                "prison__slug": prison["slug"],
                "prison__name": prison["name"],
                "prison__region__slug": prison["region__slug"],
                "prison__region__province": prison["region__province"],
                "n": row["n"],
            }
        )
    exhibitions = list(
        _shown_at(Q())
        .filter(product__in=_catalogue_queryset(filters, search, skip=("exhibition",)).values("pk"))
        .values(
            "delegation__exhibition__slug",
            "delegation__exhibition__title",
            "delegation__exhibition__start_date",
        )
        .annotate(n=Count("product_id", distinct=True))
        .order_by("-delegation__exhibition__start_date", "delegation__exhibition__title")
    )
    return groups, exhibitions


def _catalogue_facets(filters: CatalogueFilters, search, english: bool):
    """(how many products match, the category, region, prison and exhibition options with their
    counts): one pass over the rows grouped by category and prison."""
    groups, exhibition_rows = _catalogue_facet_rows(filters, search)
    chosen = (
        ("category", filters.category, "category__slug"),
        ("region", filters.region, "prison__region__slug"),
        ("prison", filters.prison, "prison__slug"),
    )
    labels = {
        "category": lambda row: (english and row["category__name_en"]) or row["category__name_id"],
        "region": lambda row: row["prison__region__province"],
        "prison": lambda row: row["prison__name"],
    }
    orders = {
        "category": lambda row: (row["category__position"], row["category__name_id"]),
        "region": lambda row: row["prison__region__province"],
        "prison": lambda row: row["prison__name"],
    }
    totals: dict[str, dict[str, list]] = {name: {} for name, _, _ in chosen}
    count = 0
    for row in groups:
        misses = [name for name, choice, key in chosen if choice is not None and row[key] != choice.slug]
        if not misses:
            count += row["n"]
        # An option's count applies the other filters, not its own: a row counts for a filter's
        # option when it misses no other filter.
        for name, _, key in chosen:
            if not misses or misses == [name]:
                entry = totals[name].setdefault(row[key], [0, row])
                entry[0] += row["n"]

    def options(name: str, selected) -> list[FacetOption]:
        rows = sorted(totals[name].items(), key=lambda item: (orders[name](item[1][1]), item[0]))
        return [
            FacetOption(
                slug=slug,
                label=labels[name](row),
                count=n,
                selected=selected is not None and selected.slug == slug,
            )
            for slug, (n, row) in rows
        ]

    category, region, prison = filters.category, filters.region, filters.prison
    return (
        count,
        _with_selected(options("category", category), category, category.name if category else ""),
        _with_selected(options("region", region), region, region.province if region else ""),
        _with_selected(options("prison", prison), prison, prison.name if prison else ""),
        _with_selected(
            _options(
                exhibition_rows,
                slug="delegation__exhibition__slug",
                label=lambda row: row["delegation__exhibition__title"],
                selected=filters.exhibition,
            ),
            filters.exhibition,
            filters.exhibition.title if filters.exhibition else "",
        ),
    )


def public_catalogue(*, filters: CatalogueFilters) -> Catalogue:
    """Approved products matching ``filters``, how many, and the counts of every filter's options.

    Each filter's counts apply all the other active filters but not its own, so they tell how
    many products choosing that option would show. A fixed number of queries whatever the number
    of products: one grouped count by category and prison ids (categories, regions, prisons and
    the total are summed from it here, named from every category and prison read in one query
    each); one for the exhibitions; then the page of products (a lazy queryset) and its images.
    The counts depend on the filters, not on the page or the order, and are kept under the public
    content version (config/fragments.py).
    """
    search = product_search(q=filters.q)
    english = (get_language() or "id").startswith("en")
    key = (
        filters.q,
        *(getattr(choice, "pk", None) for choice in (filters.category, filters.region, filters.prison)),
        getattr(filters.exhibition, "pk", None),
        filters.min_price,
        filters.max_price,
    )
    facets = fragments.remember("catalogue-facets", key, lambda: _catalogue_facets(filters, search, english))
    count, categories, regions, prisons, exhibitions = facets
    # Cards need neither the description nor the curator's notes.
    products = _catalogue_queryset(filters, search, base=public_product_list()).defer(
        "description", "status_reason"
    )
    sort = filters.effective_sort
    if sort == "relevance" and search is None:
        # A search without a word (only emoji or punctuation) filters nothing and has no rank.
        sort = "newest"
    if sort == "relevance":
        products = products.annotate(search_rank=search.rank)
    products = products.order_by(*CATALOGUE_SORTS[sort])
    return Catalogue(
        products=products,
        count=count,
        categories=categories,
        regions=regions,
        prisons=prisons,
        exhibitions=exhibitions,
    )


def public_product_exhibitions(
    *, product: Product, now: datetime.datetime | None = None
) -> dict[str, list[Exhibition]]:
    """Published exhibitions where an accepted delegation shows ``product``, split as
    ``public_exhibitions_by_phase`` splits them (running and upcoming soonest first, past latest
    first, each judged by the date at its venue at ``now``); one query. An exhibition still to
    come is not one the product "was shown at" (found by a tester)."""
    now = now or timezone.now()
    shown = _shown_at(Q(delegation__exhibition=OuterRef("pk"))).filter(product=product)
    phases: dict[str, list[Exhibition]] = {RUNNING: [], UPCOMING: [], PAST: []}
    for exhibition in Exhibition.objects.published().filter(Exists(shown)).order_by("start_date", "pk"):
        phases[exhibition_public_phase(exhibition, now=now)].append(exhibition)
    phases[PAST].reverse()
    return phases


def venue_dates(*, now: datetime.datetime | None = None) -> tuple[tuple, ...]:
    """The date and quarter hour at ``now`` in each venue zone (WIB, WITA, WIT): the key part of a
    cached piece of a page that tells running, upcoming and past exhibitions apart, so that it is
    drawn again when a day begins at any venue, and soon after a hall closes on its last day
    (``exhibition_public_phase``), without reading the exhibitions to know."""
    now = now or timezone.now()
    moments = (now.astimezone(zoneinfo.ZoneInfo(zone)) for zone in TimeZone.values)
    return tuple((local.date(), local.hour, local.minute // 15) for local in moments)


def inquiry_for_ministry_q() -> Q:
    """The inquiries the ministry answers: those about an exhibition (no prison), and those of a
    prison that has no active officer in Etalase to answer them (found by a new user's probe: a
    hotel's order for 300 sets at a prison without an officer account was on nobody's list). A
    filter on Inquiry (one query to make it); the rest are the prisons' officers' to answer."""
    from inmates.models import OfficerProfile
    from inmates.roles import PRISON_OFFICER

    # The prisons with an officer (a few hundred at most), read first: as a correlated subquery
    # per inquiry the count grew with the unanswered inquiries (half a second at 200,000, found
    # by a review).
    staffed = list(
        OfficerProfile.objects.filter(user__is_active=True, user__groups__name=PRISON_OFFICER)
        .order_by()
        .values_list("prison_id", flat=True)
        .distinct()
    )
    return ~Q(prison_id__in=staffed) & ~Q(product__prison_id__in=staffed)


def inquiry_notification_recipients(*, prison: Prison | None) -> list[str]:
    """Who is told of a buyer's inquiry: active ministry staff (Staf Kemenperin) and, for a
    prison, its active officers (Petugas Lapas with an officer profile there); those with an
    e-mail address, each address once, sorted. One query."""
    from inmates.roles import MINISTRY_STAFF, PRISON_OFFICER

    # Staff who are not also officers (an officer hears of their own prison's inquiries only).
    who = Q(groups__name=MINISTRY_STAFF) & ~Q(pk__in=get_user_model().objects.filter(groups__name=PRISON_OFFICER).values("pk"))
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


# --- Market-trial sales: who may record them, the sales desk, signed totals ------------------
# A correction is a reversing Sale (``reverses`` set): it counts negative in every total, so a
# booth's figures are always "what was recorded minus what was corrected", summed in the database.


def sale_total_aggregates(prefix: str = "") -> dict:
    """Aggregates of signed sale figures (``revenue``, ``items``, ``share_inmate``, ``share_pnbp``,
    ``share_programme``, ``sale_count``: sales net of corrections) and ``entry_count`` (rows, corrections included), for ``.aggregate()`` or
    ``.annotate()``; ``prefix`` is the lookup path to Sale (e.g. ``"sales__"``)."""
    from django.db.models import BigIntegerField, Sum

    def signed(field):
        cases = [When(**{f"{prefix}reverses__isnull": True}, then=field)]
        if prefix:
            # Across a LEFT JOIN a row without any sale has no reverses_id either: it counts nought.
            cases.insert(0, When(**{f"{prefix}id__isnull": True}, then=Value(0)))
        return Case(*cases, default=-field, output_field=BigIntegerField())

    return {
        "revenue": Sum(signed(F(f"{prefix}quantity") * F(f"{prefix}unit_price"))),
        "items": Sum(signed(F(f"{prefix}quantity"))),
        "share_inmate": Sum(signed(F(f"{prefix}share_inmate"))),
        "share_pnbp": Sum(signed(F(f"{prefix}share_pnbp"))),
        "share_programme": Sum(signed(F(f"{prefix}share_programme"))),
        # Sales counted net: a corrected sale and its correction make nought.
        "sale_count": Sum(signed(Value(1))),
        "entry_count": Count(f"{prefix}id"),
    }


SALE_TOTAL_FIELDS = (
    "revenue", "items", "share_inmate", "share_pnbp", "share_programme", "sale_count", "entry_count"
)


def sale_totals(queryset) -> dict[str, int]:
    """The signed totals of a Sale queryset in one query; zeros (never None) when it is empty."""
    totals = queryset.order_by().aggregate(**sale_total_aggregates())
    return {name: totals[name] or 0 for name in SALE_TOTAL_FIELDS}


def records_sales_everywhere(user) -> bool:
    """Ministry staff (Staf Kemenperin) and superusers may record sales at any booth; never an
    account with the prison-officer role, whatever else it holds (its own prison's booths only)."""
    from inmates.roles import MINISTRY_STAFF, PRISON_OFFICER, has_role

    if not user.is_authenticated or not user.is_active or has_role(user, PRISON_OFFICER):
        return False
    return user.is_superuser or has_role(user, MINISTRY_STAFF)


def can_record_sales(*, user, delegation: Delegation | None) -> bool:
    """Whether ``user`` may record (and correct) sales of ``delegation``: ministry staff anywhere,
    a prison officer only for their own prison's delegation. A Kanwil's delegation (no prison)
    is the staff's alone."""
    if records_sales_everywhere(user):
        return True
    if delegation is None or delegation.prison_id is None:
        return False
    return officer_prison_id(user) == delegation.prison_id


def sales_desk_booths(*, user) -> QuerySet:
    """The booths whose sales desk ``user`` may open: every occupied booth for ministry staff,
    the booths of their own prison's delegations for an officer, none for anybody else. Another
    prison's booth is therefore not found (404)."""
    from exhibitions.models import Booth

    booths = Booth.objects.filter(delegation__isnull=False).select_related(
        "exhibition", "delegation__prison", "delegation__region"
    )
    if records_sales_everywhere(user):
        return booths
    prison_id = officer_prison_id(user)
    if prison_id is None:
        return booths.none()
    return booths.filter(delegation__prison_id=prison_id)


def booths_running_today(*, user, now: datetime.datetime | None = None) -> list:
    """The booths of ``sales_desk_booths`` whose exhibition runs today at its venue, by
    exhibition, zone and code: the portal dashboard's shortcut to the sales desk and the stock
    during a fair (found by a new user's probe: an officer at the booth had to find the desk
    through the menu every morning). One query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    near = sales_desk_booths(user=user).filter(
        exhibition__start_date__lte=today + datetime.timedelta(days=1),
        exhibition__end_date__gte=today - datetime.timedelta(days=1),
    )
    rows = list(near.order_by("exhibition__start_date", "exhibition_id", "zone", "code"))
    return [booth for booth in rows if exhibition_phase(booth.exhibition, now=now) == RUNNING]


def sales_desk_booth_list(*, user, exhibition: Exhibition | None = None) -> list:
    """The booths of ``sales_desk_booths`` (of one ``exhibition`` when given), each with
    ``phase`` (running, upcoming, past at the venue): the exhibitions running today first, then
    the coming ones (soonest first), then past ones (latest first); in each, by zone and code.
    One query."""
    booths = sales_desk_booths(user=user)
    if exhibition is not None:
        booths = booths.filter(exhibition=exhibition)
    now = timezone.now()
    rows = list(booths.order_by("-exhibition__start_date", "exhibition_id", "zone", "code"))
    for booth in rows:
        booth.phase = exhibition_phase(booth.exhibition, now=now)
    rank = {RUNNING: 0, UPCOMING: 1, PAST: 2}

    def order(booth):
        days = booth.exhibition.start_date.toordinal()
        return (rank[booth.phase], days if booth.phase == UPCOMING else -days, booth.exhibition_id)

    return sorted(rows, key=order)  # stable: zone and code kept within an exhibition


def sales_desk_products(*, booth) -> QuerySet[Product]:
    """What can be sold at ``booth``: the products its delegation shows, and the other approved
    products of the delegation's prison (brought along but not listed), revision rows never.
    Shown products first, then by name; images prefetched (two queries)."""
    from products.models import ProductImage

    delegation = booth.delegation
    shown = Delegation.products.through.objects.filter(
        delegation_id=delegation.pk, product_id=OuterRef("pk")
    )
    condition = Q(Exists(shown))
    if delegation.prison_id:
        condition |= Q(prison_id=delegation.prison_id, status=Product.Status.APPROVED)
    return (
        Product.objects.originals()
        .filter(condition)
        .annotate(is_shown=Exists(shown))
        .select_related("prison")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        .order_by("-is_shown", "name", "pk")
    )


def sale_product_allowed(*, delegation: Delegation, product: Product) -> bool:
    """The rule of ``sales_desk_products`` for one product (the service checks it again)."""
    if product.revision_of_id:
        return False
    if delegation.prison_id and product.prison_id == delegation.prison_id:
        return True
    return delegation.products.filter(pk=product.pk).exists()


def venue_day_bounds(exhibition: Exhibition, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of ``day`` and of the next day at the venue (its own zone), as aware datetimes."""
    return _day_bounds(exhibition.tzinfo, day)


def _day_bounds(zone: datetime.tzinfo, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def on_venue_day_q(*, day: datetime.date, field: str, exhibition: str = "exhibition") -> Q:
    """Rows whose moment ``field`` falls on ``day`` on the clock of their own exhibition's venue
    (``exhibition`` is the path to it), as the report and the sales desk count days: a sale at
    00.30 WIT on 6 December is of the 6th, though in Jakarta (the server's zone) it is the 5th.

    A range of instants per zone, each with its zone, inside the span of all three: the database
    answers from the index on ``field``, never from a function of the column."""
    bounds = {zone: _day_bounds(zoneinfo.ZoneInfo(zone), day) for zone in TimeZone.values}
    per_zone = Q()
    for zone, (start, end) in bounds.items():
        per_zone |= Q(**{f"{exhibition}__timezone": zone, f"{field}__gte": start, f"{field}__lt": end})
    span = Q(
        **{
            f"{field}__gte": min(start for start, _end in bounds.values()),
            f"{field}__lt": max(end for _start, end in bounds.values()),
        }
    )
    return span & per_zone


def exhibition_days(exhibition: Exhibition) -> list[datetime.date]:
    """Every day of ``exhibition``, its first first (its dates are the venue's)."""
    count = (exhibition.end_date - exhibition.start_date).days + 1
    return [exhibition.start_date + datetime.timedelta(days=offset) for offset in range(max(count, 0))]


def _booth_sales(booth) -> QuerySet:
    """The sales of ``booth`` by the delegation that holds it now: a booth given to another
    delegation during the fair showed the new holder's officers the old one's sales, and let them
    correct them (found by an attacker probe)."""
    from exhibitions.models import Sale

    return Sale.objects.filter(booth=booth, delegation_id=booth.delegation_id)


def sales_desk_day(*, booth, day: datetime.date | None = None) -> QuerySet:
    """The entries recorded at ``booth`` on ``day`` (the venue's date; today by default), newest
    first, product joined; each with ``is_reversed`` (corrected by a later entry). One query."""
    from exhibitions.models import Sale

    exhibition = booth.exhibition
    day = day or timezone.now().astimezone(exhibition.tzinfo).date()
    start, end = venue_day_bounds(exhibition, day)
    return (
        _booth_sales(booth)
        .filter(sold_at__gte=start, sold_at__lt=end)
        .select_related("product", "reverses")
        .annotate(is_reversed=Exists(Sale.objects.filter(reverses=OuterRef("pk"))))
        .order_by("-sold_at", "-pk")
    )


def sales_desk_day_totals(*, booth, day: datetime.date | None = None) -> dict[str, int]:
    """Signed totals of ``sales_desk_day``: one query."""
    return sale_totals(sales_desk_day(booth=booth, day=day))


def sales_desk_all(*, booth) -> QuerySet:
    """Every entry recorded at ``booth`` (one exhibition's), newest first, as ``sales_desk_day``."""
    from exhibitions.models import Sale

    return (
        _booth_sales(booth)
        .select_related("product", "reverses")
        .annotate(is_reversed=Exists(Sale.objects.filter(reverses=OuterRef("pk"))))
        .order_by("-sold_at", "-pk")
    )


def sales_without_booth(*, delegation) -> dict[str, int]:
    """Signed totals of ``delegation``'s sales recorded without a booth (by staff, after the
    fact): no till shows them, the stock and the reports count them. One query."""
    from exhibitions.models import Sale

    return sale_totals(Sale.objects.filter(delegation=delegation, booth__isnull=True))


def sales_desk_days(*, booth) -> list[dict]:
    """Each day of the booth's exhibition (the venue's dates) with its signed totals (``revenue``,
    ``items``, ``sale_count``; zeros on a day without sales), first day first. One query."""
    from django.db.models.functions import TruncDate

    exhibition = booth.exhibition
    rows = (
        _booth_sales(booth)
        .annotate(day=TruncDate("sold_at", tzinfo=exhibition.tzinfo))
        .values("day")
        .annotate(**sale_total_aggregates())
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    days, day = [], exhibition.start_date
    while day <= exhibition.end_date:
        row = by_day.get(day, {})
        days.append({"day": day, **{name: row.get(name) or 0 for name in ("revenue", "items", "sale_count")}})
        day += datetime.timedelta(days=1)
    return days


# --- Running an exhibition: booth lists, stock reconciliation, judging, feedback -------------


def booth_list(*, exhibition: Exhibition) -> QuerySet:
    """The exhibition's booths by zone and code, each with its delegation (prison and region
    joined) and ``product_count`` (products the delegation shows): one query."""
    from exhibitions.models import Booth

    return (
        Booth.objects.filter(exhibition=exhibition)
        .select_related("delegation__prison", "delegation__region")
        .annotate(product_count=Count("delegation__products", distinct=True))
        .order_by("zone", "code", "pk")
    )


@dataclasses.dataclass
class FloorZone:
    zone: str
    booths: list
    occupied: int


def booth_floor(*, exhibition: Exhibition) -> list[FloorZone]:
    """``booth_list`` grouped by zone (in zone order), with how many booths of each are taken."""
    zones: dict[str, list] = {}
    for booth in booth_list(exhibition=exhibition):
        zones.setdefault(booth.zone, []).append(booth)
    return [
        FloorZone(zone=zone, booths=booths, occupied=sum(1 for b in booths if b.delegation_id))
        for zone, booths in zones.items()
    ]


def delegations_short_of_booths(*, exhibition: Exhibition) -> QuerySet[Delegation]:
    """Accepted delegations holding fewer booths than their quota, with ``booth_count``."""
    return (
        exhibition.delegations.filter(status=Delegation.Status.ACCEPTED)
        .annotate(booth_count=Count("booths", distinct=True))
        .filter(booth_count__lt=F("booth_quota"))
        .select_related("prison", "region")
        .order_by("name", "pk")
    )


def can_record_stock(*, user, delegation: Delegation | None) -> bool:
    """The same people as for sales: ministry staff anywhere, a prison officer for their own
    prison's delegation only."""
    return can_record_sales(user=user, delegation=delegation)


STOCK_OK = "ok"
STOCK_PENDING = "pending"  # returned not counted yet
STOCK_MISMATCH = "mismatch"


@dataclasses.dataclass(frozen=True)
class StockRow:
    """One (delegation, product) of the reconciliation. ``line_id`` is None when sales were
    recorded for a product of which nothing was recorded as brought in."""

    delegation_id: int
    delegation_name: str
    product_id: int
    product_name: str
    line_id: int | None
    brought_in: int
    sold: int
    returned: int | None
    lost: int = 0

    @property
    def expected_returned(self) -> int:
        return self.brought_in - self.sold - self.lost

    @property
    def difference(self) -> int | None:
        """brought in - sold - returned - lost or damaged: positive means items unaccounted for,
        negative more counted than were brought; None while returned is not counted."""
        return None if self.returned is None else self.brought_in - self.sold - self.returned - self.lost

    @property
    def missing(self) -> int:
        """Items unaccounted for (brought in, neither sold nor returned)."""
        return max(self.difference or 0, 0)

    @property
    def surplus(self) -> int:
        """Items counted beyond what was brought in."""
        return max(-(self.difference or 0), 0)

    @property
    def status(self) -> str:
        if self.line_id is None or (self.returned is not None and self.difference != 0):
            return STOCK_MISMATCH
        if self.returned is None:
            return STOCK_PENDING
        return STOCK_OK

    @property
    def ok(self) -> bool:
        return self.status == STOCK_OK


def _signed_quantity_sum():
    return sale_total_aggregates()["items"]


def _sold_of_stock_line():
    """A subquery: the quantity the row's delegation sold of its product (a correction counts
    negative), for a queryset of stock lines."""
    from exhibitions.models import Sale

    return (
        Sale.objects.filter(delegation=OuterRef("delegation_id"), product=OuterRef("product_id"))
        .order_by()
        .values("delegation_id", "product_id")
        .annotate(n=_signed_quantity_sum())
        .values("n")
    )


def stock_reconciliation(*, exhibition: Exhibition, delegation: Delegation | None = None) -> list[StockRow]:
    """Every stock line of ``exhibition`` (of one ``delegation`` when given) with the quantity
    sold, summed in the database from its sales (a correction counts negative), and every
    (delegation, product) sold without a stock line. By delegation, then product. Two queries."""
    from django.db.models.functions import Coalesce

    from exhibitions.models import Sale, StockLine

    sales = Sale.objects.filter(exhibition=exhibition)
    lines = StockLine.objects.filter(delegation__exhibition=exhibition)
    if delegation is not None:
        sales = sales.filter(delegation=delegation)
        lines = lines.filter(delegation=delegation)
    sold = _sold_of_stock_line()
    rows = [
        StockRow(
            delegation_id=line["delegation_id"],
            delegation_name=line["delegation__name"],
            product_id=line["product_id"],
            product_name=line["product__name"],
            line_id=line["pk"],
            brought_in=line["brought_in"],
            sold=line["sold"],
            returned=line["returned"],
            lost=line["lost"],
        )
        for line in lines.annotate(sold=Coalesce(Subquery(sold), Value(0)))
        .values(
            "pk", "delegation_id", "delegation__name", "product_id", "product__name", "brought_in",
            "returned", "lost", "sold",
        )
        .order_by()
    ]
    has_line = StockLine.objects.filter(
        delegation_id=OuterRef("delegation_id"), product_id=OuterRef("product_id")
    )
    unrecorded = (
        sales.filter(~Exists(has_line))
        .order_by()
        .values("delegation_id", "delegation__name", "product_id", "product__name")
        .annotate(sold=_signed_quantity_sum())
        .exclude(sold=0)
    )
    rows += [
        StockRow(
            delegation_id=row["delegation_id"],
            delegation_name=row["delegation__name"],
            product_id=row["product_id"],
            product_name=row["product__name"],
            line_id=None,
            brought_in=0,
            sold=row["sold"],
            returned=None,
        )
        for row in unrecorded
    ]
    rows.sort(
        key=lambda r: (r.delegation_name.lower(), r.delegation_id, r.product_name.lower(), r.product_id)
    )
    return rows


def stock_overrun(*, delegation_id: int, product_id: int) -> tuple[int, int] | None:
    """``(sold, brought_in)`` when the delegation has sold more of the product than its stock line
    says it brought (a slip at the desk, or stock not recorded in full), else None; None too
    without a stock line. One query."""
    from exhibitions.models import StockLine

    sold = _sold_of_stock_line()
    line = (
        StockLine.objects.filter(delegation_id=delegation_id, product_id=product_id)
        .annotate(sold=Subquery(sold))
        .values_list("sold", "brought_in")
        .first()
    )
    if line is None or line[0] is None or line[0] <= line[1]:
        return None
    return line


def stock_left(*, delegation_id: int, product_id: int | None = None) -> dict[int, int]:
    """``{product_id: brought in less sold}`` for the delegation's stock lines (of one product
    when given), for the sales desk's tiles (found by a new user's probe: the cashier could not
    see how many were left). Below zero when more was sold than recorded. One query."""
    from django.db.models.functions import Coalesce

    from exhibitions.models import StockLine

    lines = StockLine.objects.filter(delegation_id=delegation_id)
    if product_id is not None:
        lines = lines.filter(product_id=product_id)
    return {
        product: brought - sold
        for product, brought, sold in lines.annotate(sold=Coalesce(Subquery(_sold_of_stock_line()), Value(0)))
        .order_by()
        .values_list("product_id", "brought_in", "sold")
    }


def stock_problems(*, exhibition: Exhibition) -> list[StockRow]:
    """The rows of ``stock_reconciliation`` that stop the exhibition from closing: mismatches
    and lines whose returned quantity is not recorded yet."""
    return [row for row in stock_reconciliation(exhibition=exhibition) if not row.ok]


def stock_products(*, delegation: Delegation) -> QuerySet[Product]:
    """What ``delegation`` may bring and sell: the rule of ``sales_desk_products`` (the products
    it shows, and its own prison's other approved products), each with ``is_shown``."""
    import types

    return sales_desk_products(booth=types.SimpleNamespace(delegation=delegation))


def stock_listed_products(*, delegation: Delegation, also=()) -> QuerySet[Product]:
    """The rows of ``delegation``'s stock form: the products it shows, and those of ``also`` (ids
    of products it has stock or sales of) that ``stock_products`` allows; by the same order. Two
    queries: the shown ids first, so that the list is read by id (a big prison has thousands of
    other approved products, which the form does not list)."""
    shown = Delegation.products.through.objects.filter(delegation_id=delegation.pk)
    ids = set(shown.values_list("product_id", flat=True)) | set(also)
    return stock_products(delegation=delegation).filter(pk__in=sorted(ids))


def portal_stock_delegations(*, user) -> QuerySet[Delegation]:
    """Accepted delegations of the prison ``user`` is an officer of (newest exhibition first),
    with the exhibition joined: where the officer records stock. Another prison's never shows."""
    return (
        prison_scope(
            Delegation.objects.filter(status=Delegation.Status.ACCEPTED), user, prison_field="prison"
        )
        .select_related("exhibition", "prison")
        .order_by("-exhibition__start_date", "name")
    )


# Judging. A juror's pages show entries by code, title and photo only; never the delegation.


def juror_entries(*, user) -> QuerySet[CompetitionEntry]:
    """The entries ``user`` may score: assigned to them, in a competition whose jury they sit on.
    Any other entry is not found (404) in the jury pages."""
    if not user.is_authenticated:
        return CompetitionEntry.objects.none()
    return CompetitionEntry.objects.filter(assigned_jurors=user, competition__jurors=user).distinct()


def juror_competitions(*, user, now: datetime.datetime | None = None) -> list[Competition]:
    """The competitions ``user`` judges, each with ``my_entries`` (their assigned entries by code,
    each with ``my_score_count``), ``criterion_count`` and ``exhibition_ended`` (its exhibition
    is over at the venue at ``now``; scoring stays open until staff close it). Three queries."""
    from exhibitions.models import JudgeScore

    if not user.is_authenticated:
        return []
    my_scores = JudgeScore.objects.filter(entry=OuterRef("pk"), judge=user).order_by().values("entry")
    entries = (
        juror_entries(user=user)
        .annotate(my_score_count=Subquery(my_scores.annotate(n=Count("pk")).values("n")))
        .select_related("product")
        .prefetch_related(
            Prefetch("product__images", queryset=publicly_served_images().order_by("position", "id"))
        )
        .order_by("entry_code")
    )
    competitions = list(
        Competition.objects.filter(jurors=user)
        .select_related("exhibition")
        .annotate(criterion_count=Count("criteria", distinct=True))
        .order_by("-exhibition__start_date", "title")
    )
    by_competition: dict[int, list] = {c.pk: [] for c in competitions}
    for entry in entries:
        entry.my_score_count = entry.my_score_count or 0
        by_competition.setdefault(entry.competition_id, []).append(entry)
    now = now or timezone.now()
    for competition in competitions:
        competition.exhibition_ended = exhibition_phase(competition.exhibition, now=now) == PAST
        competition.my_entries = by_competition.get(competition.pk, [])
        competition.my_done = sum(
            1 for e in competition.my_entries if e.my_score_count >= competition.criterion_count > 0
        )
    return competitions


def juror_own_scores(*, entry: CompetitionEntry, user) -> dict[int, int]:
    """``user``'s own scores of ``entry``: criterion id -> score. Never another juror's."""
    from exhibitions.models import JudgeScore

    return dict(
        JudgeScore.objects.filter(entry=entry, judge=user).values_list("criterion_id", "score")
    )


@dataclasses.dataclass
class RankedEntry:
    """An entry's place in the ranking. ``total`` is exact (a Fraction): the sum over criteria of
    (average of the jurors' scores) x weight / 100; ``heaviest`` the average on the heaviest
    criterion (the tie-breaker). ``rank`` is None for an entry nobody has scored."""

    entry: CompetitionEntry
    rank: int | None
    total: Fraction
    heaviest: Fraction
    averages: dict  # criterion id -> Fraction
    score_count: int
    expected_count: int

    @property
    def total_display(self):
        from decimal import ROUND_HALF_UP, Decimal

        value = Decimal(self.total.numerator) / Decimal(self.total.denominator)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def complete(self) -> bool:
        return self.score_count >= self.expected_count > 0


def heaviest_criterion(criteria):
    """The criterion with the largest weight (the first listed of equal weights), or None."""
    return min(criteria, key=lambda c: (-c.weight, c.position, c.pk), default=None)


def competition_ranking(*, competition: Competition) -> list[RankedEntry]:
    """Every entry of ``competition``, best first, by the rule in ``Competition.tie_break_rule``:
    the weighted total (higher first), then the average score on the heaviest criterion (higher
    first), then the entry code (A before B). Entries nobody scored come last, unranked.

    The sums and counts per entry and criterion are aggregated by the database; they are combined
    here as exact fractions, so two entries with equal scores always tie exactly (no rounding
    decides a place). Three queries.
    """
    from fractions import Fraction

    from exhibitions.models import JudgeScore

    criteria = list(competition.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    heaviest = heaviest_criterion(criteria)
    entries = list(
        competition.entries.select_related("delegation", "product")
        .annotate(juror_count=Count("assigned_jurors", distinct=True))
        .order_by("entry_code")
    )
    sums = (
        JudgeScore.objects.filter(entry__competition=competition)
        .order_by()
        .values("entry_id", "criterion_id")
        .annotate(total=Sum("score"), n=Count("pk"))
    )
    averages: dict[int, dict[int, Fraction]] = {}
    counts: dict[int, int] = {}
    for row in sums:
        averages.setdefault(row["entry_id"], {})[row["criterion_id"]] = Fraction(row["total"], row["n"])
        counts[row["entry_id"]] = counts.get(row["entry_id"], 0) + row["n"]
    ranked, unscored = [], []
    for entry in entries:
        entry_averages = averages.get(entry.pk, {})
        total = sum(
            (avg * weights.get(criterion_id, 0) / 100 for criterion_id, avg in entry_averages.items()),
            Fraction(0),
        )
        row = RankedEntry(
            entry=entry,
            rank=None,
            total=total,
            heaviest=entry_averages.get(heaviest.pk, Fraction(0)) if heaviest else Fraction(0),
            averages=entry_averages,
            score_count=counts.get(entry.pk, 0),
            expected_count=entry.juror_count * len(criteria),
        )
        (ranked if entry_averages else unscored).append(row)
    ranked.sort(key=lambda r: (-r.total, -r.heaviest, r.entry.entry_code))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked + unscored


@dataclasses.dataclass
class ScoreSheetRow:
    entry: CompetitionEntry
    ranked: RankedEntry
    averages: list  # per criterion, in the criteria's order: the jurors' average (Fraction) or None
    judges: list  # [(judge user, [score or None per criterion, in order])]


def competition_score_sheet(*, competition: Competition) -> list[ScoreSheetRow]:
    """The ranking with every juror's scores per entry and criterion: for staff, and for the
    jurors once the round is closed (the caller checks ``scoring_closed``). Rows in ranking order;
    averages and scores listed in the criteria's order. Five queries."""
    from exhibitions.models import JudgeScore

    ranking = competition_ranking(competition=competition)
    criterion_ids = list(competition.criteria.values_list("pk", flat=True))
    scores: dict[int, dict] = {}
    judges: dict[int, object] = {}
    for score in (
        JudgeScore.objects.filter(entry__competition=competition)
        .select_related("judge")
        .order_by("judge__first_name", "judge__username", "judge_id")
    ):
        judges[score.judge_id] = score.judge
        scores.setdefault(score.entry_id, {}).setdefault(score.judge_id, {})[score.criterion_id] = score.score
    return [
        ScoreSheetRow(
            entry=row.entry,
            ranked=row,
            averages=[row.averages.get(pk) for pk in criterion_ids],
            judges=[
                (judges[judge_id], [marks.get(pk) for pk in criterion_ids])
                for judge_id, marks in scores.get(row.entry.pk, {}).items()
            ],
        )
        for row in ranking
    ]


# Visitors' feedback (public, from the QR code on a booth label).


def public_feedback_target(*, exhibition: Exhibition, booth_code: str, product_slug: str):
    """The booth (of ``exhibition``, by code) and the product (approved, shown at the exhibition
    by an accepted delegation, by slug) a feedback link names; either is None when unknown."""
    from exhibitions.models import Booth

    booth = None
    booth_code = booth_code.strip()
    if booth_code:
        # Codes are unique in an exhibition whatever their case (booth_unique_code), so a code
        # typed in another case still finds its booth. The code as printed comes first all the
        # same, and of two rows that match only by case neither is guessed.
        found = list(Booth.objects.filter(exhibition=exhibition, code__iexact=booth_code))
        exact = [b for b in found if b.code == booth_code]
        booth = (exact or found)[0] if exact or len(found) == 1 else None
    product = None
    if product_slug:
        product = public_exhibition_products(exhibition=exhibition).filter(slug=product_slug).first()
    return booth, product


def jurors_with_scores(*, competition, user_ids) -> list:
    """The users among ``user_ids`` who have already scored an entry of ``competition``."""
    from exhibitions.models import JudgeScore

    judged = JudgeScore.objects.filter(entry__competition=competition, judge_id__in=list(user_ids))
    return list(get_user_model().objects.filter(pk__in=judged.values("judge_id")).order_by("username"))


def portal_exhibit_candidates(*, user, query: str) -> QuerySet[Product]:
    """The products an application may add, found by ``query``: approved products (not revision
    rows) of ``user``'s prison whose name contains every word of it, by name."""
    products = prison_scope(Product.objects.approved().originals(), user, prison_field="prison")
    return matching_every_word(products, query, fields=("name",)).order_by("name", "pk")
