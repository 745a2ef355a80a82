from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class LanguageMiddleware:
    """Indonesian first: the language is the one the visitor chose (the language cookie set by
    django.views.i18n.set_language), otherwise Indonesian, whatever the browser's Accept-Language.
    Django's LocaleMiddleware would switch an English browser to English unasked.

    A response that is the same in every language (a public photo) says so with
    ``response.same_in_every_language = True``: it then does not vary by cookie, so shared caches
    keep one copy for everybody."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # Don't leave this request's language active in the thread for whatever runs next.
            translation.deactivate()
        if not getattr(response, "same_in_every_language", False):
            patch_vary_headers(response, ("Cookie",))
            response.headers.setdefault("Content-Language", language)
        return response


class PrivatePagesMiddleware:
    """The portal's and the admin's pages name inmates (legal names, registration numbers): no
    browser history, back-forward cache or proxy may keep a copy. Django's admin views say so
    already; this says it for every page under those paths, in one place."""

    PREFIXES = ("/portal/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIXES) and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
