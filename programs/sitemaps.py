"""/sitemap.xml: the public showcase's pages for search engines.

On the top floor because it lists every app's public pages. Only what anyone may open is listed
(approved products, published exhibitions, active prisons); never the portal, the admin, the
login or the language switch. Each section is two queries (a count and the rows), whatever the
number of items.

/sitemap.xml is an index of the sections (/sitemap-products.xml?p=2 …), each in pages of
SITEMAP_PAGE_SIZE addresses. One page of all 42,000 approved products took 2.9 s to make and,
at 8 MB, was too big for the page cache: anybody could keep both workers busy with it (found by
a probe at national scale). A page of 2,000 is a tenth of a second, and cached.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from exhibitions.models import Exhibition
from inmates.models import Prison
from products.models import Product

SITEMAP_PAGE_SIZE = 2000


class StaticPageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "public:product-list", "public:exhibition-list", "public:prison-list", "public:about"]

    def location(self, item):
        return reverse(item)

    def priority(self, item):
        return 1.0 if item == "home" else 0.8


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Product.objects.approved().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("public:product-detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index: Django's default reads every product to take the latest (0.3 s at 42,000).
        return Product.objects.approved().aggregate(latest=Max("updated_at"))["latest"]


class ExhibitionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Exhibition.objects.published().only("slug").order_by("-start_date", "pk")

    def location(self, item):
        return reverse("public:exhibition-detail", args=[item.slug])


class PrisonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Prison.objects.filter(is_active=True).only("slug").order_by("name", "pk")

    def location(self, item):
        return reverse("public:prison-detail", args=[item.slug])


SITEMAPS = {
    "pages": StaticPageSitemap,
    "products": ProductSitemap,
    "exhibitions": ExhibitionSitemap,
    "prisons": PrisonSitemap,
}
