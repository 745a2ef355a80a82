"""Back-office pages of an exhibition's results, added to ExhibitionAdmin by ``ExhibitionReportsMixin``:

- ``laporan/``: the exhibitions, each with its report, booth labels and sales desks;
- ``<id>/laporan/``: the report (sales, revenue split, visitors, feedback, inquiries, the previous
  edition), each table downloadable with ``?table=<name>&format=csv|xlsx``;
- ``<id>/label-stan/`` and ``<id>/label-stan.pdf``: the printable booth labels (all, or one
  delegation's with ``?delegasi=<id>``).

Whoever may view the exhibition in the admin may open them.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exhibitions.labels import exhibition_labels, labels_pdf
from exhibitions.models import Delegation, Exhibition, Sale
from exhibitions.reports import exhibition_report, report_table_response, report_workbook_response
from exhibitions.selectors import sale_total_aggregates
from inmates.admin_utils import not_in_csv
from inmates.exports import FORMATS
from products.models import Product


class ExhibitionReportsMixin:
    change_form_template = "admin/exhibitions/report_change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        info = self.opts.app_label, self.opts.model_name
        return [
            path("laporan/", view(self.report_index_view), name="%s_%s_reports" % info),
            path("<path:object_id>/laporan/", view(self.report_view), name="%s_%s_report" % info),
            path("<path:object_id>/label-stan/", view(self.labels_view), name="%s_%s_labels" % info),
            path("<path:object_id>/label-stan.pdf", view(self.labels_pdf_view), name="%s_%s_labels_pdf" % info),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        return (*super().get_list_display(request), "result_links")

    @not_in_csv
    @admin.display(description=gettext_lazy("hasil"))
    def result_links(self, obj):
        info = self.opts.app_label, self.opts.model_name
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:%s_%s_report" % info, args=[obj.pk], current_app=self.admin_site.name),
            _("Laporan"),
            reverse("admin:%s_%s_labels" % info, args=[obj.pk], current_app=self.admin_site.name),
            _("Label stan"),
        )

    def _viewable(self, request, object_id) -> Exhibition:
        exhibition = self.get_object(request, unquote(object_id))
        if exhibition is None:
            raise Http404(_("Pameran tidak ditemukan."))
        if not self.has_view_permission(request, exhibition):
            raise PermissionDenied
        return exhibition

    def _context(self, request, exhibition: Exhibition | None, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "title": title,
            "exhibition": exhibition,
            "original": exhibition,
            "has_view_permission": True,
            **extra,
        }

    def report_index_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Transactions net of corrections, as the report counts them: a corrected sale and its
        # reversal make nought (found by a ministry-staff probe: the index said 10 where the
        # report said 8). A subquery, so the count of delegations is not multiplied by the sales.
        transactions = (
            Sale.objects.filter(exhibition=OuterRef("pk"))
            .order_by()
            .values("exhibition")
            .annotate(n=sale_total_aggregates()["sale_count"])
            .values("n")[:1]
        )
        exhibitions = Exhibition.objects.annotate(
            accepted=Count("delegations", filter=Q(delegations__status=Delegation.Status.ACCEPTED), distinct=True),
            transactions=Coalesce(Subquery(transactions, output_field=IntegerField()), Value(0)),
        ).order_by("-start_date", "-pk")
        context = self._context(request, None, _("Laporan pameran"), exhibitions=exhibitions)
        return TemplateResponse(request, "admin/exhibitions/report_index.html", context)

    def report_view(self, request, object_id):
        exhibition = self._viewable(request, object_id)
        # Buyers' names only for whoever may read the inquiries (not Ditjen PAS: inmates.roles).
        report = exhibition_report(
            exhibition=exhibition, with_buyers=request.user.has_perm("exhibitions.view_inquiry")
        )
        table = request.GET.get("table")
        if table == "semua":  # every table, one workbook
            return report_workbook_response(report=report)
        if table is not None:
            if table not in report.tables:
                raise Http404(_("Tabel laporan tidak dikenal."))
            fmt = request.GET.get("format", "csv")
            if fmt not in FORMATS:
                return HttpResponseBadRequest(_("Format unduhan harus csv atau xlsx."))
            return report_table_response(report=report, name=table, fmt=fmt)
        context = self._context(
            request,
            exhibition,
            _("Laporan: %(title)s") % {"title": exhibition.title},
            report=report,
            formats=FORMATS,
        )
        return TemplateResponse(request, "admin/exhibitions/report.html", context)

    def labels_view(self, request, object_id):
        exhibition = self._viewable(request, object_id)
        approved = Q(products__status=Product.Status.APPROVED, products__revision_of__isnull=True)
        delegations = (
            exhibition.delegations.filter(status=Delegation.Status.ACCEPTED)
            .annotate(label_count=Count("products", filter=approved, distinct=True))
            .prefetch_related("booths")
            .order_by("name", "pk")
        )
        delegations = sorted(
            delegations, key=lambda d: (not d.booths.all(), min((b.code for b in d.booths.all()), default=""), d.name)
        )
        context = self._context(
            request,
            exhibition,
            _("Label stan: %(title)s") % {"title": exhibition.title},
            delegations=delegations,
            label_total=sum(d.label_count for d in delegations),
        )
        return TemplateResponse(request, "admin/exhibitions/labels.html", context)

    def labels_pdf_view(self, request, object_id):
        exhibition = self._viewable(request, object_id)
        delegation = None
        chosen = request.GET.get("delegasi")
        if chosen:
            # isdecimal, not isdigit: "²" is a digit that int() refuses (a server error).
            delegation = exhibition.delegations.filter(pk=chosen if chosen.isdecimal() else None).first()
            if delegation is None:
                raise Http404(_("Delegasi tidak ditemukan."))
        base_url = request.build_absolute_uri("/").rstrip("/")
        labels = exhibition_labels(exhibition=exhibition, base_url=base_url, delegation=delegation)
        pdf = labels_pdf(exhibition=exhibition, labels=labels)
        name = slugify(f"label-stan-{exhibition.slug}" + (f"-{delegation.name}" if delegation else "")) or "label-stan"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
