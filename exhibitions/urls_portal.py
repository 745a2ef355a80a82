from django.urls import path

from exhibitions.views import portal

urlpatterns = [
    path("pameran/", portal.ApplicationListView.as_view(), name="application-list"),
    path("pameran/<slug:slug>/daftar/", portal.ApplicationCreateView.as_view(), name="application-create"),
    path("pameran/produk/cari/", portal.ExhibitProductSearchView.as_view(), name="exhibit-product-search"),
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

# Sales desk (market-trial sales at a booth): officers of the booth's prison and ministry staff.
urlpatterns += [
    path("kasir/", portal.SalesDeskListView.as_view(), name="sales-desk-list"),
    path("stan/<int:pk>/kasir/", portal.SalesDeskView.as_view(), name="sales-desk"),
    path("stan/<int:pk>/kasir/catat/", portal.SalesDeskRecordView.as_view(), name="sales-desk-record"),
    path(
        "stan/<int:pk>/kasir/koreksi/<int:sale>/",
        portal.SaleReverseView.as_view(),
        name="sales-desk-reverse",
    ),
]

# Stock brought to the fair (officers of the delegation's prison) and the jury (Juri group).
urlpatterns += [
    path("stok/", portal.StockListView.as_view(), name="stock-list"),
    path("stok/<int:pk>/", portal.StockUpdateView.as_view(), name="stock-update"),
    path("juri/", portal.JuryListView.as_view(), name="jury-list"),
    path("juri/peserta/<int:pk>/", portal.JuryEntryView.as_view(), name="jury-entry"),
    path("juri/lomba/<int:pk>/hasil/", portal.JuryResultsView.as_view(), name="jury-results"),
]
