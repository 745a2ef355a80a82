"""Run by bench/run.py against a seeded database (``python -m bench.accounts``, with the server's
environment): makes a ministry staff account and an officer of the prison with the most products,
signs both in (sessions stored like a real login), and picks the pages to measure. Prints one
JSON object."""

import json
import os
import sys
from urllib.parse import urlencode


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count, Q
    from django.utils.module_loading import import_string

    from exhibitions.models import Delegation, Exhibition
    from exhibitions.selectors import CatalogueFilters
    from inmates import roles
    from inmates.models import OfficerProfile, Prison
    from products.models import Category, Product

    search_word = sys.argv[1] if len(sys.argv) > 1 else "tangan"
    User = get_user_model()
    prison = (
        Prison.objects.annotate(n=Count("products", filter=Q(products__status=Product.Status.APPROVED)))
        .order_by("-n", "pk")
        .first()
    )
    staff, _ = User.objects.get_or_create(username="bench-staf", defaults={"is_staff": True})
    staff.groups.add(Group.objects.get_or_create(name=roles.MINISTRY_STAFF)[0])
    officer, _ = User.objects.get_or_create(username="bench-petugas")
    officer.groups.add(Group.objects.get_or_create(name=roles.PRISON_OFFICER)[0])
    OfficerProfile.objects.get_or_create(user=officer, defaults={"prison": prison})

    SessionStore = import_string(f"{settings.SESSION_ENGINE}.SessionStore")

    def session_for(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "inmates.backends.EtalaseBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    product = (
        Product.objects.approved()
        .filter(images__isnull=False, makers__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    exhibition = (
        Exhibition.objects.published()
        .annotate(n=Count("delegations", filter=Q(delegations__status=Delegation.Status.ACCEPTED)))
        .order_by("-n", "-start_date")
        .first()
    )
    category = Category.objects.filter(slug="batik").first() or Category.objects.order_by("pk").first()
    filtered = CatalogueFilters(category=category, min_price=100_000, max_price=500_000)
    print(
        json.dumps(
            {
                "products": Product.objects.count(),
                "approved": Product.objects.approved().count(),
                "staff_session": session_for(staff),
                "officer_session": session_for(officer),
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "pages": {
                    "home": "/",
                    "catalogue": "/produk/",
                    "catalogue page 100": "/produk/?page=100",
                    "catalogue filtered": "/produk/?" + urlencode(filtered.params()),
                    "search": "/produk/?" + urlencode(CatalogueFilters(q=search_word).params()),
                    "product detail": f"/produk/{product.slug}/",
                    "exhibition detail": f"/pameran/{exhibition.slug}/",
                    "prison page": f"/lapas/{prison.slug}/",
                    "admin changelist": "/admin/products/product/",
                    "portal dashboard": "/portal/",
                },
            }
        )
    )


if __name__ == "__main__":
    main()
