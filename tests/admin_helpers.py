"""Helpers for posting admin forms in tests as a browser would."""

import datetime

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.urls import reverse


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _widget(field):
    widget = field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def _encode(widget, value):
    if isinstance(value, (datetime.date, datetime.time)):
        return widget.format_value(value) or ""
    return "" if value is None else str(value)


def _form_data(form, data: dict) -> None:
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, forms.FileField):
            continue
        key = form.add_prefix(name)
        value = form[name].value()
        widget = _widget(field)
        if isinstance(field, forms.NullBooleanField):
            encoded = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field, forms.BooleanField):
            if not value:
                continue
            encoded = "on"
        elif isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
            for index, (subwidget, part) in enumerate(zip(widget.widgets, parts)):
                data[f"{key}_{index}"] = _encode(subwidget, part)
            continue
        elif isinstance(value, (list, tuple)):
            encoded = [str(v) for v in value]
        else:
            encoded = _encode(widget, value)
        data[key] = encoded
        if field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = encoded


def changeform_data(response) -> dict:
    """The POST data of an admin add/change page as rendered (main form and every inline)."""
    data: dict = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    return data


def action_data(action: str, objects, **extra) -> dict:
    """POST data of a changelist action on ``objects``."""
    return {"action": action, "_selected_action": [str(obj.pk) for obj in objects], "index": "0", **extra}
