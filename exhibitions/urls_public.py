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
