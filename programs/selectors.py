"""Reads for programmes (agreements, obligations, trainings, aid), and the back-office dashboard."""

import dataclasses
import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from exhibitions.models import Delegation, Exhibition, Inquiry
from exhibitions.selectors import portal_inquiry_list, portal_open_exhibitions
from inmates.models import Consent, Inmate, Prison
from inmates.scoping import prison_scope
from products.models import Product
from products.selectors import public_product_list
from programs.models import Certificate, Obligation, Training, TrainingParticipant


def obligations_overdue(*, today: datetime.date | None = None) -> QuerySet[Obligation]:
    """Obligations whose due date has passed (before ``today``, Jakarta's date by default)."""
    today = today or timezone.localdate()
    return Obligation.objects.filter(due_date__lt=today)


def backoffice_attention_counts(*, user, today: datetime.date | None = None) -> dict[str, int]:
    """What ministry staff should act on, as numbers, in three COUNT queries: products submitted
    for curation (within the prisons ``user`` may see), delegations waiting for a decision, and
    overdue obligations of the cooperation agreements."""
    return {
        "products_submitted": Product.objects.visible_to(user)
        .filter(status=Product.Status.SUBMITTED)
        .count(),
        "delegations_applied": Delegation.objects.filter(status=Delegation.Status.APPLIED).count(),
        "obligations_overdue": obligations_overdue(today=today).count(),
    }


# --- Public pages: home-page numbers, prison pages, certificate verification. Nothing here
# returns an inmate: prison pages count trainings, and a certificate check gives back a plain
# record with the holder's display name only within their current consent.


def public_headline_numbers() -> dict[str, int]:
    """The home page's numbers, in four COUNT queries whatever the data: approved products,
    prisons with an approved product, accepted delegations to published exhibitions, and people
    trained (distinct inmates confirmed in a training that ran or finished)."""
    approved = Product.objects.approved()
    return {
        "products": approved.count(),
        "prisons": approved.aggregate(n=Count("prison", distinct=True))["n"],
        "delegations": Delegation.objects.filter(
            status=Delegation.Status.ACCEPTED, exhibition__is_published=True
        ).count(),
        "trained": TrainingParticipant.objects.filter(
            status=TrainingParticipant.Status.CONFIRMED,
            training__status__in=[Training.Status.RUNNING, Training.Status.FINISHED],
        ).aggregate(n=Count("inmate", distinct=True))["n"],
    }


def public_prisons() -> QuerySet[Prison]:
    """Active prisons with ``product_count`` (approved products) and ``training_count`` (finished
    trainings), region joined: one query for any number of prisons."""
    return (
        Prison.objects.filter(is_active=True)
        .select_related("region")
        .annotate(
            product_count=Count(
                "products", filter=Q(products__status=Product.Status.APPROVED), distinct=True
            ),
            training_count=Count(
                "trainings", filter=Q(trainings__status=Training.Status.FINISHED), distinct=True
            ),
        )
    )


def public_prison_list() -> QuerySet[Prison]:
    """Active prisons ordered by region (province), then name, for a list grouped by region."""
    return public_prisons().order_by("region__province", "name")


def public_prison_products(*, prison: Prison) -> QuerySet[Product]:
    """The prison's approved products, ready for product cards."""
    return public_product_list().filter(prison=prison).order_by("-is_featured", "name", "pk")


def public_prison_exhibitions(*, prison: Prison) -> QuerySet[Exhibition]:
    """Published exhibitions where the prison's own delegation was accepted, latest first."""
    return (
        Exhibition.objects.published()
        .filter(delegations__prison=prison, delegations__status=Delegation.Status.ACCEPTED)
        .order_by("-start_date")
        .distinct()
    )


# Verification codes use letters and digits only; people may type them with spaces or dashes.
_CODE_SEPARATORS = str.maketrans("", "", " -\t")


def normalise_certificate_code(code: str) -> str:
    """``" abcd-efgh jkmn "`` -> ``"ABCDEFGHJKMN"``: trimmed, separators dropped, upper case."""
    return (code or "").strip().translate(_CODE_SEPARATORS).upper()


@dataclasses.dataclass(frozen=True)
class CertificateVerification:
    """What the public may learn about a certificate: never the holder's legal name."""

    code: str
    number: str
    issued_on: datetime.date
    revoked_on: datetime.date | None
    training_title: str
    skill_area: str
    training_starts_on: datetime.date
    training_ends_on: datetime.date
    prison_name: str
    # Empty when the prison has no public page (inactive).
    prison_slug: str
    holder_display_name: str | None

    @property
    def is_valid(self) -> bool:
        return self.revoked_on is None


def public_certificate_verification(*, code: str) -> CertificateVerification | None:
    """The certificate with verification ``code`` (case and separators ignored), or None.

    The holder's display name is given only when their current consent allows it
    (``display_name_public``, not withdrawn) and they chose one; else ``holder_display_name``
    is None. The revocation reason is never returned: it may hold personal data."""
    code = normalise_certificate_code(code)
    if not code:
        return None
    certificate = (
        Certificate.objects.filter(verification_code=code)
        .select_related("participant__training__prison", "participant__inmate")
        .prefetch_related(
            Prefetch("participant__inmate__consents", queryset=Consent.objects.active())
        )
        .first()
    )
    if certificate is None:
        return None
    participant = certificate.participant
    training = participant.training
    inmate = participant.inmate
    consent = inmate.current_consent
    shown_name = None
    if consent is not None and consent.display_name_public and inmate.display_name.strip():
        shown_name = inmate.display_name.strip()
    return CertificateVerification(
        code=certificate.verification_code,
        number=certificate.number,
        issued_on=certificate.issued_on,
        revoked_on=timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
        training_title=training.title,
        skill_area=training.skill_area,
        training_starts_on=training.starts_on,
        training_ends_on=training.ends_on,
        prison_name=training.prison.name,
        prison_slug=training.prison.slug if training.prison.is_active else "",
        holder_display_name=shown_name,
    )


# --- Portal dashboard (prison officers): a handful of aggregate queries, whatever the data ----

CURATOR_FEEDBACK_DAYS = 30
CURATOR_FEEDBACK_LIMIT = 8


def portal_curator_feedback(*, user, now: datetime.datetime | None = None) -> dict[str, list[Product]]:
    """What the curators sent back to ``user``'s prison, in two queries: rejected products (and
    rejected revisions of approved ones) with their reason, latest first, and products approved
    in the last 30 days. At most ``CURATOR_FEEDBACK_LIMIT`` of each."""
    now = now or timezone.now()
    scoped = prison_scope(Product.objects.all(), user, prison_field="prison")
    rejected = (
        scoped.filter(status=Product.Status.REJECTED)
        .select_related("revision_of")
        .order_by(F("curated_at").desc(nulls_last=True), "-pk")
    )
    approved = scoped.filter(
        status=Product.Status.APPROVED,
        curated_at__gte=now - datetime.timedelta(days=CURATOR_FEEDBACK_DAYS),
    ).order_by("-curated_at", "-pk")
    return {
        "rejected": list(rejected[:CURATOR_FEEDBACK_LIMIT]),
        "approved": list(approved[:CURATOR_FEEDBACK_LIMIT]),
    }


def portal_dashboard(*, user, now: datetime.datetime | None = None) -> dict:
    """The numbers of the officer's dashboard, all within ``user``'s prison (``prison_scope``):

    - ``participants``: inmates active / released / transferred (one query);
    - ``products``: products by curation status, revision rows not counted (one query);
    - ``trainings``: upcoming (planned or running, not yet ended) / finished (one query);
    - ``exhibitions``: published exhibitions with registration open, each with the prison's own
      application if any (one query);
    - ``feedback``: rejected and recently approved products (two queries);
    - ``inquiries_new``: new buyer inquiries about the prison or its products (one query).

    Seven queries, however many rows there are.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    inmates = prison_scope(Inmate.objects.order_by(), user, prison_field="prison")
    participants = inmates.aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in (
                Inmate.Status.ACTIVE.value,
                Inmate.Status.RELEASED.value,
                Inmate.Status.TRANSFERRED.value,
            )
        }
    )
    products = prison_scope(Product.objects.originals().order_by(), user, prison_field="prison")
    product_counts = products.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Product.Status.values}
    )
    trainings = prison_scope(Training.objects.order_by(), user, prison_field="prison").aggregate(
        upcoming=Count(
            "pk",
            filter=Q(status__in=[Training.Status.PLANNED, Training.Status.RUNNING], ends_on__gte=today),
        ),
        finished=Count("pk", filter=Q(status=Training.Status.FINISHED)),
    )
    inquiries_new = (
        portal_inquiry_list(user=user, status=Inquiry.Status.NEW).order_by().aggregate(n=Count("pk"))["n"]
    )
    return {
        "participants": participants,
        "products": product_counts,
        "trainings": trainings,
        "exhibitions": list(portal_open_exhibitions(user=user, now=now)),
        "feedback": portal_curator_feedback(user=user, now=now),
        "inquiries_new": inquiries_new,
    }
