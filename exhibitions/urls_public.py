from django.urls import path

from exhibitions.views import public

urlpatterns = [
    path("pameran/", public.exhibition_list, name="exhibition-list"),
    path("pameran/<slug:slug>/", public.exhibition_detail, name="exhibition-detail"),
    path("pameran/<slug:slug>/kalender.ics", public.exhibition_ics, name="exhibition-ics"),
    path(
        "pameran/<slug:slug>/acara/<int:pk>/kalender.ics",
        public.programme_item_ics,
        name="programme-item-ics",
    ),
]

# Visitor feedback from the QR code on a booth label.
urlpatterns += [
    path("pameran/<slug:slug>/masukan/", public.feedback, name="feedback"),
    path("pameran/<slug:slug>/masukan/terima-kasih/", public.feedback_thanks, name="feedback-thanks"),
]
