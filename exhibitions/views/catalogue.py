"""Public catalogue, product pages and buyer inquiries.

They live on the exhibitions floor because they show exhibitions (a filter, the product page's
"shown at") and create inquiries. Only ``public_*`` selectors and public templates are used here.
"""

import re
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from config.auth import client_ip
from config.fragments import once, remember
from exhibitions.catalogue_forms import CatalogueFilterForm, InquiryForm
from exhibitions.models import Exhibition
from exhibitions.selectors import (
    CATALOGUE_PAGE_SIZE,
    CatalogueFilters,
    public_catalogue,
    public_product_exhibitions,
    venue_dates,
)
from exhibitions.services import (
    INQUIRY_REFERENCE_SHAPE,
    InquiryRateLimited,
    inquiry_reference_new,
    inquiry_submit,
)
from inmates.templatetags.etalase import format_rupiah
from products.search import also_searched
from products.selectors import (
    public_product_detail,
    public_product_makers,
    public_related_products,
)

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def _query(params) -> str:
    encoded = urlencode(params)
    return f"?{encoded}" if encoded else ""


def _active_filters(filters: CatalogueFilters) -> list[dict]:
    """The chips above the results: what is filtered, and the URL without it."""
    chips = []
    if filters.q:
        chips.append({"label": f"“{filters.q}”", "url": _query(filters.params(q=None))})
    if filters.category:
        chips.append({"label": filters.category.name, "url": _query(filters.params(category=None))})
    if filters.region:
        chips.append({"label": filters.region.province, "url": _query(filters.params(region=None))})
    if filters.prison:
        chips.append({"label": filters.prison.name, "url": _query(filters.params(prison=None))})
    if filters.exhibition:
        chips.append({"label": filters.exhibition.title, "url": _query(filters.params(exhibition=None))})
    if filters.min_price is not None or filters.max_price is not None:
        if filters.max_price is None:
            label = _("Mulai %(low)s") % {"low": format_rupiah(filters.min_price)}
        elif filters.min_price is None:
            label = _("Sampai %(high)s") % {"high": format_rupiah(filters.max_price)}
        else:
            label = f"{format_rupiah(filters.min_price)} – {format_rupiah(filters.max_price)}"
        chips.append({"label": label, "url": _query(filters.params(min_price=None, max_price=None))})
    return chips


SORT_LABELS = {
    "relevance": gettext_lazy("Paling sesuai"),
    "newest": gettext_lazy("Terbaru"),
    "price_asc": gettext_lazy("Harga terendah"),
    "price_desc": gettext_lazy("Harga tertinggi"),
    "name": gettext_lazy("Nama (A–Z)"),
}


@require_safe
def product_list(request):
    form = CatalogueFilterForm(request.GET)
    filters = form.filters()
    page_number = form.page_number()
    price_errors = form.price_errors()
    # One URL per result: parameters in one order, defaults and bad values left out; but a price
    # that could not be read stays in the box, with a word why it was not used.
    canonical = urlencode(filters.params(page=page_number))
    if not price_errors and request.META.get("QUERY_STRING", "") != canonical:
        return redirect(f"{request.path}{_query(filters.params(page=page_number))}")

    catalogue = public_catalogue(filters=filters)
    paginator = Paginator(catalogue.products, CATALOGUE_PAGE_SIZE)
    paginator.count = catalogue.count  # counted with the filters' options: no second count query
    page = paginator.get_page(page_number)

    def page_url(number: int) -> str:
        return request.path + _query(filters.params(page=number))

    page_links = [
        {"number": number, "url": page_url(number)} if isinstance(number, int) else {"number": None}
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    sorts = [
        {"value": key, "label": label, "selected": key == filters.effective_sort}
        for key, label in SORT_LABELS.items()
        if key != "relevance" or filters.q
    ]
    chips = _active_filters(filters)
    context = {
        "filters": filters,
        "catalogue": catalogue,
        "page": page,
        "page_links": page_links,
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": page_url(page.next_page_number()) if page.has_next() else "",
        "chips": chips,
        "filter_count": len(chips) - (1 if filters.q else 0),
        "sorts": sorts,
        "default_sort": filters.default_sort,
        # Hidden fields that carry the other parameters through each of the page's forms.
        "search_hidden": [p for p in filters.params() if p[0] != "q"],
        "filter_hidden_q": filters.q,
        "also_searched": also_searched(filters.q),
        "filter_hidden_sort": dict(filters.params()).get("sort", ""),
        "sort_hidden": [p for p in filters.params() if p[0] != "sort"],
        "canonical_url": request.build_absolute_uri(page_url(page.number)),
        "clear_url": request.path + _query([("q", filters.q)] if filters.q else []),
        "price_errors": price_errors,
        # A page for a typo is neither kept whole nor in pieces: any text could fill the cache.
        "fragment_name": "" if price_errors else "catalogue",
    }
    response = render(request, "public/products/product_list.html", context)
    if price_errors:
        patch_cache_control(response, private=True)
    return response


def _handle_inquiry(request, *, product=None, exhibition=None, placeholder=""):
    """Bind and submit the inquiry form. Returns (form, response, status): a response (the
    thank-you page) on success or for a bot, else the form to show again with its errors."""
    if request.method != "POST":
        return InquiryForm(message_placeholder=placeholder), None, 200
    form = InquiryForm(request.POST, message_placeholder=placeholder)
    thanks = reverse("public:inquiry-thanks") + _query(
        [("produk", product.slug)] if product else [("pameran", exhibition.slug)]
    )
    if form.is_bot:
        # Pretend it worked, with a number like a real one; nothing is saved or sent.
        return form, redirect(f"{thanks}&{thanks_number_query(inquiry_reference_new(), receipt=True)}"), 200
    if not form.is_valid():
        return form, None, 200
    try:
        inquiry = inquiry_submit(
            product=product,
            exhibition=exhibition,
            data=form.cleaned_data,
            ip=client_ip(request),
            base_url=request.build_absolute_uri("/"),
            language=translation.get_language() or "",
            sender=request.META.get("CSRF_COOKIE", ""),
        )
    except InquiryRateLimited as limited:
        form.rate_limited = "network" if limited.shared else "contact"
        return form, None, 429
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return form, None, 200
    # The inquiry's number on the thank-you page, for a buyer who asks by telephone later; no
    # receipt today (the address's daily limit): the page does not promise one.
    receipt = not (inquiry.email and getattr(inquiry, "acknowledged", True) is False)
    return form, redirect(f"{thanks}&{thanks_number_query(inquiry.reference, receipt=receipt)}"), 200


_THANKS_SALT = "etalase.inquiry-thanks"
THANKS_NUMBER_MAX_AGE = 7 * 24 * 3600


def thanks_number_query(reference: str, *, receipt: bool) -> str:
    """``nomor=...&k=...``: the number and a signature of it (with whether a receipt went out).
    The thank-you page shows a number only with its signature: any number written into the link
    was shown as received ("BAYR-LUNS"), a page a fraudster could send as proof of an order (an
    attacker probe)."""
    token = signing.dumps([reference, bool(receipt)], salt=_THANKS_SALT, compress=False)
    return urlencode({"nomor": reference, "k": token})


def _thanks_number(request) -> tuple[str, bool]:
    """The signed number of the thank-you link and whether a receipt was sent, or ("", True)."""
    number = request.GET.get("nomor", "")
    try:
        reference, receipt = signing.loads(request.GET.get("k", ""), salt=_THANKS_SALT, max_age=THANKS_NUMBER_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return "", True
    if reference != number or not INQUIRY_REFERENCE_SHAPE.fullmatch(number):
        return "", True
    return number, bool(receipt)


@require_http_methods(["GET", "HEAD", "POST"])
def product_detail(request, slug):
    # Kept under the public content version (with its images): the page's one read of the database.
    product = remember("product", (slug,), lambda: public_product_detail(slug=slug))
    if product is None:
        raise Http404
    form, response, status = _handle_inquiry(
        request,
        product=product,
        placeholder=_("Mis. jumlah, warna atau ukuran yang Anda butuhkan, dan kapan."),
    )
    if response is not None:
        return response
    images = [image for image in product.images.all() if image.thumb_medium]  # thumbnails only
    now = timezone.now()
    context = {
        "product": product,
        "images": images,
        # Read only where the page is rendered, not where it comes from the fragment cache.
        "makers": once(lambda: list(public_product_makers(product=product))),
        "exhibitions": once(lambda: public_product_exhibitions(product=product, now=now)),
        # Which of them run, are to come or are past changes with the day at their venue.
        "venue_dates": venue_dates(now=now),
        "related_products": once(lambda: list(public_related_products(product=product))),
        "form": form,
        "catalogue_url": reverse("public:product-list"),
    }
    return render(request, "public/products/product_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def exhibition_inquiry(request, slug):
    exhibition = get_object_or_404(Exhibition.objects.published(), slug=slug)
    form, response, status = _handle_inquiry(
        request,
        exhibition=exhibition,
        placeholder=_("Mis. produk yang Anda cari, jumlahnya, atau rencana kerja sama."),
    )
    if response is not None:
        return response
    context = {"exhibition": exhibition, "form": form}
    return render(request, "public/inquiries/inquiry_form.html", context, status=status)


def _slug_param(request, name: str) -> str:
    # Only a well-formed slug reaches the database (a NUL byte would make PostgreSQL fail).
    value = request.GET.get(name, "")
    return value if _SLUG.fullmatch(value) else ""


@require_safe
def inquiry_thanks(request):
    product_slug, exhibition_slug = _slug_param(request, "produk"), _slug_param(request, "pameran")
    number, receipt_sent = _thanks_number(request)
    product = public_product_detail(slug=product_slug) if product_slug else None
    exhibition = (
        Exhibition.objects.published().filter(slug=exhibition_slug).first() if exhibition_slug else None
    )
    return render(
        request,
        "public/inquiries/inquiry_thanks.html",
        {"product": product, "exhibition": exhibition, "number": number, "receipt_sent": receipt_sent},
    )
