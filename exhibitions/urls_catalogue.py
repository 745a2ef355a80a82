"""Public catalogue, product pages and buyer inquiries (included under the "public" namespace)."""

from django.urls import path

from exhibitions.views import catalogue

urlpatterns = [
    path("produk/", catalogue.product_list, name="product-list"),
    path("produk/<slug:slug>/", catalogue.product_detail, name="product-detail"),
    path("pameran/<slug:slug>/tanya/", catalogue.exhibition_inquiry, name="exhibition-inquiry"),
    path("permintaan/terkirim/", catalogue.inquiry_thanks, name="inquiry-thanks"),
]
