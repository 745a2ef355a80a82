"""Form widgets written in Python instead of through Django's widget templates, for forms that
repeat one field many times: the exhibition page's booth rows each offer every accepted
delegation, 60 booths x 66 delegations = 4,000 options, and Django includes one template per
option (half a second). The markup is Django's own, byte for byte
(``tests/test_lean_widgets.py`` renders both ways and compares)."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: True is a bare name, False is left out.
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class LeanSelect(forms.Select):
    """``forms.Select`` with the same HTML as django/forms/widgets/select.html and
    select_option.html, written directly."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n'
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703  (every part escaped above)
