"""The sign-in backend: Django's ModelBackend, with the user of every signed-in request read in
one query together with the officer profile and its prison.

``get_user`` runs once per request for a signed-in user; ``inmates.scoping`` then reads the
officer profile on every portal page and for every scoped queryset, so reading both at once saves
a query on every signed-in page. (Roles stay a query of their own in ``inmates.roles``: asking for
them in the same statement made it slower to plan than two plain ones.)
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EtalaseBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        """Django's check, where the account is the one with the username exactly or else the
        one account whose username differs only in case ("Petugas.Cipinang": a phone keyboard's
        capital, found by a new user's probe; two such accounts: neither, the exact spelling is
        needed). One password hash whatever happens, as Django's own check does for an unknown
        name: a name that exists in other capitals must not answer slower than one that does not
        (found by a security probe)."""
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = self._account(model, username)
        if user is None:
            model().set_password(password)  # the time of a real check, for nobody
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def _account(model, username):
        manager = model._default_manager
        try:
            return manager.get_by_natural_key(username)
        except model.DoesNotExist:
            pass
        field = model._meta.get_field(model.USERNAME_FIELD)
        if not isinstance(username, str) or not username or len(username) > (field.max_length or 150):
            # No account has it; SQLite refuses a LIKE pattern thousands of characters long (a
            # fuzz test's 503).
            return None
        found = list(manager.filter(**{f"{model.USERNAME_FIELD}__iexact": username})[:2])
        return found[0] if len(found) == 1 else None

    def get_user(self, user_id):
        # The prison's region too: its province gives the officer's clock (``Prison.tzinfo``).
        users = get_user_model()._default_manager.select_related("officer_profile__prison__region")
        user = users.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
