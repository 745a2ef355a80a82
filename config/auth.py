"""Login throttling (django-axes) wired to Etalase: the client address and the lock-out page.

Axes counts failed logins per username and address (settings.AXES_LOCKOUT_PARAMETERS) on both
login pages, /masuk/ and /admin/login/, and answers a locked-out attempt with ``lockout_response``.
``LoginAddressGuardMiddleware`` adds a limit per address over all usernames (password spraying).
"""

import datetime
import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str:
    """The visitor's address, read exactly as the per-address rate limits read it (the address
    the trusted proxy appended last when BEHIND_PROXY is on, else REMOTE_ADDR): a client cannot
    dodge the lock-out by forging X-Forwarded-For. An IPv6 address is read as its /64 network
    (``address_key``)."""
    # Behind the production proxy (SECURE_PROXY_SSL_HEADER set, see settings) the address is the
    # one the proxy appended last; anything before it could have been written by the client.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return address_key(forwarded.split(",")[-1].strip())
    return address_key(request.META.get("REMOTE_ADDR", ""))


def address_key(address: str) -> str:
    """The address the limits count under: an IPv4 address as it is, an IPv6 address as the first
    address of its /64 network ("2001:db8:1:2::"). Any host is given a whole /64 (a home line, a
    rented server), so counting each IPv6 address apart let a probe try a new address per
    password (found by the sixth attacker probe). An IPv4 address written as IPv6
    ("::ffff:192.0.2.1") counts as the IPv4 address; anything else is returned unchanged."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)


def lockout_username(request, credentials=None) -> str | None:
    """The username axes counts failures under: as posted in small letters, cut to the length
    axes stores.

    Django's login form lets a username longer than any account's through to authenticate()
    (it sets the field's max_length after its validators are built), and PostgreSQL refuses to
    store 300 characters in axes' varchar(255): a 500 on /masuk/ and /admin/login/."""
    from axes.models import AccessAttempt

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(field)
    if username is None:
        return None
    # In small letters: the sign-in takes a username in any capitals (inmates.backends), so
    # "Petugas.tangerang" must count against the same five tries as "petugas.tangerang" (found
    # by a security probe: each spelling had five of its own).
    return str(username).replace("\x00", "").lower()[: AccessAttempt._meta.get_field("username").max_length]


def lockout_response(request, original_response=None, credentials=None):
    """The styled lock-out page (status 429) saying when to try again and whom to ask.

    Every attempt while locked out restarts the cool-off (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_
    LOCKOUT, on by default), so the lock lasts the cool-off from this very attempt."""
    cool_off = get_cool_off(request)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "until": None, "minutes": None}
    if cool_off:
        started = getattr(request, "axes_attempt_time", None) or timezone.now()
        until = timezone.localtime(started + cool_off)
        if until.second or until.microsecond:  # "after 14.36", never a minute too early
            until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
        context.update(until=until, minutes=math.ceil(cool_off.total_seconds() / 60))
    response = render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response


def address_locked_out(request) -> bool:
    """Whether the address has failed to log in LOGIN_ADDRESS_FAILURE_LIMIT times within the cool-off,
    whatever the usernames: one address trying a few passwords on many accounts (password
    spraying) stays under the per-username limit. The default, 30, leaves an office of several
    officers behind one address room for their typing mistakes. 0 turns it off."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    if not limit:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= limit


class LoginAddressGuardMiddleware:
    """Answers a login POST from an address that ``address_locked_out`` with the lock-out page,
    before the password is checked (a right guess is refused too, as axes does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in _login_paths() and address_locked_out(request):
            return lockout_response(request)
        return self.get_response(request)


def _login_paths() -> set[str]:
    from django.urls import reverse

    return {reverse(settings.LOGIN_URL), reverse("admin:login")}
