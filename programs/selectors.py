"""Reads for programmes (agreements, obligations, trainings, aid), and the back-office dashboard."""

import calendar
import dataclasses
import datetime

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
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
from django.db.models.functions import Coalesce, ExtractYear, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy

from exhibitions.models import Delegation, Exhibition, Inquiry, Sale
from exhibitions.selectors import (
    booths_running_today,
    inquiry_for_ministry_q,
    portal_inquiry_list,
    portal_open_exhibitions,
)
from inmates.models import Consent, Inmate, Prison, Region
from inmates.scoping import prison_scope
from inmates.selectors import matching_every_word
from products.models import Product
from products.selectors import public_product_list
from programs.models import (
    Agreement,
    Aid,
    Certificate,
    Evidence,
    FollowUp,
    Obligation,
    Party,
    Training,
    TrainingParticipant,
)


def obligations_overdue(*, today: datetime.date | None = None) -> QuerySet[Obligation]:
    """Obligations not fulfilled by their evidence whose due date has passed (before ``today``,
    Jakarta's date by default); see ``obligations_with_progress``."""
    return obligations_with_progress(today=today).filter(progress_status=Obligation.Progress.OVERDUE)


def obligations_needing_attention(*, today: datetime.date | None = None) -> QuerySet[Obligation]:
    """``obligations_overdue`` of the agreements in force, or ended less than
    ``ENDED_AGREEMENT_ATTENTION_DAYS`` ago."""
    today = today or timezone.localdate()
    recent = today - datetime.timedelta(days=ENDED_AGREEMENT_ATTENTION_DAYS)
    return obligations_overdue(today=today).filter(agreement__valid_to__gte=recent)


# An agreement that has ended keeps its overdue obligations on the dashboard this long (evidence
# of the last months is often filed late); after that they are history, not something to act on.
ENDED_AGREEMENT_ATTENTION_DAYS = 90


def backoffice_attention_counts(*, user, today: datetime.date | None = None) -> dict[str, int]:
    """What ministry staff should act on, as numbers, in four COUNT queries: products submitted
    for curation (within the prisons ``user`` may see), delegations waiting for a decision,
    overdue obligations of the cooperation agreements in force (or ended less than
    ``ENDED_AGREEMENT_ATTENTION_DAYS`` ago: one that ended in 2023 was "needing attention" for
    ever), and new buyer inquiries the ministry answers (``inquiry_for_ministry_q``: about an
    exhibition, or to a prison without an officer)."""
    return {
        "products_submitted": Product.objects.visible_to(user)
        .filter(status=Product.Status.SUBMITTED)
        .count(),
        "delegations_applied": Delegation.objects.filter(status=Delegation.Status.APPLIED).count(),
        "obligations_overdue": obligations_needing_attention(today=today).count(),
        "inquiries_for_ministry": Inquiry.objects.filter(inquiry_for_ministry_q(), status=Inquiry.Status.NEW).count(),
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
    # Correlated subqueries, not two joined COUNT(DISTINCT): joining products and trainings at once
    # multiplies the rows (products x trainings per prison), which is slow at national scale.
    def count_of(queryset):
        counted = queryset.order_by().values("prison").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return (
        Prison.objects.filter(is_active=True)
        .select_related("region")
        .annotate(
            product_count=count_of(
                Product.objects.filter(prison=OuterRef("pk"), status=Product.Status.APPROVED)
            ),
            training_count=count_of(
                Training.objects.filter(prison=OuterRef("pk"), status=Training.Status.FINISHED)
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
    """What the public may learn about a certificate: never the holder's legal name, nor where
    the training was held (a prison: the holder shows the certificate to employers)."""

    code: str
    number: str
    issued_on: datetime.date
    revoked_on: datetime.date | None
    training_title: str
    skill_area: str
    training_starts_on: datetime.date
    training_ends_on: datetime.date
    holder_display_name: str | None
    # The number of the certificate issued in place of a revoked one, if any.
    replaced_by_number: str = ""

    @property
    def is_valid(self) -> bool:
        return self.revoked_on is None


def public_certificate_verification(*, code: str) -> CertificateVerification | None:
    """The certificate with verification ``code`` (case and separators ignored), or None.

    The holder's display name is given only when their current consent allows it
    (``display_name_public``, not withdrawn) and they chose one; else ``holder_display_name``
    is None. The revocation reason is never returned: it may hold personal data."""
    code = normalise_certificate_code(code)
    # Codes are letters and digits only; anything else (a NUL byte would make PostgreSQL fail)
    # cannot be one, so the database is not asked.
    if not code.isascii() or not code.isalnum():
        return None
    certificate = (
        Certificate.objects.filter(verification_code=code)
        .select_related("participant__training", "participant__inmate")
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
    if (
        consent is not None
        and consent.display_name_public
        and inmate.display_name.strip()
        and "display_name" not in inmate.public_text_errors()  # never a name that names them
    ):
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
        holder_display_name=shown_name,
        replaced_by_number=(
            Certificate.objects.filter(replaces=certificate).values_list("number", flat=True).first() or ""
            if certificate.revoked_at
            else ""
        ),
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
    # Only what the dashboard shows: a name, the date and the reason, not whole descriptions.
    shown = ("name", "status", "status_reason", "curated_at", "revision_of")
    rejected = (
        scoped.filter(status=Product.Status.REJECTED)
        .select_related("revision_of")
        .only(*shown, "revision_of__name")
        .order_by(F("curated_at").desc(nulls_last=True), "-pk")
    )
    approved = (
        scoped.filter(
            status=Product.Status.APPROVED,
            curated_at__gte=now - datetime.timedelta(days=CURATOR_FEEDBACK_DAYS),
        )
        .only(*shown)
        .order_by("-curated_at", "-pk")
    )
    return {
        "rejected": list(rejected[:CURATOR_FEEDBACK_LIMIT]),
        "approved": list(approved[:CURATOR_FEEDBACK_LIMIT]),
    }


def _counts_by_status(rows: QuerySet, statuses) -> dict[str, int]:
    """``{status: number of rows}`` for every one of ``statuses`` (0 if none), in one GROUP BY
    query that an index on (prison, status) answers alone (inmate_prison_status,
    product_prison_status_original)."""
    counted = dict(rows.values_list("status").annotate(n=Count("*")).order_by())
    return {status: counted.get(status, 0) for status in statuses}


def portal_dashboard(*, user, now: datetime.datetime | None = None) -> dict:
    """The numbers of the officer's dashboard, all within ``user``'s prison (``prison_scope``):

    - ``participants``: inmates active / released / transferred (one query);
    - ``products``: products by curation status, revision rows not counted (one query);
    - ``trainings``: upcoming (planned or running, not yet ended) / finished (one query);
    - ``exhibitions``: published exhibitions with registration open, each with the prison's own
      application if any (one query);
    - ``feedback``: rejected and recently approved products (two queries);
    - ``inquiries_new``: new buyer inquiries about the prison or its products (one query);
    - ``booths_today``: the prison's booths at an exhibition running today (one query).

    Eight queries, however many rows there are.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    inmates = prison_scope(Inmate.objects.order_by(), user, prison_field="prison")
    participants = _counts_by_status(
        inmates,
        (Inmate.Status.ACTIVE.value, Inmate.Status.RELEASED.value, Inmate.Status.TRANSFERRED.value),
    )
    products = prison_scope(Product.objects.originals().order_by(), user, prison_field="prison")
    product_counts = _counts_by_status(products, Product.Status.values)
    trainings = prison_scope(Training.objects.order_by(), user, prison_field="prison").aggregate(
        upcoming=Count(
            "pk",
            filter=Q(status__in=Training.OPEN_STATUSES, ends_on__gte=today),
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
        "booths_today": booths_running_today(user=user, now=now),
    }


# --- Certificates and follow-ups in the portal (prison officers; staff see every prison) ---------


def portal_certificate_list(*, user) -> QuerySet[Certificate]:
    """The certificates of ``user``'s prison (all prisons for staff), newest first, with the
    holder, the training and its prison joined: one query for any number of rows."""
    return prison_scope(
        Certificate.objects.select_related("participant__inmate", "participant__training__prison"),
        user,
        prison_field="participant__training__prison",
    ).order_by("-issued_on", "-number")


def portal_aid_list(*, user) -> QuerySet[Aid]:
    """The aid given to ``user``'s prison (all prisons for staff), newest first, with the
    workshop joined: one query for any number of rows."""
    return prison_scope(Aid.objects.select_related("workshop"), user, prison_field="prison").order_by(
        "-given_on", "-pk"
    )


def portal_aid_totals(*, user) -> dict:
    """``{"count", "value"}`` of ``portal_aid_list``: one query."""
    return portal_aid_list(user=user).order_by().aggregate(
        count=Count("pk"), value=Coalesce(Sum("value"), Value(0), output_field=BigIntegerField())
    )


def certificate_for_download(*, user, pk: int, include_revoked: bool) -> Certificate:
    """The certificate ``pk`` if ``user`` may download it (``Certificate.DoesNotExist``
    otherwise), ready for the PDF. Revoked ones only with ``include_revoked`` (staff)."""
    certificates = portal_certificate_list(user=user)
    if not include_revoked:
        certificates = certificates.filter(revoked_at__isnull=True)
    return certificates.get(pk=pk)


def portal_released_inmates(*, user) -> QuerySet[Inmate]:
    """Released inmates of ``user``'s prison, most recently released first, with their
    follow-ups prefetched: two queries for any number of rows."""
    return (
        prison_scope(Inmate.objects.filter(status=Inmate.Status.RELEASED), user, prison_field="prison")
        .select_related("workshop")
        .prefetch_related("follow_ups")
        .order_by("-release_date", "legal_name", "pk")
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day if needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def followup_due_on(*, release_date: datetime.date, months: int) -> datetime.date:
    """When the follow-up ``months`` after release is due."""
    return add_months(release_date, months)


def followup_earliest_on(*, release_date: datetime.date, months: int) -> datetime.date:
    """The first day a milestone may be recorded: a month before it is due (for 3 months: two
    months after release), so the 12-month follow-up is not filled in right after release."""
    return add_months(release_date, months - 1)


@dataclasses.dataclass(frozen=True)
class FollowUpMilestone:
    """One of the 3/6/12-month follow-ups of a released inmate."""

    months: int
    due_on: datetime.date
    earliest_on: datetime.date
    follow_up: FollowUp | None
    state: str  # RECORDED, DUE (may be recorded, not yet), OVERDUE (due over a month ago), UPCOMING

    RECORDED = "recorded"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"

    @property
    def can_record(self) -> bool:
        return self.state in (self.DUE, self.OVERDUE)


def followup_milestones(*, inmate: Inmate, today: datetime.date | None = None) -> list[FollowUpMilestone]:
    """The three milestones of a released inmate, from prefetched ``follow_ups`` (no query).

    A milestone may be recorded from a month before it is due; it is overdue a month after."""
    today = today or timezone.localdate()
    recorded = {f.months_after_release: f for f in inmate.follow_ups.all()}
    milestones = []
    for months in FollowUp.Month.values:
        due_on = followup_due_on(release_date=inmate.release_date, months=months)
        earliest_on = followup_earliest_on(release_date=inmate.release_date, months=months)
        follow_up = recorded.get(months)
        if follow_up is not None:
            state = FollowUpMilestone.RECORDED
        elif today < earliest_on:
            state = FollowUpMilestone.UPCOMING
        elif today > add_months(due_on, 1):
            state = FollowUpMilestone.OVERDUE
        else:
            state = FollowUpMilestone.DUE
        milestones.append(FollowUpMilestone(months, due_on, earliest_on, follow_up, state))
    return milestones


# --- Outcomes (staff): the programme's funnel per year and per region -----------------------------
#
# Each stage counts people (distinct inmates) except "sold", which sums Rupiah. A person counts in
# the region of their prison (so regions never share a person and their rows add up exactly) and
# in the year of the event: registered (record created), trained (training started), certified
# (issued, not revoked), approved product (curated), exhibited (exhibition started), released, and
# running a business 6 / 12 months after release (counted in the year of release).


@dataclasses.dataclass(frozen=True)
class OutcomeStage:
    key: str
    label: str
    short_label: str  # for chart axes, where space is scarce
    money: bool = False


OUTCOME_STAGES = (
    OutcomeStage("registered", gettext_lazy("Terdaftar"), gettext_lazy("Terdaftar")),
    OutcomeStage("trained", gettext_lazy("Mengikuti pelatihan"), gettext_lazy("Dilatih")),
    OutcomeStage("certified", gettext_lazy("Bersertifikat"), gettext_lazy("Bersertifikat")),
    OutcomeStage("with_products", gettext_lazy("Punya produk disetujui"), gettext_lazy("Produk disetujui")),
    OutcomeStage("exhibited", gettext_lazy("Karyanya dipamerkan"), gettext_lazy("Dipamerkan")),
    OutcomeStage("sold", gettext_lazy("Penjualan (Rp)"), gettext_lazy("Penjualan"), money=True),
    OutcomeStage("released", gettext_lazy("Bebas"), gettext_lazy("Bebas")),
    OutcomeStage(
        "business_6", gettext_lazy("Berusaha 6 bulan setelah bebas"), gettext_lazy("Berusaha, 6 bln")
    ),
    OutcomeStage(
        "business_12", gettext_lazy("Berusaha 12 bulan setelah bebas"), gettext_lazy("Berusaha, 12 bln")
    ),
)


def _outcome_sources(*, today: datetime.date) -> dict[str, tuple[QuerySet, object, str, object]]:
    """Per stage: the rows, the expression of their year, the path to their region's id, and the
    aggregate that makes the stage's number of a group of rows."""
    maker_links = Product.makers.through.objects.all()
    signed_amount = Case(
        When(reverses__isnull=True, then=F("quantity") * F("unit_price")),
        default=F("quantity") * F("unit_price") * Value(-1),
        output_field=BigIntegerField(),
    )
    business = FollowUp.objects.filter(has_business=True)
    return {
        "registered": (Inmate.objects.all(), ExtractYear("created_at"), "prison__region", Count("pk")),
        "trained": (
            TrainingParticipant.objects.filter(
                status=TrainingParticipant.Status.CONFIRMED,
                training__status__in=[Training.Status.RUNNING, Training.Status.FINISHED],
            ),
            ExtractYear("training__starts_on"),
            "inmate__prison__region",
            Count("inmate", distinct=True),
        ),
        "certified": (
            Certificate.objects.filter(revoked_at__isnull=True),
            ExtractYear("issued_on"),
            "participant__inmate__prison__region",
            Count("participant__inmate", distinct=True),
        ),
        "with_products": (
            maker_links.filter(product__status=Product.Status.APPROVED),
            ExtractYear(Coalesce("product__curated_at", "product__created_at")),
            "inmate__prison__region",
            Count("inmate", distinct=True),
        ),
        "exhibited": (
            maker_links.filter(
                product__delegations__status=Delegation.Status.ACCEPTED,
                product__delegations__exhibition__start_date__lte=today,
            ),
            ExtractYear("product__delegations__exhibition__start_date"),
            "inmate__prison__region",
            Count("inmate", distinct=True),
        ),
        "sold": (
            Sale.objects.all(),
            ExtractYear("exhibition__start_date"),
            "product__prison__region",
            Sum(signed_amount),
        ),
        "released": (
            Inmate.objects.filter(status=Inmate.Status.RELEASED, release_date__isnull=False),
            ExtractYear("release_date"),
            "prison__region",
            Count("pk"),
        ),
        "business_6": (
            business.filter(months_after_release=6),
            ExtractYear("inmate__release_date"),
            "inmate__prison__region",
            Count("inmate", distinct=True),
        ),
        "business_12": (
            business.filter(months_after_release=12),
            ExtractYear("inmate__release_date"),
            "inmate__prison__region",
            Count("inmate", distinct=True),
        ),
    }


@dataclasses.dataclass
class OutcomeReport:
    """The numbers of the outcomes dashboard for one choice of year and region (None: all).

    ``funnel``: stage key -> number for that year and region. ``by_region``: for that year, one
    row per region with any number (region, {stage: number}). ``by_year``: for that region, one
    row per year with any number, oldest first. ``years`` and ``regions``: the filter choices."""

    year: int | None
    region: Region | None
    funnel: dict[str, int]
    by_region: list[tuple[Region, dict[str, int]]]
    by_year: list[tuple[int, dict[str, int]]]
    years: list[int]
    regions: list[Region]


def outcome_report(
    *, year: int | None = None, region_id: int | None = None, today: datetime.date | None = None
) -> OutcomeReport:
    """The outcomes funnel in two queries whatever the amount of data: the regions, and one
    UNION ALL of two grouped aggregates per stage (by year and region; and by region over the
    chosen year, or over all years, so that a person trained in two years counts once)."""
    today = today or timezone.localdate()
    parts = []
    for index, (queryset, year_expr, region_path, aggregate) in enumerate(
        _outcome_sources(today=today).values()
    ):
        base = queryset.order_by().annotate(stage=Value(index), region=F(region_path))
        # Every (year, region) of the stage, for the table per year (and the list of years).
        parts.append(
            base.annotate(year=year_expr).values("stage", "region", "year").annotate(value=aggregate)
        )
        # Per region over the chosen year (or all years): the funnel and the table per region.
        per_region = base.annotate(year=Value(None, output_field=IntegerField()))
        if year is not None:
            per_region = per_region.alias(event_year=year_expr).filter(event_year=year)
        parts.append(per_region.values("stage", "region", "year").annotate(value=aggregate))
    rows = parts[0].union(*parts[1:], all=True)

    keys = [stage.key for stage in OUTCOME_STAGES]
    per_year: dict[int, dict[int, dict[str, int]]] = {}  # year -> region id -> stage -> value
    per_region: dict[int, dict[str, int]] = {}  # region id -> stage -> value
    for row in rows:
        stage_key, value = keys[int(row["stage"])], int(row["value"] or 0)
        if row["region"] is None or not value:
            continue
        region_key = int(row["region"])
        if row["year"] is None:
            per_region.setdefault(region_key, {})[stage_key] = value
        else:
            per_year.setdefault(int(row["year"]), {}).setdefault(region_key, {})[stage_key] = value

    regions = list(Region.objects.order_by("province"))
    chosen_region = next((r for r in regions if r.pk == region_id), None)

    def total(by_region: dict[int, dict[str, int]]) -> dict[str, int]:
        numbers = dict.fromkeys(keys, 0)
        for region_key, values in by_region.items():
            if chosen_region is None or region_key == chosen_region.pk:
                for key, value in values.items():
                    numbers[key] += value
        return numbers

    return OutcomeReport(
        year=year,
        region=chosen_region,
        funnel=total(per_region),
        by_region=[
            (r, {key: per_region[r.pk].get(key, 0) for key in keys}) for r in regions if r.pk in per_region
        ],
        by_year=[
            (y, numbers)
            for y, numbers in ((y, total(per_year[y])) for y in sorted(per_year))
            if any(numbers.values())
        ],
        years=sorted(per_year, reverse=True),
        regions=regions,
    )


# --- The cooperation agreement's progress (back-office) -------------------------------------------
#
# An obligation's status is computed by the database from the sum of its evidence and its due
# date, so lists, filters and counts agree and no row is loaded to be classified in Python:
#   fulfilled    the evidence adds up to the target (also when it came late);
#   overdue      not fulfilled and the due date has passed (before today, Jakarta);
#   in progress  some evidence, not yet the target, not overdue;
#   not started  no evidence, not overdue.


def _valid_certificates_of_evidence_training():
    """The valid (not revoked) certificates of the evidence row's training, as a subquery."""
    return (
        Certificate.objects.filter(participant__training=OuterRef("training"), revoked_at__isnull=True)
        .order_by()
        .values("participant__training")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _evidence_total():
    # Certificates recorded from a training count no more than that training's valid ones now:
    # a certificate revoked after the evidence was recorded no longer fulfils the obligation (a
    # PKS probe: 6 of 10 on the progress page while the certificate list held 5 valid). Revoked
    # and replaced, it counts again through its replacement.
    valid_now = Coalesce(Subquery(_valid_certificates_of_evidence_training(), output_field=IntegerField()), Value(0))
    counted = Case(
        When(
            kind=Evidence.Kind.CERTIFICATES,
            training__isnull=False,
            then=Least(F("quantity"), valid_now, output_field=IntegerField()),
        ),
        default=F("quantity"),
        output_field=IntegerField(),
    )
    total = (
        Evidence.objects.filter(obligation=OuterRef("pk"))
        .order_by()
        .annotate(counted=counted)
        .values("obligation")
        .annotate(total=Sum("counted"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def obligations_with_progress(
    queryset: QuerySet[Obligation] | None = None, *, today: datetime.date | None = None
) -> QuerySet[Obligation]:
    """``queryset`` (every obligation by default) with ``evidence_total`` (the evidence's summed
    quantity, 0 without evidence), ``progress_status`` (an ``Obligation.Progress`` value) and
    ``progress_percent`` (0-100, capped at the target, rounded half up), all computed in the
    query."""
    today = today or timezone.localdate()
    queryset = Obligation.objects.all() if queryset is None else queryset
    Progress = Obligation.Progress
    return queryset.annotate(evidence_total=_evidence_total()).annotate(
        progress_status=Case(
            When(evidence_total__gte=F("target_quantity"), then=Value(Progress.FULFILLED.value)),
            When(due_date__lt=today, then=Value(Progress.OVERDUE.value)),
            When(evidence_total__gt=0, then=Value(Progress.IN_PROGRESS.value)),
            default=Value(Progress.NOT_STARTED.value),
            output_field=CharField(),
        ),
        # Whole numbers divide rounding down on both databases (6 of 7 read 85%, found by a
        # ministry-staff probe); half a target added first rounds half up: 6 of 7 is 86%. Only a
        # fulfilled obligation reads 100% (199 of 200 stays at 99%).
        progress_percent=Case(
            When(evidence_total__gte=F("target_quantity"), then=Value(100)),
            default=Least(
                ExpressionWrapper(
                    (F("evidence_total") * 200 + F("target_quantity")) / (F("target_quantity") * 2),
                    output_field=IntegerField(),
                ),
                Value(99),
            ),
            output_field=IntegerField(),
        ),
    )


@dataclasses.dataclass(frozen=True)
class ProgressGroup:
    """How the obligations of one party or one area stand: counts per status."""

    key: str
    label: str
    total: int
    fulfilled: int
    in_progress: int
    overdue: int
    not_started: int

    @property
    def percent(self) -> int:
        """Share of the obligations fulfilled, rounded half up as the page's other figures (5 of
        12 is 42%, not 41%; 100% only when all are; 0 when there are none)."""
        if not self.total:
            return 0
        rounded = (self.fulfilled * 200 + self.total) // (self.total * 2)
        return rounded if self.fulfilled == self.total else min(rounded, 99)

    @property
    def segments(self) -> list[dict]:
        """The statuses with obligations, in a fixed order (fulfilled, in progress, overdue, not
        started), each with ``status``, ``label``, ``count``, ``x`` and ``width`` in per cent of
        a stacked bar; the widths add up to exactly 100."""
        order = (
            Obligation.Progress.FULFILLED,
            Obligation.Progress.IN_PROGRESS,
            Obligation.Progress.OVERDUE,
            Obligation.Progress.NOT_STARTED,
        )
        counted = [(status, getattr(self, status.value)) for status in order if getattr(self, status.value)]
        rows, used = [], 0
        for i, (status, count) in enumerate(counted):
            width = 100 - used if i == len(counted) - 1 else count * 100 // self.total
            rows.append({"status": status.value, "label": status.label, "count": count, "x": used, "width": width})
            used += width
        return rows


def _progress_groups(obligations: QuerySet[Obligation], field: str, choices) -> list[ProgressGroup]:
    statuses = Obligation.Progress.values
    rows = (
        obligations.order_by()
        .values(field)
        .annotate(total=Count("pk"), **{s: Count("pk", filter=Q(progress_status=s)) for s in statuses})
    )
    by_key = {row[field]: row for row in rows}
    return [
        ProgressGroup(key=key, label=str(label), **{k: by_key[key][k] for k in ("total", *statuses)})
        for key, label in choices
        if key in by_key
    ]


def agreement_obligations(*, agreement: Agreement, today: datetime.date | None = None) -> QuerySet[Obligation]:
    """The agreement's obligations with their progress (see ``obligations_with_progress``), in
    the agreement's order (party, position)."""
    return obligations_with_progress(agreement.obligations.all(), today=today).order_by(
        "party", "position", "pk"
    )


def _evidence_for_progress_page() -> QuerySet[Evidence]:
    certificates = _valid_certificates_of_evidence_training()
    confirmed = (
        TrainingParticipant.objects.filter(
            training=OuterRef("training"), status=TrainingParticipant.Status.CONFIRMED
        )
        .order_by()
        .values("training")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Evidence.objects.select_related(
            "training__prison", "aid__prison", "aid__workshop", "exhibition", "recorded_by"
        )
        .annotate(
            training_certificates=Coalesce(Subquery(certificates, output_field=IntegerField()), Value(0)),
            training_participants=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0)),
        )
        .order_by("-date", "-pk")
    )


def agreement_progress(*, agreement: Agreement, today: datetime.date | None = None) -> dict:
    """Everything the agreement's progress page shows, in four queries whatever the data:

    - ``obligations``: every obligation with its progress and its evidence (linked training with
      its prison, confirmed participants and valid certificates; aid; exhibition; who recorded);
    - ``overall``: one ``ProgressGroup`` of all obligations;
    - ``parties``: a ``ProgressGroup`` per party (Ditjen IKM, Ditjen PAS) that has obligations;
    - ``areas``: a ``ProgressGroup`` per area, in the order of ``Obligation.Area``;
    - ``overdue``: the overdue obligations, earliest due date first.
    """
    today = today or timezone.localdate()
    base = obligations_with_progress(agreement.obligations.all(), today=today)
    obligations = list(
        base.order_by("party", "position", "pk").prefetch_related(
            Prefetch("evidence", queryset=_evidence_for_progress_page())
        )
    )
    parties = _progress_groups(base, "party", Party.choices)
    areas = _progress_groups(base, "area", Obligation.Area.choices)
    overall = ProgressGroup(
        key="all",
        label="",
        **{
            field: sum(getattr(group, field) for group in parties)
            for field in ("total", *Obligation.Progress.values)
        },
    )
    for obligation in obligations:
        obligation.progress_label = Obligation.Progress(obligation.progress_status).label
        obligation.days_overdue = (
            (today - obligation.due_date).days
            if obligation.progress_status == Obligation.Progress.OVERDUE
            else None
        )
    overdue = sorted(
        (o for o in obligations if o.progress_status == Obligation.Progress.OVERDUE),
        key=lambda o: (o.due_date, o.party, o.position, o.pk),
    )
    return {
        "obligations": obligations,
        "overall": overall,
        "parties": parties,
        "areas": areas,
        "overdue": overdue,
        "today": today,
        # An ended agreement's unmet obligations are not counted on in days (a staff probe read
        # "lewat 3.081 hari" for one that ended in 2023): they were not met by its end.
        "ended": agreement.valid_to < today,
    }


def agreements_for_dashboard(*, today: datetime.date | None = None, limit: int = 5) -> list[Agreement]:
    """The latest agreements (in force first), each with ``obligation_count``,
    ``fulfilled_count`` and ``overdue_count``: one query."""
    today = today or timezone.localdate()
    obligations = obligations_with_progress(
        Obligation.objects.filter(agreement=OuterRef("pk")), today=today
    ).order_by()

    def count_of(status):
        return Coalesce(
            Subquery(
                obligations.filter(progress_status=status)
                .values("agreement")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    return list(
        Agreement.objects.annotate(
            obligation_count=Count("obligations"),
            in_force=Case(
                When(valid_from__lte=today, valid_to__gte=today, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            fulfilled_count=count_of(Obligation.Progress.FULFILLED),
            overdue_count=count_of(Obligation.Progress.OVERDUE),
        ).order_by("-in_force", "-signed_on", "-pk")[:limit]
    )


# --- Trainings in the portal (prison officers; staff see every prison) ----------------------------


def portal_training_list(*, user) -> QuerySet[Training]:
    """The trainings of ``user``'s prison (``prison_scope``), latest first, each with
    ``confirmed_count``, ``proposed_count`` and ``waitlisted_count``: one query."""
    Status = TrainingParticipant.Status
    return (
        prison_scope(Training.objects.all(), user, prison_field="prison")
        .select_related("prison", "workshop")
        .annotate(
            confirmed_count=Count("participants", filter=Q(participants__status=Status.CONFIRMED)),
            proposed_count=Count("participants", filter=Q(participants__status=Status.PROPOSED)),
            waitlisted_count=Count("participants", filter=Q(participants__status=Status.WAITLISTED)),
        )
        .order_by("-starts_on", "-pk")
    )


def portal_trainings_current_and_past(*, user, today: datetime.date) -> tuple[QuerySet, QuerySet]:
    """``portal_training_list`` in two: the trainings still open (planned or running, not yet
    ended), soonest first, and the others (ended, finished or cancelled), latest first."""
    trainings = portal_training_list(user=user)
    is_current = Q(ends_on__gte=today, status__in=Training.OPEN_STATUSES)
    return trainings.filter(is_current).order_by("starts_on", "pk"), trainings.exclude(is_current)


def training_participants(*, training: Training) -> QuerySet[TrainingParticipant]:
    """The training's participants in the order a reader expects: confirmed, then the waiting
    list in its order, then proposals, then those who left; inmate, who proposed and the
    certificates prefetched (two queries)."""
    Status = TrainingParticipant.Status
    rank = Case(
        When(status=Status.CONFIRMED, then=Value(0)),
        When(status=Status.WAITLISTED, then=Value(1)),
        When(status=Status.PROPOSED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        training.participants.select_related("inmate__workshop", "proposed_by")
        .prefetch_related("certificates")
        .annotate(status_rank=rank)
        .order_by("status_rank", "waitlist_position", "inmate__legal_name", "pk")
    )


def training_days(training: Training) -> list[datetime.date]:
    """Every day from the first to the last day of the training."""
    count = (training.ends_on - training.starts_on).days + 1
    return [training.starts_on + datetime.timedelta(days=i) for i in range(count)]


def training_attendance_grid(*, training: Training) -> tuple[list[datetime.date], list[TrainingParticipant]]:
    """The training's days and its confirmed participants, each with ``present_days``: the set of
    days recorded present and ``recorded_days`` the days recorded at all (two queries)."""
    days = training_days(training)
    participants = list(
        training.participants.filter(status=TrainingParticipant.Status.CONFIRMED)
        .select_related("inmate")
        .prefetch_related("attendance", "certificates")
        .order_by("inmate__legal_name", "pk")
    )
    for participant in participants:
        records = participant.attendance.all()
        participant.present_days = {r.day for r in records if r.present}
        participant.recorded_days = {r.day for r in records}
    return days, participants


def portal_proposable_inmates(*, user, training: Training) -> QuerySet[Inmate]:
    """Active inmates of ``user``'s prison who may still be proposed for ``training`` (not on its
    list in any status), by name: the choices of the proposal form."""
    return (
        prison_scope(Inmate.objects.all(), user, prison_field="prison")
        .filter(prison=training.prison_id, status=Inmate.Status.ACTIVE)
        .exclude(trainings__training=training)
        .select_related("workshop")
        .order_by("legal_name", "pk")
    )


def portal_proposable_search(*, user, training: Training, query: str) -> QuerySet[Inmate]:
    """The proposal form's search: those of ``portal_proposable_inmates`` whose legal name,
    registration number or display name contains every word of ``query``."""
    return matching_every_word(
        portal_proposable_inmates(user=user, training=training),
        query,
        fields=("legal_name", "registration_number", "display_name"),
    )


def aid_totals(*, queryset) -> dict:
    """Count and value of the aid in ``queryset`` (a list's filtered rows), in all and per kind
    (equipment, business management). One query."""
    from django.db.models import Count, Sum

    rows = list(queryset.order_by().values("kind").annotate(count=Count("pk"), value=Sum("value")))
    labels = dict(Aid.Kind.choices)
    by_kind = [
        {"label": labels.get(row["kind"], row["kind"]), "count": row["count"], "value": row["value"] or 0}
        for row in sorted(rows, key=lambda row: list(labels).index(row["kind"]) if row["kind"] in labels else 99)
    ]
    return {
        "count": sum(row["count"] for row in by_kind),
        "value": sum(row["value"] for row in by_kind),
        "by_kind": by_kind if len(by_kind) > 1 else [],
    }


def upcoming_trainings_left(*, inmate) -> list:
    """The trainings not yet begun that ``inmate`` withdrew from (as a release or a transfer makes
    them): what undoing that release does not give back."""
    from django.utils import timezone

    from programs.models import Training, TrainingParticipant

    return list(
        Training.objects.filter(
            participants__inmate=inmate,
            participants__status=TrainingParticipant.Status.WITHDRAWN,
            status__in=Training.OPEN_STATUSES,
            starts_on__gte=timezone.localdate(),
        )
        .order_by("starts_on", "pk")
        .distinct()
    )

