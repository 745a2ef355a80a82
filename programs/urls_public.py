from django.urls import path

from programs.views import public

urlpatterns = [
    path("lapas/", public.prison_list, name="prison-list"),
    path("lapas/<slug:slug>/", public.prison_detail, name="prison-detail"),
    path("sertifikat/verifikasi/", public.certificate_verify_form, name="certificate-verify-form"),
    path("sertifikat/verifikasi/<str:code>/", public.certificate_verify, name="certificate-verify"),
]
