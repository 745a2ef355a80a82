"""Admin lists that stay quick at national scale, and still say the right thing.

- Count columns (``inmates.admin_utils.related_count``) are correlated subqueries: the numbers
  are right, zero included, and the column still sorts.
- The participant, certificate and attendance lists offer prisons once a Kanwil is chosen
  (``PrisonInRegionFilter.for_path``), never all 530 as links.
- Every list's row checkbox is written directly (``LeanActionCheckboxMixin``, given to every
  ModelAdmin by the admin site) and is exactly Django's.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.utils import translation

from inmates.admin_utils import LeanActionCheckboxMixin, PrisonInRegionFilter
from inmates.models import Inmate
from products.models import Category
from programs.models import Certificate, TrainingAttendance, TrainingParticipant
from tests import admin_factories, factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _column(response, name: str) -> dict[int, object]:
    cl = response.context["cl"]
    return {row.pk: getattr(row, name) for row in cl.result_list}


def test_category_list_counts_each_category_s_products(staff_client):
    busy, empty = factories.make_category(), factories.make_category()
    for _ in range(3):
        factories.make_product(category=busy)

    response = staff_client.get(admin_url(Category, "changelist") + "?o=5")  # by the count

    counts = _column(response, "product_count")
    assert counts[busy.pk] == 3
    assert counts[empty.pk] == 0  # zero, not an empty cell
    order = [row.pk for row in response.context["cl"].result_list]
    assert order.index(empty.pk) < order.index(busy.pk)


def test_training_list_counts_confirmed_and_waitlisted_participants(staff_client):
    training, other = factories.make_training(), factories.make_training()
    Status = TrainingParticipant.Status
    for status in (Status.CONFIRMED, Status.CONFIRMED, Status.PROPOSED):
        factories.make_participant(training=training, status=status)
    factories.make_participant(training=training, status=Status.WAITLISTED, waitlist_position=1)
    factories.make_participant(training=other, status=Status.CONFIRMED)

    response = staff_client.get(admin_url(training.__class__, "changelist"))

    assert _column(response, "participant_count")[training.pk] == 2
    assert _column(response, "waitlisted_count")[training.pk] == 1
    assert _column(response, "participant_count")[other.pk] == 1
    assert _column(response, "waitlisted_count")[other.pk] == 0


@pytest.mark.parametrize(
    ("model", "path"),
    [
        (TrainingParticipant, "training__prison"),
        (Certificate, "participant__training__prison"),
        (TrainingAttendance, "participant__training__prison"),
    ],
    ids=["participants", "certificates", "attendance"],
)
def test_prison_filter_of_training_lists_waits_for_a_kanwil(staff_client, model, path):
    rows = admin_factories.make_rows(model, 2)
    prison_of = {
        TrainingParticipant: lambda row: row.training.prison,
        Certificate: lambda row: row.participant.training.prison,
        TrainingAttendance: lambda row: row.participant.training.prison,
    }[model]
    mine = prison_of(rows[0])
    other = factories.make_prison()
    region = mine.region

    plain = staff_client.get(admin_url(model, "changelist"))
    # No prison is offered before a Kanwil is chosen (a filter without choices is not shown).
    assert not [s for s in plain.context["cl"].filter_specs if isinstance(s, PrisonInRegionFilter)]
    assert other.name not in plain.content.decode()

    in_region = staff_client.get(admin_url(model, "changelist") + f"?{path}__region__id__exact={region.pk}")
    spec = next(s for s in in_region.context["cl"].filter_specs if isinstance(s, PrisonInRegionFilter))
    assert (str(mine.pk), mine.name) in spec.lookup_choices

    filtered = staff_client.get(admin_url(model, "changelist") + f"?{path}__id__exact={mine.pk}")
    listed = [row.pk for row in filtered.context["cl"].result_list]
    assert listed and all(prison_of(row) == mine for row in filtered.context["cl"].result_list)
    assert rows[0].pk in listed

    nowhere = staff_client.get(admin_url(model, "changelist") + f"?{path}__id__exact={other.pk}")
    assert list(nowhere.context["cl"].result_list) == []


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[m._meta.label for m in ADMIN_MODELS])
def test_every_row_checkbox_is_django_s_own_markup(model):
    model_admin = admin.site._registry[model]
    (row,) = admin_factories.make_rows(model, 1)

    assert isinstance(model_admin, LeanActionCheckboxMixin)
    for language in ("id", "en"):
        with translation.override(language):
            assert str(model_admin.action_checkbox(row)) == str(ModelAdmin.action_checkbox(model_admin, row))


def test_a_search_of_many_words_uses_the_first_eight(staff_client):
    """Every word of the admin's search box is searched in every search field; hundreds of words
    made one query that PostgreSQL planned for minutes. Only the first eight count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exhibitions.models import Sale

    admin_factories.make_rows(Sale, 1)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(admin_url(Sale, "changelist"), {"q": " ".join(["a"] * 300)})

    assert response.status_code == 200
    searched = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"]]
    assert searched and max(sql.count("LIKE") for sql in searched) <= 8 * 3  # 3 search fields


def test_inmate_list_headers_show_the_order_rows_come_in(staff_client):
    """Rows come grouped by prison, then by name; the headers say so (prison first), instead of
    marking the name column alone as the sort."""
    b, a = factories.make_prison(name="Lapas B"), factories.make_prison(name="Lapas A")
    factories.make_inmate(prison=b, legal_name="Adi")
    factories.make_inmate(prison=a, legal_name="Zaki")
    factories.make_inmate(prison=a, legal_name="Budi")

    response = staff_client.get(admin_url(Inmate, "changelist"))

    rows = [(inmate.prison.name, inmate.legal_name) for inmate in response.context["cl"].result_list]
    assert rows == [("Lapas A", "Budi"), ("Lapas A", "Zaki"), ("Lapas B", "Adi")]
    content = response.content.decode()
    assert 'class="sortable column-prison sorted ascending"' in content
    assert 'class="sortable column-legal_name sorted ascending"' in content
    assert 'title="Prioritas pengurutan: 1">1' in content.split("column-prison")[1].split("</th>")[0]
    assert 'title="Prioritas pengurutan: 2">2' in content.split("column-legal_name")[1].split("</th>")[0]
