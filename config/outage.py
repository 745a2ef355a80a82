"""When the database cannot be reached: a clear 503 ("try again"), never a generic 500.

Connections are kept between requests (CONN_MAX_AGE) and checked before reuse
(CONN_HEALTH_CHECKS, settings.py), so after PostgreSQL restarts each worker reconnects on its next
request by itself. While it is down, every query fails with OperationalError or InterfaceError; a
request that meets one gets, instead of the generic error page:

- a 503 page in the visitor's language with ``Retry-After``, saying plainly that what they sent
  was NOT saved (a write runs in one transaction, so a failed one left nothing behind);
- for a buyer's inquiry (the product page, an exhibition's inquiry page) the same page with their
  form filled in as they typed it, ready to be sent again: the message is not lost;
- for a caller that asked for JSON (the sales desk's offline queue), ``{"error": ...}`` with 503,
  which the desk treats as "keep the sale queued and send it again" (static/js/sales_desk.js).

The page is rendered without the database: no context processors (the menus, the signed-in user
and the messages would query it), only the values the base layout needs, given here.

Two ways in, because a query can fail in a view or in a middleware (the session is saved after
the view): ``DatabaseOutageMiddleware.process_exception`` for the first, ``server_error`` (the
project's handler500) for the second.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views import defaults

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client is asked to wait: PostgreSQL restarts in a few.
RETRY_AFTER = 10
# Views whose POST is a buyer's inquiry: the 503 page gives the form back, filled in.
INQUIRY_VIEWS = frozenset({"public:product-detail", "public:exhibition-inquiry"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_database_outage(error) -> bool:
    return isinstance(error, OUTAGE_ERRORS)


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        "application/json" in accept
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.content_type == "application/json"
    )


def _public_menu(request) -> list:
    from config.context_processors import PUBLIC_MENU, _menu  # URL reversing only: no queries

    return _menu(request, PUBLIC_MENU)


def _inquiry_form(request):
    """The buyer's inquiry as they sent it, bound again (validation needs no database)."""
    match = getattr(request, "resolver_match", None)
    if request.method != "POST" or match is None or match.view_name not in INQUIRY_VIEWS:
        return None
    from exhibitions.catalogue_forms import InquiryForm

    return InquiryForm(request.POST)


def _render_page(request) -> HttpResponse:
    saving = request.method not in SAFE_METHODS
    context = {
        "request": request,
        "csrf_token": get_token(request),
        "public_menu": _public_menu(request),
        "saving": saving,
        "inquiry_form": _inquiry_form(request) if saving else None,
        "retry_after": RETRY_AFTER,
    }
    # request=None: a plain Context, so that no context processor runs (they may query).
    return HttpResponse(render_to_string("503.html", context), status=503)


def outage_response(request) -> HttpResponse:
    """The 503 answer to ``request``, made without touching the database."""
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        if _wants_json(request):
            message = gettext("Layanan sedang terganggu; data Anda BELUM tersimpan, silakan coba lagi.")
            response = JsonResponse({"error": message, "retry_after": RETRY_AFTER}, status=503)
        else:
            try:
                response = _render_page(request)
            except Exception:  # the page itself failed: a plain sentence still says the same
                logger.exception("The outage page could not be rendered")
                message = gettext(
                    "Layanan sedang terganggu. Data Anda BELUM tersimpan, silakan coba lagi beberapa saat lagi."
                )
                response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response.headers["Content-Language"] = language
    response.headers["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """A view that failed because the database cannot be reached answers 503 (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.error(
            "Database unavailable: %s %s answered 503", request.method, request.path, exc_info=exception
        )
        return outage_response(request)


def server_error(request, template_name: str = defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: Django's own 500 page, except for a database outage (raised outside a view,
    e.g. while the session is saved), which gets the 503 answer. Called while the exception is
    being handled, so sys.exc_info() holds it."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response(request)
    return defaults.server_error(request, template_name)
