"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from exhibitions.models import Delegation
from inmates.portal import OfficerRequiredMixin
from programs.selectors import CURATOR_FEEDBACK_DAYS, portal_dashboard


# What an officer reads next to an exhibition they applied to.
APPLICATION_STATE_LABELS = {
    Delegation.Status.APPLIED: _("Sudah mendaftar, menunggu keputusan"),
    Delegation.Status.ACCEPTED: _("Diterima sebagai peserta"),
    Delegation.Status.REJECTED: _("Pendaftaran ditolak"),
}


class DashboardView(OfficerRequiredMixin, TemplateView):
    """The officer's start page: their prison's numbers and what needs their attention."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(portal_dashboard(user=self.request.user))
        context["prison"] = self.request.prison
        context["feedback_days"] = CURATOR_FEEDBACK_DAYS
        for exhibition in context["exhibitions"]:
            status = exhibition.my_delegation_status
            # A withdrawn application may be made again while registration is open.
            exhibition.has_applied = status is not None and status != Delegation.Status.WITHDRAWN
            exhibition.my_delegation_label = APPLICATION_STATE_LABELS.get(status, "")
        return context
