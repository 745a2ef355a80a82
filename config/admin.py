"""The back-office pages of the login throttling (django-axes), registered here instead of by axes
(AXES_ENABLE_ADMIN is off) so that they follow the accounts' permissions, not permissions of
their own that no role holds: whoever may view user accounts sees the failed attempts and the
logins; whoever may change accounts may lift a lock-out (by deleting the attempt row), exactly as
they may reset the password. Nobody adds or edits these rows: axes writes them.
"""

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters


class _FollowsUserPermissions:
    def get_changelist_instance(self, request):
        # A date out of range in the query string (?attempt_time__year=-1, or a year too big for
        # the database) fails only when the list is counted: answer it as Django answers any other
        # bad filter (the list again with ?e=1), not with a server error.
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc

    def has_module_permission(self, request):
        return request.user.has_perm("auth.view_user")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("auth.view_user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class LoginAttemptAdmin(_FollowsUserPermissions, AccessAttemptAdmin):
    """Failed logins per username and address; a row at the limit is a lock-out. Deleting the row
    lifts it at once (the "delete selected" action). Axes' own clean-up action is left out: expired
    rows are already removed at every login attempt."""

    actions = []

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("auth.change_user")


@admin.register(AccessLog)
class LoginLogAdmin(_FollowsUserPermissions, AccessLogAdmin):
    """Successful logins and logouts (time, address, browser): an audit trail, never edited."""

    def has_delete_permission(self, request, obj=None):
        return False
