from django.urls import path

from exhibitions.views import portal

urlpatterns = [
    path("pameran/", portal.ApplicationListView.as_view(), name="application-list"),
    path("pameran/<slug:slug>/daftar/", portal.ApplicationCreateView.as_view(), name="application-create"),
    path("pameran/pendaftaran/<int:pk>/", portal.ApplicationDetailView.as_view(), name="application-detail"),
    path(
        "pameran/pendaftaran/<int:pk>/ubah/",
        portal.ApplicationUpdateView.as_view(),
        name="application-update",
    ),
    path(
        "pameran/pendaftaran/<int:pk>/batalkan/",
        portal.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path("permintaan/", portal.InquiryListView.as_view(), name="inquiry-list"),
    path("permintaan/<int:pk>/", portal.InquiryDetailView.as_view(), name="inquiry-detail"),
]
