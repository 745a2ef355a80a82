"""Participants (peserta) in the portal: list, register, detail, consent, release, transfer, import."""

from django.urls import path

from inmates.views import portal as views

urlpatterns = [
    path("peserta/", views.InmateListView.as_view(), name="inmate-list"),
    path("peserta/baru/", views.InmateCreateView.as_view(), name="inmate-create"),
    path("peserta/impor/", views.InmateImportView.as_view(), name="inmate-import"),
    path("peserta/impor/templat/", views.InmateImportTemplateView.as_view(), name="inmate-import-template"),
    path("peserta/<int:pk>/", views.InmateDetailView.as_view(), name="inmate-detail"),
    path("peserta/<int:pk>/ubah/", views.InmateUpdateView.as_view(), name="inmate-update"),
    path("peserta/<int:pk>/persetujuan/", views.InmateConsentView.as_view(), name="inmate-consent"),
    path(
        "peserta/<int:pk>/persetujuan/cabut/",
        views.InmateConsentWithdrawView.as_view(),
        name="inmate-consent-withdraw",
    ),
    path("peserta/<int:pk>/bebas/", views.InmateReleaseView.as_view(), name="inmate-release"),
    path("peserta/<int:pk>/batal-status/", views.InmateStatusUndoView.as_view(), name="inmate-status-undo"),
    path("peserta/<int:pk>/pindah/", views.InmateTransferView.as_view(), name="inmate-transfer"),
]
