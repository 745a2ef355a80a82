"""The back office's admin site: Django's, with the list of apps and models made only when a page
shows it, and every ModelAdmin checking the ids and filters it is sent (config/admin_input.py).

Django puts ``available_apps`` (every model the user may see, with its URLs and permissions) into
the context of every admin page, for the navigation sidebar. Etalase turns the sidebar off
(config/urls.py), so on a changelist that list was made and never read: about a tenth of the
product changelist's time at national scale. Here it is a lazy value, made on first use; the
index and app pages build their own list as before.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject


class EtalaseAdminSite(AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        """Every ModelAdmin gets ``config.admin_input.AdminInputChecksMixin`` first in line, and
        the row checkbox written directly (``LeanActionCheckboxMixin``: Django draws it through
        the widget templates, a sixth of a 100-row list's time)."""
        from django.contrib.admin import ModelAdmin

        from config.admin_input import AdminInputChecksMixin
        from inmates.admin_utils import LeanActionCheckboxMixin

        admin_class = admin_class or ModelAdmin
        mixins = tuple(
            mixin
            for mixin in (AdminInputChecksMixin, LeanActionCheckboxMixin)
            if not issubclass(admin_class, mixin)
        )
        if mixins:
            admin_class = type(
                admin_class.__name__,
                (*mixins, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        """Django's rule (an active staff account), and never for an account with the prison-officer
        role: an officer works in the portal, within their prison. A review found an account given
        both that role and a back-office role listing every prison's inquiries in the admin."""
        from inmates.roles import PRISON_OFFICER, has_role

        return super().has_permission(request) and not has_role(request.user, PRISON_OFFICER)

    def autocomplete_view(self, request):
        from config.admin_autocomplete import AutocompleteView

        return AutocompleteView.as_view(admin_site=self)(request)

    def each_context(self, request):
        request._admin_app_list_lazy = True
        try:
            return super().each_context(request)
        finally:
            del request._admin_app_list_lazy

    def get_app_list(self, request, app_label=None):
        if app_label is None and getattr(request, "_admin_app_list_lazy", False):
            # Asked for by each_context: made when (if ever) a template reads it.
            return SimpleLazyObject(lambda: super(EtalaseAdminSite, self).get_app_list(request))
        return super().get_app_list(request, app_label)


class EtalaseAdminConfig(AdminConfig):
    """Replaces ``django.contrib.admin`` in INSTALLED_APPS, so that ``admin.site`` (and every
    ``@admin.register``) is an :class:`EtalaseAdminSite`."""

    default_site = "config.admin_site.EtalaseAdminSite"

    def ready(self):
        from django.contrib.admin import options
        from django.db import models

        from config import date_input
        from config.admin_input import (
            AdminWholeNumberWidget,
            MinuteSplitDateTimeWidget,
            MinuteTimeWidget,
            PickerRelatedWidgetWrapper,
        )
        from inmates.form_fields import RupiahField, WholeNumberField

        # Before autodiscover imports the apps' forms: a date field made then keeps the message
        # it was made with (the follow-up form said "Tanggal tidak valid." without an example,
        # found by a bad-input probe). InmatesConfig.ready calls it too, for a site without admin.
        date_input.install()
        # Every admin form and inline: a time of day reads 09.00, not 09.00.00 (see the widgets).
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.TimeField]["widget"] = MinuteTimeWidget
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = MinuteSplitDateTimeWidget
        # Every money column (all are whole rupiah): "12.500.000" is twelve and a half million,
        # not refused, and "150.000" not a hundred and fifty (Django's integer box).
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.PositiveBigIntegerField] = {"form_class": RupiahField}
        # Every other integer column (quantities, counts, quotas): "1.000" is a thousand, not
        # one (Django's integer box drops a trailing ".000"), and "1,5" is refused saying why.
        # Columns with choices keep their select.
        whole_number = {"form_class": WholeNumberField, "widget": AdminWholeNumberWidget}
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.IntegerField] = whole_number
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.BigIntegerField] = dict(whole_number)
        # Every related-row picker: no "delete the chosen row" link (see the class).
        options.widgets.RelatedFieldWidgetWrapper = PickerRelatedWidgetWrapper
        super().ready()  # after: the ModelAdmins made by autodiscover copy those defaults
