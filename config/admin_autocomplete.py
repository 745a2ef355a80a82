"""The admin's search-as-you-type boxes. An inmate is offered with their prison: the same name
can live in several prisons, and a training's participants must come from its own (a probe
picked a Tangerang inmate for a Cipinang training from a list that did not say where anyone was)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class AutocompleteView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model._meta.label == "inmates.Inmate":
            queryset = queryset.select_related("prison")  # one query for the page of results
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if obj._meta.label == "inmates.Inmate":
            result["text"] = f"{obj} · {obj.prison.name}"
        return result
