"""Reads for inmates. Portal and admin reads go through ``visible_to(user)``; nothing here is public."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from inmates.models import Consent, Inmate, people_named_anywhere, public_texts_errors, registration_taken


def inmate_consent_history(*, inmate: Inmate) -> QuerySet[Consent]:
    """Every consent of ``inmate``, withdrawn ones included, newest first (ties: newest row first),
    with the users who recorded the giving and the withdrawal, without a query per row."""
    # ``replaced``: withdrawn at the moment the next consent was given (a change of what the
    # inmate agrees to), which the history calls "diganti", not "dicabut".
    later = Consent.objects.filter(inmate=OuterRef("inmate"), given_on=OuterRef("withdrawn_on"), pk__gt=OuterRef("pk"))
    return (
        Consent.objects.filter(inmate=inmate)
        .select_related("recorded_by", "withdrawn_recorded_by")
        .annotate(replaced=Exists(later))
        .order_by("-given_on", "-pk")
    )


def inmate_list(*, user) -> QuerySet[Inmate]:
    """The inmates ``user`` may see (all prisons for staff, their own prison for an officer, none
    for anybody else), with prison, region and workshop joined and the consents prefetched, so a
    list showing ``current_consent`` makes a fixed number of queries whatever its length."""
    return (
        Inmate.objects.visible_to(user)
        .select_related("prison", "prison__region", "workshop")
        .prefetch_related("consents")
    )


def inmate_portal_list(
    *, user, query: str = "", status: str = "", workshop_id: int | None = None
) -> QuerySet[Inmate]:
    """``inmate_list`` narrowed for the portal's participant list: ``query`` matches the legal
    name, registration number or display name (case-insensitive, part of the text); ``status``
    and ``workshop_id`` filter when given. Ordered by legal name; still a fixed number of queries
    whatever the number of rows (consents prefetched)."""
    inmates = inmate_list(user=user)
    query = query.strip()
    if query:
        inmates = inmates.filter(
            Q(legal_name__icontains=query)
            | Q(registration_number__icontains=query)
            | Q(display_name__icontains=query)
        )
    if status:
        inmates = inmates.filter(status=status)
    if workshop_id is not None:
        inmates = inmates.filter(workshop_id=workshop_id)
    return inmates.order_by("legal_name", "pk")


def staff_public_texts_errors(*, texts: dict[str, str]) -> dict:
    """``{field: message}`` for texts staff write for a public page (a prison's description, a
    competition's organiser, a training's title on the certificate check) that name an inmate of
    any prison (a whole name however spelt, or the registration number of somebody so named),
    have the shape of a registration number, or tell an offence or a sentence
    (``inmates.models.public_texts_errors``). Staff see every prison and write about the whole
    programme, so their text is read against the whole country (``people_named_anywhere``), not
    one prison as an officer's is. All the texts go into one lookup: a query per 200 of their
    words through the legal name's trigram index (a few at most, whatever the number of
    inmates), none when every text is empty."""
    written = {field: text for field, text in texts.items() if (text or "").strip()}
    if not written:
        return {}
    return public_texts_errors(people=people_named_anywhere(written.values()), texts=written)


def inmate_registration_taken(*, prison, registration_number: str, exclude_pk: int | None = None) -> bool:
    """Whether ``registration_number`` is already used by a participant of ``prison`` (ignoring
    case, spaces, dots and the kind of dash: "b.i-12/2018" and "B.I‐12/2018" are one register
    entry; ``inmates.models.registration_key``)."""
    return registration_taken(prison_id=prison.pk, registration_number=registration_number, exclude_pk=exclude_pk)


def matching_every_word(rows: QuerySet, query: str, *, fields: tuple[str, ...]) -> QuerySet:
    """``rows`` where each word of ``query`` (the first five) is found, ignoring case, in one of
    ``fields``: "santoso budi" finds Budi Santoso, "777" his registration number."""
    for word in query.split()[:5]:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(anywhere)
    return rows


def inmate_trainings(*, inmate: Inmate):
    """``inmate``'s places in trainings (Bimtek), latest training first, with the training joined
    and the certificates prefetched (``participant.certificate``): two queries."""
    from programs.models import TrainingParticipant

    return (
        TrainingParticipant.objects.filter(inmate=inmate)
        .select_related("training")
        .prefetch_related("certificates")
        .order_by("-training__starts_on", "-pk")
    )


def inmate_public_products(*, inmate: Inmate):
    """The approved products (originals) crediting ``inmate`` as a maker, by name: they stay in
    the catalogue as the prison's work when the maker's consent is withdrawn. One query."""
    from products.models import Product

    return (
        Product.objects.originals()
        .filter(makers=inmate, status=Product.Status.APPROVED)
        .only("pk", "name")
        .order_by("name", "pk")
    )
