from django.urls import path

from programs.views import portal

urlpatterns = [
    path("", portal.DashboardView.as_view(), name="dashboard"),
]

# Certificates of the officer's prison, the follow-up of released participants, the aid received.
urlpatterns += [
    path("sertifikat/", portal.CertificateListView.as_view(), name="certificate-list"),
    path("sertifikat/<int:pk>/pdf/", portal.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("pemantauan/", portal.FollowUpListView.as_view(), name="followup-list"),
    path("bantuan/", portal.AidListView.as_view(), name="aid-list"),
    path("pemantauan/<int:pk>/catat/", portal.FollowUpCreateView.as_view(), name="followup-create"),
]

# Trainings (Bimtek) of the officer's prison: proposals and attendance.
urlpatterns += [
    path("pelatihan/", portal.TrainingListView.as_view(), name="training-list"),
    path("pelatihan/<int:pk>/", portal.TrainingDetailView.as_view(), name="training-detail"),
    path("pelatihan/<int:pk>/usulkan/", portal.TrainingProposeView.as_view(), name="training-propose"),
    path(
        "pelatihan/<int:pk>/usulkan/cari/",
        portal.TrainingProposeSearchView.as_view(),
        name="training-propose-search",
    ),
    path("pelatihan/<int:pk>/kehadiran/", portal.TrainingAttendanceView.as_view(), name="training-attendance"),
    path(
        "pelatihan/peserta/<int:pk>/mundur/",
        portal.TrainingParticipantWithdrawView.as_view(),
        name="training-participant-withdraw",
    ),
]
