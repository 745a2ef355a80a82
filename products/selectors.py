"""Reads for products. ``public_*`` selectors return only what the public may see."""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FileField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from inmates.models import Consent, Inmate, public_text_errors
from inmates.scoping import prison_scope
from inmates.selectors import matching_every_word
from inmates.templatetags.etalase import format_rupiah
from products.models import Category, Product, ProductImage, StagedImage


@functools.cache
def _public_product_images() -> QuerySet[ProductImage]:
    # Built once: resolving its subqueries costs about a millisecond, and public_product_list()
    # is built on every rendering of a public page, mostly to be answered from a fragment.
    # Never evaluated itself; callers get a copy.
    return ProductImage.objects.work_photos_allowed().order_by("position", "id")


def public_product_images() -> QuerySet[ProductImage]:
    """The images public pages may show of an approved product, in display order: only where
    every maker's consent allows photos of their work (``work_photos_allowed``)."""
    return _public_product_images().all()


def publicly_served_images() -> QuerySet[ProductImage]:
    """The images whose files anybody may fetch (``product_image_file_access``): shown on public
    pages, of a product the public sees. What a juror's pages show, so no photo is a broken link."""
    return public_product_images().filter(product__in=public_product_list().values("pk"))


def unserved_photos_reason(*, product: Product) -> str:
    """Why ``publicly_served_images`` holds no photo of ``product``, for a page that shows only
    those (the juror's): ``"none"`` (it has no photo), ``"consent"`` (a maker's consent keeps its
    photos off public pages) or ``"not_public"`` (the product is not on public pages). Never says
    which maker. Two queries at most."""
    images = ProductImage.objects.filter(product=product)
    if not images.exists():
        return "none"
    if not images.work_photos_allowed().exists():
        return "consent"
    return "not_public"


def makers_withholding_photos(*, product: Product) -> list:
    """The makers of ``product`` whose consent in force does not allow photos of their work on
    public pages (none, or withdrawn, or without "photos of the work"): while there is one, the
    public sees the product without its photos (``ProductImage.objects.work_photos_allowed``).
    For the officer's product page; one query."""
    allowing = Consent.objects.filter(inmate_id=OuterRef("pk"), withdrawn_on__isnull=True, work_photos_public=True)
    return list(product.makers.filter(~Exists(allowing)).order_by("legal_name", "pk"))


def public_product_list() -> QuerySet[Product]:
    """Approved products with what a product card needs, in one query plus one image prefetch
    (the images the makers' consent lets the public see, ``public_product_images``)."""
    return (
        Product.objects.approved()
        .select_related("category", "prison", "prison__region")
        .prefetch_related(Prefetch("images", queryset=public_product_images()))
    )


def public_featured_products(*, limit: int = 8) -> list[Product]:
    """Up to ``limit`` approved products for the home page: the featured ones first (staff chose
    them, photo or not), topped up with the newest others that have a photo the public may see,
    then the newest without; newest first within each. The top-up looks at the newest
    ``3 * limit`` candidates only, so the home page never sorts the whole catalogue. One query
    plus one image prefetch, however many are featured."""
    candidates = list(public_product_list().order_by("-is_featured", "-created_at", "-pk")[: 3 * limit])
    # sorted() keeps the query's order within each group.
    return sorted(candidates, key=lambda product: (not product.is_featured, not product.images.all()))[:limit]


def public_category_list() -> QuerySet[Category]:
    return Category.objects.annotate(
        approved_count=Count("products", filter=Q(products__status=Product.Status.APPROVED))
    ).order_by("position", "name_id")


# --- Portal (prison officers) ---------------------------------------------------------------------


def portal_product_list(*, user, status: str | None = None) -> QuerySet[Product]:
    """The products of the prison ``user`` may see (``visible_to``), without revision rows,
    newest first. Each carries ``revision_status`` and ``revision_reason`` of its open revision
    (None without one), its category, and its images in display order: a constant number of
    queries for any page. ``status`` narrows to one status, or ``"revision"`` to products with an
    open revision; anything else is ignored."""
    revisions = Product.objects.filter(revision_of=OuterRef("pk"))
    products = (
        Product.objects.visible_to(user)
        .originals()
        .select_related("category")
        .annotate(
            revision_status=Subquery(revisions.values("status")[:1]),
            revision_reason=Subquery(revisions.values("status_reason")[:1]),
        )
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        .order_by("-created_at", "-id")
    )
    if status == "revision":
        products = products.filter(revision_status__isnull=False)
    elif status in Product.Status.values:
        products = products.filter(status=status)
    return products


def staged_image_for(*, user, token: str) -> StagedImage | None:
    """``user``'s kept photo ``token`` (products.services.staged_image_keep) if it has not
    expired; None for anyone else's, an unknown or an expired one."""
    if not token or not getattr(user, "is_authenticated", False):
        return None
    cutoff = timezone.now() - datetime.timedelta(hours=StagedImage.KEEP_HOURS)
    return StagedImage.objects.filter(user=user, token=token, created_at__gte=cutoff).first()


def same_named_products(*, product: Product) -> list[Product]:
    """The other products of ``product``'s prison, neither archived nor revision rows, with the
    same name in other capitals or spacing ("kain batik  parang" for "Kain Batik Parang"): the
    officer may have entered one product twice. At most five, newest first."""
    wanted = " ".join(product.name.split()).casefold()
    if not wanted:
        return []
    # Compared here, not in SQL: SQLite ignores case for ASCII letters only ("É" and "é"), and
    # neither database ignores runs of spaces. A prison's names are a few hundred short rows.
    live = (
        Product.objects.filter(prison_id=product.prison_id)
        .originals()
        .exclude(pk__in=[pk for pk in (product.pk, product.revision_of_id) if pk])
        .exclude(status=Product.Status.ARCHIVED)
        .order_by("-created_at", "-pk")
    )
    same = [pk for pk, name in live.values_list("pk", "name") if " ".join(name.split()).casefold() == wanted]
    return list(live.filter(pk__in=same[:5])) if same else []


def portal_product_status_counts(*, user) -> dict[str, int]:
    """How many of the prison's products (revision rows left out) have each status, plus ``all``
    and ``revision`` (products with an open revision), in one query."""
    counts = {
        status: Count("pk", filter=Q(status=status), distinct=True) for status in Product.Status.values
    }
    counts["all"] = Count("pk", distinct=True)
    counts["revision"] = Count("pk", filter=Q(revisions__isnull=False), distinct=True)
    return Product.objects.visible_to(user).originals().aggregate(**counts)


# --- Curation (ministry staff) --------------------------------------------------------------------


def curation_queue(*, user) -> QuerySet[Product]:
    """Products and revisions waiting for a curator (status 'submitted') in the prisons ``user``
    may see, longest waiting first, with everything the queue page shows (images, makers, and
    for a revision its original's) fetched in a constant number of queries. A new product carries
    ``photos_withheld`` (a maker's consent keeps its photos off public pages) and
    ``same_name_pk``: another live product of its prison with the same name in any capitals (one
    product entered twice?), or None (spacing is not compared here, and SQLite compares the
    capitals of ASCII letters only; the portal's warning, ``same_named_products``, does both)."""
    images = ProductImage.objects.order_by("position", "id")
    same_name = (
        # UPPER(name) = UPPER(outer name), not iexact: SQLite's LIKE would read "_" and "%" in
        # the outer name as wildcards.
        Product.objects.annotate(upper_name=Upper("name"))
        .filter(prison_id=OuterRef("prison_id"), upper_name=Upper(OuterRef("name")), revision_of__isnull=True)
        .exclude(pk=OuterRef("pk"))
        .exclude(status=Product.Status.ARCHIVED)
        .order_by(Case(When(status=Product.Status.APPROVED, then=0), default=1), "pk")  # approved first
        .values("pk")[:1]
    )
    # A maker whose consent in force does not allow photos of their work: the public will see the
    # product without its photos (found by a new user's probe: the queue showed them, unremarked).
    allowing = Consent.objects.filter(inmate_id=OuterRef("inmate_id"), withdrawn_on__isnull=True, work_photos_public=True)
    withholding = Product.makers.through.objects.filter(product_id=OuterRef("pk")).filter(~Exists(allowing))
    return (
        Product.objects.visible_to(user)
        .filter(status=Product.Status.SUBMITTED)
        .annotate(same_name_pk=Subquery(same_name), photos_withheld=Exists(withholding))
        .select_related(
            "category",
            "prison",
            "workshop",
            "revision_of",
            "revision_of__category",
            "revision_of__workshop",
        )
        .prefetch_related(
            Prefetch("images", queryset=images),
            "makers",
            Prefetch("revision_of__images", queryset=images),
            "revision_of__makers",
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "id")
    )


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class CurationDiff:
    """What a curator is asked to approve, against the last approved version.

    ``first_review`` is true for a product that was never approved (no earlier version); then the
    lists are empty and ``images`` are all the product's images.
    """

    first_review: bool
    fields: list[FieldChange] = field(default_factory=list)
    images: list[ProductImage] = field(default_factory=list)
    images_added: list[ProductImage] = field(default_factory=list)
    images_removed: list[ProductImage] = field(default_factory=list)
    alt_texts_changed: list[FieldChange] = field(default_factory=list)
    order_changed: bool = False

    @property
    def unchanged(self) -> bool:
        return not (
            self.first_review
            or self.fields
            or self.images_added
            or self.images_removed
            or self.alt_texts_changed
            or self.order_changed
        )


def _shown(product: Product, name: str) -> str:
    value = getattr(product, name)
    if value is None or value == "":
        return "—"
    if name == "price":
        return format_rupiah(value)
    if name == "weight_grams":
        return gettext("%(grams)s gram") % {"grams": f"{value:,}".replace(",", ".")}
    if name == "workshop":
        return value.name
    return str(value)


DIFF_FIELDS = (
    "name",
    "category",
    "price",
    "description",
    "materials",
    "size",
    "weight_grams",
    "monthly_capacity",
    "workshop",
)


def curation_diff(product: Product) -> CurationDiff:
    """Field by field, makers and images of a revision against its original (the approved version
    the public sees). Uses the prefetched relations of ``curation_queue``."""
    images = list(product.images.all())
    original = product.revision_of
    if original is None:
        return CurationDiff(first_review=True, images=images)
    changes = []
    for name in DIFF_FIELDS:
        old, new = _shown(original, name), _shown(product, name)
        if old != new:
            label = capfirst(Product._meta.get_field(name).verbose_name)
            changes.append(FieldChange(label=str(label), old=old, new=new))
    old_makers = sorted(str(maker) for maker in original.makers.all())
    new_makers = sorted(str(maker) for maker in product.makers.all())
    if old_makers != new_makers:
        label = capfirst(Product._meta.get_field("makers").verbose_name)
        old, new = ", ".join(old_makers) or "—", ", ".join(new_makers) or "—"
        changes.append(FieldChange(label=str(label), old=old, new=new))
    old_images = list(original.images.all())
    old_by_file = {image.image.name: image for image in old_images}
    new_by_file = {image.image.name: image for image in images}
    alt_changes = [
        FieldChange(label=old_by_file[name].alt_text, old=old_by_file[name].alt_text, new=image.alt_text)
        for name, image in new_by_file.items()
        if name in old_by_file and old_by_file[name].alt_text != image.alt_text
    ]
    kept_old_order = [image.image.name for image in old_images if image.image.name in new_by_file]
    kept_new_order = [image.image.name for image in images if image.image.name in old_by_file]
    return CurationDiff(
        first_review=False,
        fields=changes,
        images=images,
        images_added=[image for image in images if image.image.name not in old_by_file],
        images_removed=[image for image in old_images if image.image.name not in new_by_file],
        alt_texts_changed=alt_changes,
        order_changed=kept_old_order != kept_new_order,
    )


# --- The public product page (views in exhibitions/views/catalogue.py) ------------------------


@dataclass(frozen=True)
class PublicMaker:
    """What a public page may show of a maker: only what their consent in force allows."""

    display_name: str
    story: str


def public_product_detail(*, slug: str) -> Product | None:
    """The approved product with this slug (category, prison and region joined, images in order),
    or None: drafts, submitted, rejected and archived products and revision rows are not public."""
    return public_product_list().filter(slug=slug).first()


def public_product_makers(*, product: Product) -> list[PublicMaker]:
    """The makers of ``product`` who may be credited: their consent in force (not withdrawn)
    allows the display name, and they chose one; the story only where that consent allows it
    too. One query. The legal name and registration number are read only to hold back, as a last
    guard, a display name or story that would name the person (``inmates.models.public_text_errors``:
    data stored before that rule, or brought in another way); they never leave this function."""
    rows = (
        Consent.objects.active()
        .filter(inmate__products=product, display_name_public=True)
        .exclude(inmate__display_name="")
        .order_by("inmate__display_name", "inmate_id")
        .values_list(
            "inmate__display_name",
            "inmate__public_story",
            "story_public",
            "inmate__legal_name",
            "inmate__registration_number",
            "inmate__birth_year",
        )
    )
    makers = []
    for name, story, story_public, legal_name, number, birth_year in rows:
        wrong = public_text_errors(
            legal_name=legal_name, registration_number=number, display_name=name, public_story=story, birth_year=birth_year
        )
        if "display_name" in wrong:
            continue
        shown_story = story.strip() if story_public and "public_story" not in wrong else ""
        makers.append(PublicMaker(display_name=name, story=shown_story))
    return makers


def public_related_products(*, product: Product, limit: int = 4) -> list[Product]:
    """Other approved products of the same category, newest first, ready for product cards."""
    return list(
        public_product_list()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by("-created_at", "-pk")[:limit]
    )


# --- Media files (served by config/media.py) ----------------------------------------------------

PUBLIC_FILE = "public"
RESTRICTED_FILE = "restricted"
PRODUCT_IMAGE_FILE_FIELDS = tuple(
    f.name for f in ProductImage._meta.get_fields() if isinstance(f, FileField)
)


def product_image_file_access(*, name: str, user) -> str | None:
    """Who may fetch the stored file ``name`` (an upload or a thumbnail of a product image).

    ``PUBLIC_FILE`` when an image row of a product the public may see (``public_product_list``)
    refers to it; ``RESTRICTED_FILE`` when only rows of products ``user`` may see
    (``Product.objects.visible_to``: staff, or the officers of the product's prison; drafts,
    submitted, rejected and archived products and revision rows) do; None when no row refers to it
    or none ``user`` may see. A file may be shared by several rows (a revision shares its
    original's files): any public row makes it public. One query, through the indexes on the four
    file columns (products/migrations/0006_product_image_file_indexes.py)."""
    lookup = Q()
    for field_name in PRODUCT_IMAGE_FILE_FIELDS:
        lookup |= Q(**{field_name: name})
    rows = ProductImage.objects.filter(lookup).annotate(
        public=Exists(
            publicly_served_images().filter(pk=OuterRef("pk"))
        )
    )
    scoped = Product.objects.visible_to(user)
    if scoped.query.is_empty():  # a visitor, a juror, anybody without a prison scope
        return PUBLIC_FILE if rows.filter(public=True).exists() else None
    is_public = (
        rows.annotate(scoped=Exists(scoped.filter(pk=OuterRef("product_id"))))
        .filter(Q(public=True) | Q(scoped=True))
        .order_by("-public")
        .values_list("public", flat=True)
        .first()
    )
    if is_public is None:
        return None
    return PUBLIC_FILE if is_public else RESTRICTED_FILE


MAKER_SEARCH_FIELDS = ("legal_name", "registration_number", "display_name")


def portal_maker_candidates(*, user, query: str) -> QuerySet[Inmate]:
    """The makers the product form may add, found by ``query``: active inmates of ``user``'s
    prison whose legal name, registration number or display name contains every word of it,
    by name. (The portal only: it carries legal names.)"""
    inmates = prison_scope(Inmate.objects.filter(status=Inmate.Status.ACTIVE), user, prison_field="prison")
    return matching_every_word(inmates, query, fields=MAKER_SEARCH_FIELDS).order_by("legal_name", "pk")
