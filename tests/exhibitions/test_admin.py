"""Deciding on delegations in the admin."""

import pytest
from django.contrib.messages import get_messages

from exhibitions.models import Delegation, Sale
from tests import factories
from tests.admin_helpers import action_data, admin_url, changeform_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/exhibitions/delegation/"


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _statuses(*delegations) -> list[str]:
    return [Delegation.objects.get(pk=d.pk).status for d in delegations]


def test_accept_action_accepts_applied_and_records_who_decided(staff_client, staff_user):
    applied = factories.make_delegation(name="Lapas Cipinang")
    withdrawn = factories.make_delegation(name="Lapas Sukamiskin", status=Delegation.Status.WITHDRAWN)

    response = staff_client.post(CHANGELIST, action_data("accept_delegations", [applied, withdrawn]))

    assert response.status_code == 302
    assert _statuses(applied, withdrawn) == ["accepted", "withdrawn"]
    stored = Delegation.objects.get(pk=applied.pk)
    assert stored.decided_by == staff_user
    assert stored.decided_at is not None
    assert Delegation.objects.get(pk=withdrawn.pk).decided_by is None
    assert _messages(response) == [
        ("success", "1 delegasi diterima."),
        ("warning", "1 delegasi dilewati karena statusnya tidak sesuai: Lapas Sukamiskin."),
    ]


def test_accept_action_counts_in_english_singular_and_plural(staff_client):
    first, second = factories.make_delegation(name="Lapas Cipinang"), factories.make_delegation(name="Lapas Pati")
    third = factories.make_delegation(name="Lapas Sukamiskin", status=Delegation.Status.WITHDRAWN)
    staff_client.cookies["django_language"] = "en"

    one = staff_client.post(CHANGELIST, action_data("accept_delegations", [first, third]))
    fourth = factories.make_delegation(name="Lapas Kerobokan")
    two = staff_client.post(CHANGELIST, action_data("accept_delegations", [second, fourth]))

    assert _messages(one) == [
        ("success", "1 delegation accepted."),
        ("warning", "1 delegation skipped because its status does not allow it: Lapas Sukamiskin."),
    ]
    assert _messages(two)[-1] == ("success", "2 delegations accepted.")  # after the first, not yet shown


def test_reject_action_rejects_applied_only(staff_client, staff_user):
    applied = factories.make_delegation(name="Lapas Cipinang")
    accepted = factories.make_delegation(name="Lapas Kerobokan", status=Delegation.Status.ACCEPTED)
    data = action_data("reject_delegations", [applied, accepted])

    asked = staff_client.post(CHANGELIST, data)
    refused = staff_client.post(CHANGELIST, {**data, "post": "yes", "reason": "  "})
    response = staff_client.post(CHANGELIST, {**data, "post": "yes", "reason": "Kuota stan zona A sudah penuh."})

    # Found by a staff probe: a delegation was rejected with one click and no word to its prison.
    assert asked.status_code == 200 and "Pendaftaran delegasi berikut akan ditolak:" in asked.content.decode()
    assert refused.status_code == 200 and "Tulis alasan penolakan" in refused.content.decode()
    assert response.status_code == 302
    assert _statuses(applied, accepted) == ["rejected", "accepted"]
    assert Delegation.objects.get(pk=applied.pk).decided_by == staff_user
    assert Delegation.objects.get(pk=applied.pk).decision_reason == "Kuota stan zona A sudah penuh."
    assert _messages(response) == [
        ("success", "1 delegasi ditolak."),
        ("warning", "1 delegasi dilewati karena statusnya tidak sesuai: Lapas Kerobokan."),
    ]


def test_delegation_actions_are_not_offered_to_corrections_staff(corrections_client):
    factories.make_delegation()

    response = corrections_client.get(CHANGELIST)

    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "export_as_csv"]


def test_the_sales_list_names_the_delegation_without_its_exhibition(staff_client):
    """The exhibition is the list's filter; in every row it took half the width."""
    sale = factories.make_sale(quantity=2)

    html = staff_client.get(admin_url(Sale, "changelist")).content.decode()

    assert f'<td class="field-delegation_name">{sale.delegation.name}</td>' in html
    assert str(sale.delegation) not in html


def test_the_competition_entries_list_names_the_delegation_without_its_exhibition(staff_client):
    from exhibitions.models import Competition, CompetitionEntry

    delegation = factories.make_delegation(name="Lapas Kelas I Cipinang")
    competition = Competition.objects.create(exhibition=delegation.exhibition, title="Lomba Cinderamata untuk Hotel")
    CompetitionEntry.objects.create(competition=competition, delegation=delegation, entry_code="H-052", title="Tatakan Gelas")

    html = staff_client.get(admin_url(CompetitionEntry, "changelist")).content.decode()

    assert '<td class="field-delegation_name">Lapas Kelas I Cipinang</td>' in html
    assert str(delegation) not in html


def test_a_recorded_sale_is_shown_read_only_and_cannot_be_deleted(staff_client):
    sale = factories.make_sale(quantity=2)

    page = staff_client.get(admin_url(Sale, "change", sale.pk))
    post = staff_client.post(admin_url(Sale, "change", sale.pk), {"quantity": "20"})
    delete = staff_client.post(admin_url(Sale, "delete", sale.pk), {"post": "yes"})

    assert page.status_code == 200
    assert (page.context["has_change_permission"], page.context["has_delete_permission"]) == (False, False)
    assert (post.status_code, delete.status_code) == (403, 403)
    assert Sale.objects.get(pk=sale.pk).quantity == 2


def test_a_sale_shows_its_price_and_total_as_money_and_its_time_at_the_venue(staff_client):
    """Found by a staff probe: "Harga satuan (Rp): 150000" on a sale's page."""
    import datetime
    import zoneinfo

    exhibition = factories.make_exhibition(timezone="Asia/Makassar")
    delegation = factories.make_delegation(exhibition=exhibition)
    sale = factories.make_sale(
        delegation=delegation, quantity=2, unit_price=150_000,
        sold_at=datetime.datetime(2018, 4, 3, 10, 15, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar")),
    )

    html = staff_client.get(admin_url(Sale, "change", sale.pk)).content.decode()

    assert "Rp 150.000" in html and "Rp 300.000" in html
    assert "150000" not in html
    assert "10.15 WITA" in html


def test_sale_cannot_be_added_in_the_admin_only_at_the_sales_desk(staff_client):
    delegation = factories.make_delegation()
    product = factories.make_product(prison=delegation.prison)

    assert staff_client.get(admin_url(Sale, "add")).status_code == 403
    response = staff_client.post(
        admin_url(Sale, "add"),
        {"exhibition": delegation.exhibition.pk, "delegation": delegation.pk, "product": product.pk, "quantity": 3},
    )

    assert response.status_code == 403
    assert Sale.objects.count() == 0


def test_staff_set_the_sales_split_until_the_first_sale(staff_client):
    """Found by a ministry probe: the split behind every report (50/30/20) was set nowhere."""
    from tests.admin_helpers import changeform_data

    exhibition = factories.make_exhibition()
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    assert (data["share_inmate_pct"], data["share_pnbp_pct"], data["share_programme_pct"]) == ("50", "30", "20")

    wrong = staff_client.post(url, {**data, "share_inmate_pct": "60"})
    assert wrong.status_code == 200 and "harus berjumlah 100%" in wrong.content.decode()
    assert staff_client.post(url, {**data, "share_inmate_pct": "60", "share_pnbp_pct": "20"}).status_code == 302
    exhibition.refresh_from_db()
    assert (exhibition.share_inmate_pct, exhibition.share_pnbp_pct, exhibition.share_programme_pct) == (60, 20, 20)

    factories.make_sale(exhibition=exhibition)
    page = staff_client.get(url)
    assert "share_inmate_pct" not in changeform_data(page)  # shown, no longer editable
    assert "60" in page.content.decode()


def test_deleting_an_exhibition_with_sales_says_the_sales_protect_it(staff_client):
    """Found by a bad-input probe: the page said staff lacked the permission to delete sales,
    which nobody may delete; it now says the recorded sales keep the exhibition."""
    sale = factories.make_sale()
    exhibition = sale.exhibition

    page = staff_client.get(admin_url(type(exhibition), "delete", exhibition.pk))
    html = page.content.decode()

    assert page.status_code == 200
    assert page.context["perms_lacking"] == set() and page.context["protected"]
    assert "tidak memiliki izin" not in html
    refused = staff_client.post(admin_url(type(exhibition), "delete", exhibition.pk), {"post": "yes"})
    assert refused.status_code in (200, 403) and type(exhibition).objects.filter(pk=exhibition.pk).exists()


def test_the_delegation_list_and_its_download_show_the_application_on_the_venues_clock(staff_client):
    """The list said 11.13 (the server's clock) for an application made at 12.13 WITA, as the
    change page and the portal show it (left open last stop)."""
    import csv
    import datetime
    import io
    import zoneinfo

    exhibition = factories.make_exhibition(timezone="Asia/Makassar")
    delegation = factories.make_delegation(exhibition=exhibition)
    applied = datetime.datetime(2026, 12, 6, 11, 13, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    Delegation.objects.filter(pk=delegation.pk).update(applied_at=applied)

    html = staff_client.get(admin_url(Delegation, "changelist")).content.decode()
    download = staff_client.post(admin_url(Delegation, "changelist"), action_data("export_as_csv", [delegation]))

    assert "12.13 WITA" in html
    assert "11.13" not in html
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][[h.lower() for h in rows[0]].index("mendaftar pada")] == "2026-12-06T12:13:00+08:00"


def test_a_delegation_added_in_the_back_office_applies_at_the_moment_it_is_saved(staff_client):
    """Found by a ministry-staff probe: the add page offered the server's clock (13.09 WIB) and
    read it on the venue's (13.09 WIT), two hours early."""
    import datetime

    from django.utils import timezone

    exhibition = factories.make_exhibition(timezone="Asia/Jayapura")
    region = factories.make_region()
    url = admin_url(Delegation, "add")
    form_page = staff_client.get(url)
    assert "applied_at" not in form_page.context["adminform"].form.fields
    data = changeform_data(form_page)
    data.update(exhibition=str(exhibition.pk), region=str(region.pk), name="Kanwil Papua", booth_quota="1",
                product_quota="20")
    data.pop("products", None)
    before = timezone.now()

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    applied = Delegation.objects.get(name="Kanwil Papua").applied_at
    assert before - datetime.timedelta(seconds=1) <= applied <= timezone.now()


def test_a_delegation_page_shows_its_moments_on_the_venues_clock(staff_client, staff_user):
    """A staff probe read "Diputuskan pada 6 Des 2026, 11.13 WIB" on a delegation to Makassar."""
    import datetime
    import zoneinfo

    from exhibitions.services import delegation_accept

    exhibition = factories.make_exhibition(timezone="Asia/Makassar")
    delegation = factories.make_delegation(exhibition=exhibition)
    delegation_accept(delegation=delegation, user=staff_user)
    decided = datetime.datetime(2026, 12, 6, 11, 13, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    Delegation.objects.filter(pk=delegation.pk).update(decided_at=decided)

    html = staff_client.get(admin_url(Delegation, "change", delegation.pk)).content.decode()

    assert "12.13" in html and "WITA" in html
    assert "11.13" not in html
