from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The portal's menu; an entry appears once its URL exists.
PORTAL_MENU = [
    ("portal:inmate-list", _("Peserta")),
    ("portal:product-list", _("Produk")),
    ("portal:training-list", _("Pelatihan")),
    ("portal:certificate-list", _("Sertifikat")),
    ("portal:followup-list", _("Pemantauan")),
    ("portal:aid-list", _("Bantuan diterima")),
    ("portal:application-list", _("Pameran")),
    ("portal:inquiry-list", _("Permintaan pembeli")),
    ("portal:sales-desk-list", _("Kasir stan")),
    ("portal:jury-list", _("Penjurian")),
]


# The public showcase's menu; an entry appears once its URL exists.
PUBLIC_MENU = [
    ("public:product-list", _("Katalog")),
    ("public:exhibition-list", _("Pameran")),
    ("public:prison-list", _("Lapas dan rutan")),
    ("public:about", _("Tentang program")),
]


def _menu(request, entries):
    items = []
    for name, label in entries:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return items


def _user(request):
    """The request's user; anonymous where the middleware never set one (the 400 page of a
    request for a host that is not ours is made before AuthenticationMiddleware runs)."""
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return user


def public_menu(request):
    if request.path.startswith(("/portal/", "/admin/")):
        # Their own pages have their own headers and no footer; an error page met there (404,
        # 405) has the public footer, which must not offer a signed-in user to sign in. The user
        # is read already on these paths: no query.
        return {"signed_in": _user(request).is_authenticated}
    return {"public_menu": _menu(request, PUBLIC_MENU), **_signed_in(request)}


def _signed_in(request) -> dict:
    """For the public header: ``signed_in``, and ``workspace`` ({"url", "label"}: where the user
    works, or None). A visitor without a session cookie costs nothing (the session is not read)."""
    from django.conf import settings

    from inmates.roles import WORKSPACES, workspace_url_name

    user = _user(request)
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not user.is_authenticated:
        return {"signed_in": False, "workspace": None}
    name = workspace_url_name(user)
    return {"signed_in": True, "workspace": {"url": reverse(name), "label": WORKSPACES[name]} if name else None}


def portal_menu(request):
    """For the portal's header: ``portal_menu`` (the pages this user may open), ``portal_officer``
    (whether the officers' dashboard and header are theirs) and ``portal_back_office_url`` (for
    staff on the few portal pages open to them, such as the booth till: the way back)."""
    if not request.path.startswith("/portal/"):
        return {}
    from exhibitions.selectors import records_sales_everywhere
    from inmates.roles import JURY, has_role
    from inmates.scoping import officer_prison_id

    user = _user(request)
    is_officer = officer_prison_id(user) is not None
    entries = []
    for name, label in PORTAL_MENU:
        if name == "portal:jury-list":
            allowed = has_role(user, JURY)
        elif name == "portal:sales-desk-list":
            allowed = is_officer or records_sales_everywhere(user)
        else:
            allowed = is_officer
        if allowed:
            entries.append((name, label))
    return {
        "portal_menu": _menu(request, entries),
        "portal_officer": is_officer,
        "portal_back_office_url": reverse("admin:index") if user.is_staff and not is_officer else None,
    }
