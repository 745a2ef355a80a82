"""Public views: only public_* selectors and public templates."""

from django.http import HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from exhibitions import ical
from exhibitions.models import Exhibition, ProgrammeItem
from exhibitions.selectors import (
    PAST,
    exhibition_phase,
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
    exhibition = get_object_or_404(public_exhibitions(), slug=slug)
    now = timezone.now()
    phase = exhibition_phase(exhibition, now=now)
    products = public_exhibition_products(exhibition=exhibition)
    context = {
        "exhibition": exhibition,
        "phase": phase,
        "is_past": phase == PAST,
        "open_now": exhibition.is_open_at(now),
        "programme_days": public_programme_by_day(exhibition=exhibition),
        "delegations": list(public_exhibition_delegations(exhibition=exhibition)),
        "products": list(products[:PRODUCTS_SHOWN]),
        "product_count": products.count(),
        "competitions": public_exhibition_competitions(exhibition=exhibition),
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
