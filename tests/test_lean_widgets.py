"""``config.lean_widgets.LeanSelect`` writes exactly what Django's Select templates write."""

import re

import pytest
from django import forms

from config.lean_widgets import LeanSelect
from exhibitions.models import Booth, Delegation
from tests import factories

CHOICES = [
    ("", "---------"),
    (1, "Kanwil DKI Jakarta"),
    ("2", 'Lapas "Cipinang" & <Rutan>'),
    ("Bali", [(3, "Lapas Kerobokan"), (4, "LPKA Karangasem")]),
    (5, "Kanwil Papua"),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", 4, "404", ["1", "5"]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_x"}, {"id": "id_x", "required": True, "disabled": False, "data-note": 'a "b" & c'}],
)
@pytest.mark.parametrize("multiple", [False, True])
def test_lean_select_is_django_s_markup(value, attrs, multiple):
    django_widget = forms.SelectMultiple(choices=CHOICES) if multiple else forms.Select(choices=CHOICES)
    lean = LeanSelect(choices=CHOICES)
    lean.allow_multiple_selected = multiple
    if multiple:
        lean.attrs = {}
        attrs = {**(attrs or {}), "multiple": True}

    assert lean.render("booths-0-delegation", value, attrs) == django_widget.render("booths-0-delegation", value, attrs)


@pytest.mark.django_db
def test_the_exhibition_page_booth_rows_use_it_with_django_s_markup(staff_client):
    exhibition = factories.make_exhibition()
    accepted = [
        factories.make_delegation(exhibition=exhibition, name=f"Delegasi {name}", status=Delegation.Status.ACCEPTED)
        for name in ("Jawa Barat", "Bali & <NTB>")
    ]
    booth = Booth.objects.create(exhibition=exhibition, delegation=accepted[1], code="A-01")

    response = staff_client.get(f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")

    form = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "booths").formset.forms[0]
    wrapper = form.fields["delegation"].widget
    assert isinstance(wrapper.widget, LeanSelect)
    html = response.content.decode()
    plain = forms.Select(choices=list(form.fields["delegation"].choices))
    attrs = {  # as the admin's wrapper writes them, with the help text under the column title
        "data-context": "available-source",
        "aria-describedby": "id_booths-0-delegation_helptext",
        "id": "id_booths-0-delegation",
    }
    assert plain.render("booths-0-delegation", booth.delegation_id, attrs) in html
    assert "Delegasi Bali &amp; &lt;NTB&gt;</option>" in html


def _exhibition_page(client, exhibition) -> tuple[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    # The CSRF token differs on every page; nothing else may.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html), len(queries)


def _delegations_and_booths(exhibition, count, start=0):
    for i in range(start, start + count):
        delegation = factories.make_delegation(
            exhibition=exhibition,
            name=f"Delegasi {i}",
            region=factories.make_region(),
            prison=factories.make_prison(),
            status=Delegation.Status.ACCEPTED,
        )
        Booth.objects.create(exhibition=exhibition, delegation=delegation, code=f"B-{i:02d}")


@pytest.mark.django_db
def test_exhibition_page_queries_do_not_grow_with_delegations_and_booths(staff_client):
    exhibition = factories.make_exhibition()
    _delegations_and_booths(exhibition, 2)
    _, few = _exhibition_page(staff_client, exhibition)

    _delegations_and_booths(exhibition, 8, start=2)
    html, many = _exhibition_page(staff_client, exhibition)

    assert many == few
    assert html.count('<option value="') >= 10 * 10  # every booth row still offers every delegation


@pytest.mark.django_db
def test_known_related_rows_draw_django_s_own_autocomplete_markup(staff_client, monkeypatch):
    from inmates import admin_utils

    exhibition = factories.make_exhibition()
    _delegations_and_booths(exhibition, 3)
    lean, _ = _exhibition_page(staff_client, exhibition)

    monkeypatch.setattr(admin_utils._AcceptableChoicesOnly, "known_objects", {})
    monkeypatch.setattr(admin_utils.SafeAutocompleteMixin, "get_formset", lambda self, *a, **k: super(admin_utils.SafeAutocompleteMixin, self).get_formset(*a, **k))
    plain, _ = _exhibition_page(staff_client, exhibition)

    assert lean == plain
    assert 'name="delegations-0-prison"' in lean and "selected>Lapas" in lean
