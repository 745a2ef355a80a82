"""The benchmark's baseline: the cheapest page Django can serve through the project's whole
middleware stack. Wired in config/urls.py only when settings.BENCH_TRIVIAL (env BENCH_TRIVIAL=1)."""

from django.http import HttpResponse
from django.urls import path


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("trivial/", trivial, name="bench-trivial")]
