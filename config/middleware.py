import codecs

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


class MethodsMiddleware:
    """HTTP methods, in one place for the whole site:

    - only GET, HEAD, POST and OPTIONS reach a view (nothing here takes PUT, DELETE, PATCH,
      TRACE or invented methods; a page view would otherwise answer them with the page);
    - a 405 (a method the page does not take, e.g. a bookmarked POST-only address) is a page in
      the visitor's language with a way on, not an empty answer the browser shows as its own error.
    """

    ALLOWED = frozenset({"GET", "HEAD", "POST", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseNotAllowed

        if request.method not in self.ALLOWED:
            response = HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        else:
            response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            from django.template.loader import render_to_string

            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class FormEncodingMiddleware:
    """A form sent in another encoding than UTF-8 (``charset=latin-1`` in its Content-Type, or a
    charset nobody knows) is answered 400, a page in the visitor's language. Django refuses such a
    body when it is read; the CSRF check reads it first, and its failure page and then the error
    page read it again, so the visitor got a bare 500 (found by a security probe). Before the CSRF
    middleware, inside the language's."""

    FORMS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in self.FORMS and not self._readable(request):
            from django.http import HttpResponseBadRequest
            from django.template.loader import render_to_string

            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)

    @staticmethod
    def _readable(request) -> bool:
        charset = request.content_params.get("charset")
        if not charset:
            return True
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            return False
        # Django reads a multipart body in the charset it names; a urlencoded one only as UTF-8.
        return name == "utf-8" or request.content_type == "multipart/form-data"
