"""The one place that decides which prison's rows a user may see.

Every portal and admin queryset of prison-owned data goes through ``prison_scope``: staff of
the ministry and of the corrections directorate see all prisons, a prison officer only the prison
of their OfficerProfile, and anybody else nothing. Other prisons' rows are therefore simply not
found (404), never "forbidden but listed".
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from inmates.roles import PRISON_OFFICER, has_role, sees_all_prisons


def officer_prison_id(user) -> int | None:
    """The id of the prison an officer belongs to, or None: not signed in, inactive, without the
    prison-officer role (removing the role revokes access), or without an OfficerProfile."""
    if not user.is_authenticated or not user.is_active or not has_role(user, PRISON_OFFICER):
        return None
    profile = _officer_profile(user)
    return profile.prison_id if profile is not None else None


def _officer_profile(user):
    """``user.officer_profile`` with its prison, read once per request: the first read fetches
    both in one query (the portal shows the prison on every page), later reads are cached on
    ``user``. None if the user has no profile."""
    from inmates.models import OfficerProfile

    if not OfficerProfile.user.field.remote_field.is_cached(user):
        profile = OfficerProfile.objects.select_related("prison").filter(user=user).first()
        if profile is None:
            return None
        user.officer_profile = profile  # caches it on both sides; nothing is saved
    try:
        return user.officer_profile
    except ObjectDoesNotExist:
        return None


def prison_scope(queryset: QuerySet, user, *, prison_field: str = "prison") -> QuerySet:
    """Narrow ``queryset`` to the rows ``user`` may see; ``prison_field`` is the lookup path to Prison."""
    if sees_all_prisons(user):
        return queryset
    prison_id = officer_prison_id(user)
    if prison_id is None:
        return queryset.none()
    return queryset.filter(**{prison_field: prison_id})
