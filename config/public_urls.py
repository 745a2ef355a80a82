"""The public showcase: every URL here is named ``public:<name>``."""

from django.urls import include, path
from django.views.decorators.http import require_safe

from config.views import about

app_name = "public"

urlpatterns = [
    path("", include("products.urls_public")),
    path("", include("exhibitions.urls_catalogue")),
    path("", include("exhibitions.urls_public")),
    path("", include("inmates.urls_public")),
    path("", include("programs.urls_public")),
    path("tentang/", require_safe(about), name="about"),
]
