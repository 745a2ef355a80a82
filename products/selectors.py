"""Reads for products. ``public_*`` selectors return only what the public may see."""

from django.db.models import Count, Prefetch, Q, QuerySet

from products.models import Category, Product, ProductImage


def public_product_list() -> QuerySet[Product]:
    """Approved products with what a product card needs, in one query plus one image prefetch."""
    return (
        Product.objects.approved()
        .select_related("category", "prison", "prison__region")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
        )
    )


def public_featured_products(*, limit: int = 8) -> list[Product]:
    featured = list(public_product_list().filter(is_featured=True).order_by("-created_at")[:limit])
    if len(featured) < limit:
        exclude = [p.pk for p in featured]
        featured += list(
            public_product_list().exclude(pk__in=exclude).order_by("-created_at")[: limit - len(featured)]
        )
    return featured


def public_category_list() -> QuerySet[Category]:
    return Category.objects.annotate(
        approved_count=Count("products", filter=Q(products__status=Product.Status.APPROVED))
    ).order_by("position", "name_id")
