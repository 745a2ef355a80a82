import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from config import health, media, views
from programs.sitemaps import SITEMAPS

admin.site.site_header = _("Administrasi Etalase")
admin.site.site_title = _("Etalase")
admin.site.index_title = _("Dasbor")
# The changelists need the width more than a second menu does.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", views.favicon),
    # Database and storage status for monitors (config/health.py): no sign-in, never cached.
    path("healthz", health.healthz, name="healthz"),
    # A sitemap index, and each section in pages of SITEMAP_PAGE_SIZE addresses (programs/sitemaps.py).
    path(
        "sitemap.xml",
        require_safe(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),  # GET, HEAD
    path(
        "sitemap-<section>.xml", require_safe(sitemaps.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", views.PasswordChangeView.as_view(), name="password-change"),
    path("admin/", admin.site.urls),
    path("portal/", include("config.portal_urls")),
    # Uploads, in every environment: each file only to whoever may see it (config/media.py).
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)\Z", media.serve, name="media"),
    path("", include("config.public_urls")),
]

# A query that fails outside a view (e.g. saving the session) while the database is down: 503,
# not 500 (config/outage.py).
handler500 = "config.outage.server_error"
# A refused page says whom it is for and leads a signed-in user back to their own work.
handler403 = "config.views.permission_denied"

if settings.BENCH_TRIVIAL:  # benchmark only (bench/run.py): the baseline view
    urlpatterns.append(path("bench/", include("bench.urls")))
