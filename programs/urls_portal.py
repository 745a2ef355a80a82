from django.urls import path

from programs.views import portal

urlpatterns = [
    path("", portal.DashboardView.as_view(), name="dashboard"),
]
