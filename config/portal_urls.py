"""The prison officers' portal at /portal/: every URL here is named ``portal:<name>``.

Each app adds its portal views through its own ``urls_portal`` module.
"""

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("", include("programs.urls_portal")),
    path("", include("inmates.urls_portal")),
    path("", include("products.urls_portal")),
    path("", include("exhibitions.urls_portal")),
]
