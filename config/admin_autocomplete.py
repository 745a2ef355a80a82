"""The admin's search-as-you-type boxes. An inmate is offered with their prison: the same name
can live in several prisons, and a training's participants must come from its own (a probe
picked a Tangerang inmate for a Cipinang training from a list that did not say where anyone was).
A product likewise, with its status when not approved; and for an exhibition's boxes (a
delegation's products, a stock line, a competition entry, a sale) only approved products are
offered (a probe picked another prison's draft for a delegation)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignObjectRel


class AutocompleteView(AutocompleteJsonView):
    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        # Django accepts the far side of a relation as the field (field_name=products on an
        # inmate) and then fails reading its choices (a server error, found by an attacker probe);
        # no box of ours is one: refused as any other wrong name is.
        if isinstance(source_field, ForeignObjectRel):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        queryset = super().get_queryset()
        label = queryset.model._meta.label
        if label in ("inmates.Inmate", "products.Product"):
            queryset = queryset.select_related("prison")  # one query for the page of results
        if label == "products.Product" and self.source_field.model._meta.app_label == "exhibitions":
            queryset = queryset.filter(status=queryset.model.Status.APPROVED, revision_of__isnull=True)
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if obj._meta.label == "inmates.Inmate":
            result["text"] = f"{obj} · {obj.prison.name}"
        elif obj._meta.label == "products.Product":
            status = "" if obj.status == obj.Status.APPROVED else f" · {obj.get_status_display()}"
            result["text"] = f"{obj} · {obj.prison.name}{status}"
        return result
