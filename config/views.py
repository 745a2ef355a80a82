from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from exhibitions.selectors import exhibition_current_or_next, public_exhibition_stats
from products.models import Product
from products.selectors import public_category_list, public_featured_products
from programs.models import TrainingParticipant


def home(request):
    now = timezone.now()
    exhibition = exhibition_current_or_next(now=now)
    stats = public_exhibition_stats()
    stats["products"] = Product.objects.approved().count()
    stats["prisons"] = Product.objects.approved().aggregate(n=Count("prison", distinct=True))["n"]
    stats["trained"] = (
        TrainingParticipant.objects.filter(status=TrainingParticipant.Status.CONFIRMED)
        .aggregate(n=Count("inmate", distinct=True))["n"]
    )
    context = {
        "exhibition": exhibition,
        "exhibition_open_now": bool(exhibition and exhibition.is_open_at(now)),
        "featured_products": public_featured_products(limit=8),
        "categories": public_category_list(),
        "stats": stats,
    }
    return render(request, "public/home.html", context)
