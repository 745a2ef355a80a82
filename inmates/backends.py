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
        """Django's check; when no account has the username exactly, the one account whose
        username differs only in case ("Petugas.Cipinang": a phone keyboard's capital, found by a
        new user's probe). Two such accounts: neither (exact spelling needed)."""
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None or not isinstance(username, str) or not username:
            return user
        model = get_user_model()
        field = model.USERNAME_FIELD
        spellings = list(model._default_manager.filter(**{f"{field}__iexact": username}).values_list(field, flat=True)[:2])
        if len(spellings) != 1 or spellings[0] == username:
            return None
        return super().authenticate(request, username=spellings[0], password=password, **kwargs)

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("officer_profile__prison")
        user = users.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
