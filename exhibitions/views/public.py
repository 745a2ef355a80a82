"""Public views: only public_* selectors and public templates."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from config.auth import client_ip
from config.fragments import once, remember
from exhibitions import ical
from exhibitions.models import Exhibition, ProgrammeItem
from exhibitions.selectors import (
    PAST,
    exhibition_public_phase,
    public_exhibition_competitions,
    public_exhibition_delegations,
    public_exhibition_products,
    public_exhibitions,
    public_exhibitions_by_phase,
    public_programme_by_day,
)

# A gallery's worth on the exhibition page; the catalogue (filtered by exhibition) has them all.
PRODUCTS_SHOWN = 8


def exhibition_list(request):
    phases = public_exhibitions_by_phase(now=timezone.now())
    return render(
        request,
        "public/exhibitions/exhibition_list.html",
        {"running": phases["running"], "upcoming": phases["upcoming"], "past": phases["past"]},
    )


def exhibition_detail(request, slug):
    exhibition = remember("exhibition", (slug,), lambda: public_exhibitions().filter(slug=slug).first())
    if exhibition is None:
        raise Http404
    now = timezone.now()
    phase = exhibition_public_phase(exhibition, now=now)
    products = public_exhibition_products(exhibition=exhibition)
    context = {
        "exhibition": exhibition,
        "phase": phase,
        "is_past": phase == PAST,
        "open_now": exhibition.is_open_at(now),
        # Read only where the page is rendered, not where it comes from the fragment cache.
        "programme_days": once(lambda: public_programme_by_day(exhibition=exhibition)),
        "delegations": once(lambda: list(public_exhibition_delegations(exhibition=exhibition))),
        "products": once(lambda: list(products[:PRODUCTS_SHOWN])),
        "product_count": once(products.count),
        "competitions": once(lambda: public_exhibition_competitions(exhibition=exhibition)),
    }
    return render(request, "public/exhibitions/exhibition_detail.html", context)


def _calendar_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _domain(request) -> str:
    # For calendar UIDs: stable per site, without the port.
    return split_domain_port(request.get_host())[0] or "etalase"


def exhibition_ics(request, slug):
    exhibition = get_object_or_404(Exhibition.objects.published(), slug=slug)
    url = request.build_absolute_uri(reverse("public:exhibition-detail", args=[exhibition.slug]))
    event = ical.exhibition_event(exhibition, url=url, domain=_domain(request))
    content = ical.calendar([event], name=exhibition.title, stamp=timezone.now())
    return _calendar_response(content, f"{exhibition.slug}.ics")


def programme_item_ics(request, slug, pk):
    item = get_object_or_404(
        ProgrammeItem.objects.select_related("exhibition", "host_prison"),
        pk=pk,
        exhibition__slug=slug,
        exhibition__is_published=True,
    )
    detail = reverse("public:exhibition-detail", args=[item.exhibition.slug])
    url = request.build_absolute_uri(f"{detail}#acara-{item.pk}")
    event = ical.programme_item_event(item, url=url, domain=_domain(request))
    content = ical.calendar([event], name=item.exhibition.title, stamp=timezone.now())
    return _calendar_response(content, f"{item.exhibition.slug}-acara-{item.pk}.ics")


# --- Visitor feedback (the QR code on a booth label) ----------------------------------------

import re  # noqa: E402

from django.shortcuts import redirect  # noqa: E402
from django.views.decorators.http import require_http_methods, require_safe  # noqa: E402

from exhibitions.fair_forms import FeedbackForm  # noqa: E402
from exhibitions.selectors import public_feedback_target  # noqa: E402
from exhibitions.services import (  # noqa: E402
    FeedbackRateLimited,
    feedback_closed,
    feedback_closed_message,
    feedback_not_yet_message,
    feedback_opens_later,
    feedback_submit,
)

# Only well-formed values reach the database (a NUL byte would make PostgreSQL fail).
_FEEDBACK_PARAMS = {
    "stan": re.compile(r"[-A-Za-z0-9 ._/]{1,12}"),
    "produk": re.compile(r"[-a-zA-Z0-9_]{1,200}"),
}


def _feedback_param(request, name: str) -> str:
    value = request.GET.get(name, "").strip()
    return value if _FEEDBACK_PARAMS[name].fullmatch(value) else ""


def _first_image(product):
    if product is None:
        return None
    return next((image for image in product.images.all() if image.thumb_medium), None)


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, slug):
    """A visitor's rating (1-5) and comment, reached from the QR code on a booth label
    (``?stan=<booth code>&produk=<product slug>``; unknown values are simply left out).
    Rate limited per address (429 with the form kept), with a honeypot."""
    exhibition = get_object_or_404(Exhibition.objects.published(), slug=slug)
    booth, product = public_feedback_target(
        exhibition=exhibition,
        booth_code=_feedback_param(request, "stan"),
        product_slug=_feedback_param(request, "produk"),
    )
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        thanks = reverse("public:feedback-thanks", args=[exhibition.slug])
        if product is not None:
            thanks += f"?produk={product.slug}"
        if form.is_bot:
            return redirect(thanks)  # pretend it worked; nothing is saved
        if form.is_valid():
            try:
                feedback_submit(
                    exhibition=exhibition,
                    booth=booth,
                    product=product,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                    ip=client_ip(request),
                )
            except FeedbackRateLimited:
                form.rate_limited = True
                status = 429
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect(thanks)
    else:
        form = FeedbackForm()
    context = {
        "exhibition": exhibition,
        "booth": booth,
        "product": product,
        "image": _first_image(product),
        "form": form,
        "not_yet": feedback_not_yet_message(exhibition=exhibition)
        if feedback_opens_later(exhibition=exhibition)
        else feedback_closed_message(exhibition=exhibition)
        if feedback_closed(exhibition=exhibition)
        else "",
    }
    return render(request, "public/feedback/feedback_form.html", context, status=status)


@require_safe
def feedback_thanks(request, slug):
    exhibition = get_object_or_404(Exhibition.objects.published(), slug=slug)
    _booth, product = public_feedback_target(
        exhibition=exhibition, booth_code="", product_slug=_feedback_param(request, "produk")
    )
    return render(
        request, "public/feedback/feedback_thanks.html", {"exhibition": exhibition, "product": product}
    )
