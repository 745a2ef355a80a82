from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.fragments import once
from exhibitions.selectors import exhibition_current_or_next, exhibition_public_phase
from products.selectors import public_category_list, public_featured_products
from programs.selectors import public_headline_numbers


def home(request):
    now = timezone.now()
    exhibition = exhibition_current_or_next(now=now)
    context = {
        "exhibition": exhibition,
        "exhibition_phase": exhibition_public_phase(exhibition, now=now) if exhibition else None,
        "exhibition_open_now": bool(exhibition and exhibition.is_open_at(now)),
        # Read only where the page is rendered, not where it comes from the fragment cache.
        "featured_products": once(lambda: list(public_featured_products(limit=8))),
        "categories": once(lambda: list(public_category_list().filter(approved_count__gt=0))),
        "stats": once(public_headline_numbers),
    }
    return render(request, "public/home.html", context)


def about(request):
    """/tentang/: what the programme is, who runs it, how to buy, and what is never shown (found by
    a visitor probe: the footer's two sentences were the only word about it)."""
    return render(request, "public/about.html", {"stats": once(public_headline_numbers)})


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; answer with the real icon.
    return redirect(static("img/favicon.svg"), permanent=True)


class LoginView(auth_views.LoginView):
    """/masuk/: after signing in, to where the user works (the portal, the admin or the jury's
    list; inmates.roles.workspace_url_name), unless the sign-in was asked for a page (?next=)."""

    def get_default_redirect_url(self):
        from inmates.roles import workspace_url_name

        name = workspace_url_name(self.request.user)
        return reverse(name) if name else super().get_default_redirect_url()

    def get_context_data(self, **kwargs):
        # Somebody already signed in who opens /masuk/ (a bookmark, the back button) is told so
        # and given the way to where they work, and may still sign in with another account (a
        # shared office computer); before, the bare form gave no sign of the session.
        from inmates.roles import WORKSPACES, workspace_url_name

        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated:
            name = workspace_url_name(user)
            context["signed_in_as"] = user.get_username()
            context["workspace"] = {"url": reverse(name), "label": WORKSPACES[name]} if name else None
        return context


def permission_denied(request, exception=None):
    """handler403: what the refused page is for, said to whoever asked. A prison officer who
    follows a juror's link is told the page is for jurors (not that "the portal is for prison
    officers"), and a signed-in user gets a way back to where they work
    (inmates.roles.workspace_url_name), not only the public home page."""
    from inmates.roles import JURY, PRISON_OFFICER, WORKSPACES, has_role, workspace_url_name

    user, path = request.user, request.path
    if path.startswith(reverse("admin:index")):
        reason = "admin"
    elif path.startswith(reverse("portal:jury-list")):
        reason = "jury"
    elif not path.startswith(reverse("portal:dashboard")):
        reason = "other"
    elif has_role(user, PRISON_OFFICER):
        reason = "officer-without-prison"  # the role, but no prison: their own portal refuses them
    elif user.is_staff:
        reason = "staff-in-portal"
    elif has_role(user, JURY):
        reason = "juror-in-portal"
    else:
        reason = "portal"
    workspace = None
    name = workspace_url_name(user)
    if name and reason != "officer-without-prison" and reverse(name) != path:
        workspace = {"url": reverse(name), "label": WORKSPACES[name]}
    context = {
        "reason": reason,
        # The portal's and the admin's pages leave these to their own headers; this page needs them.
        "signed_in": user.is_authenticated,
        "workspace": workspace,
    }
    return render(request, "403.html", context, status=403)


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check: mostly a page left open too long (or opened before
    signing in again), or cookies switched off. Nothing was saved; say so and how to go on."""
    return render(request, "403_csrf.html", {"cookies_missing": not request.COOKIES}, status=403)


class PasswordChangeView(auth_views.PasswordChangeView):
    """/akun/sandi/: a signed-in officer or juror changes their own password (found by a new
    officer's probe: the password staff typed when making the account could never be changed, so
    the staff member kept knowing it). Django signs the account's other sessions out; this one
    stays. Staff change theirs in the admin, which has its own page."""

    template_name = "portal/password_change.html"

    def get_success_url(self):
        from inmates.roles import workspace_url_name

        name = workspace_url_name(self.request.user)
        return reverse(name) if name else reverse("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Kata sandi Anda sudah diganti. Sesi di perangkat lain sudah keluar."))
        return response


class LogoutView(auth_views.LogoutView):
    """/keluar/: signing out is a POST (the menus' button). A GET (a bookmark, a typed address)
    asks for confirmation with that button instead of a bare 405; signed out already, home."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("home")
        return render(request, "registration/logout_confirm.html")

    def post(self, request, *args, **kwargs):
        # Said on the page it lands on: on a shared office computer, a person wants to see that
        # they are out (a new user's probe found no word at all).
        signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if signed_in:
            messages.success(request, _("Anda sudah keluar dari Etalase."))
        return response
