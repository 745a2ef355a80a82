"""The portal's access rules, in one place: every portal view uses these mixins.

- anonymous users are sent to the login page;
- a signed-in user who is not a prison officer (no OfficerProfile) gets 403;
- an officer sees only rows of their own prison: querysets start from ``prison_scope`` so an id
  of another prison's row is simply not found (404), never shown as "forbidden".
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from inmates.scoping import officer_prison_id, prison_scope


class OfficerRequiredMixin(LoginRequiredMixin):
    """Sets ``request.prison`` to the officer's prison, or refuses (302 to login / 403). The
    page is worked out and drawn on the prison's clock (``Prison.tzinfo``): its times, and
    "today" for dates that may not lie ahead."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if officer_prison_id(request.user) is None:
            raise PermissionDenied
        request.prison = request.user.officer_profile.prison
        with timezone.override(request.prison.tzinfo):
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                response.render()  # a template response is drawn later, outside this clock
        return response


class PrisonScopedMixin(OfficerRequiredMixin):
    """For list/detail/update views: ``get_queryset`` is the model's rows of the officer's prison.

    ``prison_field`` is the lookup path from the model to Prison (e.g. ``"training__prison"``).
    """

    prison_field = "prison"

    def get_queryset(self) -> QuerySet:
        return prison_scope(super().get_queryset(), self.request.user, prison_field=self.prison_field)


class JurorRequiredMixin(LoginRequiredMixin):
    """For the jury pages. Jurors are not prison officers: anonymous users are sent to the login
    page, a signed-in user who neither has the Juri role nor sits on a competition's jury gets
    403. Ministry staff may sit on a jury (``exhibitions.models.juror_candidates``): a staff
    member so chosen was refused here and could score nowhere (found by a ministry-staff probe).
    Views take entries from ``exhibitions.selectors.juror_entries``, so an entry not assigned to
    the juror is 404."""

    def dispatch(self, request, *args, **kwargs):
        from inmates.roles import sits_on_a_jury

        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not (request.user.is_active and sits_on_a_jury(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
