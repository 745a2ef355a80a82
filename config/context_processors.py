from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The portal's menu; an entry appears once its URL exists.
PORTAL_MENU = [
    ("portal:inmate-list", _("Peserta")),
    ("portal:product-list", _("Produk")),
    ("portal:training-list", _("Pelatihan")),
    ("portal:application-list", _("Pameran")),
    ("portal:inquiry-list", _("Permintaan pembeli")),
    ("portal:jury-list", _("Penjurian")),
]


def portal_menu(request):
    if not request.path.startswith("/portal/"):
        return {}
    items = []
    for name, label in PORTAL_MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"portal_menu": items}
