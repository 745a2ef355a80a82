from django.urls import path

from products.views import portal

urlpatterns = [
    path("produk/", portal.ProductListView.as_view(), name="product-list"),
    path("produk/baru/", portal.ProductCreateView.as_view(), name="product-create"),
    path("produk/pembuat/cari/", portal.MakerSearchView.as_view(), name="maker-search"),
    path("produk/<int:pk>/ubah/", portal.ProductUpdateView.as_view(), name="product-update"),
    path("produk/<int:pk>/arsipkan/", portal.ProductArchiveView.as_view(), name="product-archive"),
    path(
        "produk/<int:pk>/batalkan-perubahan/",
        portal.ProductRevisionDiscardView.as_view(),
        name="product-revision-discard",
    ),
]
