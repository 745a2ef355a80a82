"""The back-office as a whole: every registered model's pages, their query counts, the CSV export,
the dashboard and the user admin. The model list comes from the admin registry, so a model
registered later is covered without touching this file (tests/admin_factories.py must build it)."""

import csv
import datetime
import io
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from simple_history.admin import SimpleHistoryAdmin

from exhibitions.models import Criterion, Delegation, Inquiry, InquiryReply, JudgeScore, Sale
from inmates import roles
from inmates.models import Inmate, Prison
from products.models import Product
from tests import admin_factories, factories
from tests.admin_helpers import action_data, admin_url, changeform_data

pytestmark = pytest.mark.django_db

User = get_user_model()

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
MODEL_IDS = [model._meta.label for model in ADMIN_MODELS]
OUR_APPS = {"inmates", "products", "exhibitions", "programs"}
HISTORY_MODELS = [m for m in ADMIN_MODELS if isinstance(admin.site._registry[m], SimpleHistoryAdmin)]


# Not records anyone manages: a photo or a file kept for a day for the user who sent a form that
# failed (products.StagedImage, inmates.StagedFile), never shown to anybody else.
TRANSIENT_MODELS = {"products.StagedImage", "inmates.StagedFile"}


def test_every_model_of_our_apps_is_registered():
    from django.apps import apps

    ours = {
        m
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and not m.__name__.startswith("Historical")
        and m._meta.label not in TRANSIENT_MODELS
    }
    assert ours - set(ADMIN_MODELS) == set()
    assert all(apps.get_model(label) not in admin.site._registry for label in TRANSIENT_MODELS)


def test_every_registered_model_has_a_builder():
    assert [m._meta.label for m in ADMIN_MODELS if m not in admin_factories.BUILDERS] == []


# --- Every page renders ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=MODEL_IDS)
def test_changelist_lists_the_row_for_staff(staff_client, model):
    row = admin_factories.make_rows(model, 1)[0]

    response = staff_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert row.pk in [obj.pk for obj in response.context["cl"].result_list]


# Rows that the admin shows but never adds on their own page: sales are written by a service,
# criteria on their competition's page (so the weights add up to 100%), answers to buyers from
# the inquiry's page in the portal (which e-mails them), scores by the entry's jurors on the jury
# page.
ADDED_ELSEWHERE = {Sale, Criterion, InquiryReply, JudgeScore}


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=MODEL_IDS)
def test_add_page_renders_for_staff_with_the_permission(staff_client, staff_user, model):
    opts = model._meta
    may_add = staff_user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
    if opts.app_label in OUR_APPS:
        assert may_add  # ministry staff manage everything of the four apps
    if model in ADDED_ELSEWHERE:
        may_add = False

    response = staff_client.get(admin_url(model, "add"))

    if may_add:
        assert response.status_code == 200
        assert response.context["add"] is True
        assert response.context["adminform"].form.errors == {}
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=MODEL_IDS)
def test_change_page_renders_the_object_for_staff(staff_client, model):
    row = admin_factories.make_rows(model, 1)[0]

    response = staff_client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200
    assert response.context["original"].pk == row.pk


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=[m._meta.label for m in HISTORY_MODELS])
def test_history_page_renders_for_staff(staff_client, model):
    row = admin_factories.make_rows(model, 1)[0]
    row.save()  # bulk-created rows have no history yet

    response = staff_client.get(admin_url(model, "history", row.pk))

    assert response.status_code == 200
    assert [record.pk for record in response.context["page_obj"].object_list] == [
        record.pk for record in row.history.all()
    ]


def test_history_models_are_inmate_consent_product_and_image():
    assert sorted(m.__name__ for m in HISTORY_MODELS) == ["Consent", "Inmate", "Product", "ProductImage"]


# --- No query per row -----------------------------------------------------------------------------


def _changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=MODEL_IDS)
def test_changelist_queries_do_not_grow_with_rows(staff_client, model):
    url = admin_url(model, "changelist")
    before = model._default_manager.count()
    admin_factories.make_rows(model, 1)
    staff_client.get(url)  # warm per-process caches (content types and the like)

    one_response, one = _changelist_queries(staff_client, url)
    admin_factories.make_rows(model, 49)
    many_response, many = _changelist_queries(staff_client, url)

    assert one_response.context["cl"].result_count == before + 1
    assert many_response.context["cl"].result_count == before + 50
    assert len(many) == len(one), "\n".join(many)


# --- The CSV export -------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_export_csv_gives_the_list_columns_of_exactly_the_selected_rows(staff_client):
    prison = factories.make_prison(name="Lapas Kelas IIA Ambarawa")
    category = factories.make_category(name_id="Kain")
    curator = factories.make_user(username="kurator")
    first, second, not_selected = (
        factories.make_product(
            name=name, prison=prison, category=category, price=price, status=Product.Status.APPROVED,
            curated_by=curator,
        )
        for name, price in (("Batik Tulis", 1250000), ("=HYPERLINK(1)", 85000), ("Tas Anyaman", 90000))
    )
    Product.objects.filter(pk=first.pk).update(is_featured=True)

    response = staff_client.post(
        admin_url(Product, "changelist"), action_data("export_as_csv", [first, second])
    )

    assert _csv_rows(response) == [
        [
            "Nama produk",
            "Kategori",
            "Lapas/rutan",
            "Harga",
            "Status kurasi",
            "Unggulan",
            "Diajukan pada",
            "Dikurasi oleh",
        ],
        # Newest first, as the list; a cell that a spreadsheet would run as a formula is quoted.
        # Prices as whole rupiah, which a spreadsheet adds up (not the list's "Rp 85.000").
        ["'=HYPERLINK(1)", "Kain", "Lapas Kelas IIA Ambarawa", "85000", "Disetujui", "Tidak", "",
         "kurator"],
        ["Batik Tulis", "Kain", "Lapas Kelas IIA Ambarawa", "1250000", "Disetujui", "Ya", "", "kurator"],
    ]
    assert response["Content-Disposition"].startswith('attachment; filename="produk-')
    assert not_selected.name not in response.content.decode()


def test_export_csv_refuses_more_rows_than_one_file_may_hold(staff_client, monkeypatch):
    """Found by a probe at national scale: "select all" of 250,000 inmates took 33 s, past the
    server's worker timeout. A bigger selection is refused with a message saying what to do."""
    from django.contrib.messages import get_messages

    from inmates import admin_utils

    monkeypatch.setattr(admin_utils, "CSV_EXPORT_MAX_ROWS", 2)
    products = [factories.make_product() for _ in range(3)]

    refused = staff_client.post(admin_url(Product, "changelist"), action_data("export_as_csv", products))
    allowed = staff_client.post(admin_url(Product, "changelist"), action_data("export_as_csv", products[:2]))

    assert refused.status_code == 302 and "text/csv" not in refused["Content-Type"]
    assert "Ekspor paling banyak 2 baris sekaligus; Anda memilih 3" in str(list(get_messages(refused.wsgi_request))[0])
    assert allowed["Content-Type"].startswith("text/csv") and len(_csv_rows(allowed)) == 3


def test_export_csv_of_inmates_has_no_column_beyond_the_list(staff_client):
    inmate = factories.make_inmate(
        legal_name="Budi Santoso", registration_number="B.I-77/2019", birth_year=1985
    )

    response = staff_client.post(admin_url(Inmate, "changelist"), action_data("export_as_csv", [inmate]))

    rows = _csv_rows(response)
    assert rows[0] == [
        "Nama lengkap",
        "Nomor registrasi",
        "Lapas/rutan",
        "Bengkel kerja",
        "Jenis kelamin",
        "Status",
        "Nama tampilan publik",
        "Persetujuan berlaku",
    ]
    assert rows[1] == [
        "Budi Santoso",
        "B.I-77/2019",
        str(inmate.prison),
        "",
        "Laki-laki",
        "Aktif",
        inmate.display_name,
        "Tidak",
    ]
    assert "1985" not in response.content.decode()  # birth year is not a list column
    assert inmate.public_story not in response.content.decode()


def test_export_csv_of_users_never_contains_password_hashes(staff_client, staff_user):
    response = staff_client.post(admin_url(User, "changelist"), action_data("export_as_csv", [staff_user]))

    rows = _csv_rows(response)
    assert rows == [
        ["Nama pengguna", "Alamat email", "Nama depan", "Nama belakang", "Lapas/rutan", "Status staf",
         "Aktif"],
        ["staf", staff_user.email, "", "", "", "Ya", "Ya"],
    ]
    assert "pbkdf2" not in response.content.decode()


def test_export_csv_leaves_out_rows_outside_the_users_prison(prison, other_prison):
    # An account that sees one prison only (an officer given admin access by mistake) exports
    # only that prison's rows, even when it posts the ids of another prison's products.
    officer = factories.make_officer(prison=prison, is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_product"))
    own = factories.make_product(prison=prison, name="Produk Sendiri")
    foreign = factories.make_product(prison=other_prison, name="Produk Lapas Lain")
    client = Client()
    client.force_login(officer)

    response = client.post(admin_url(Product, "changelist"), action_data("export_as_csv", [own, foreign]))

    # Refused the back office altogether: an officer's account works in the portal only.
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "Produk" not in response.content.decode()


def _export(client, model, rows):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(admin_url(model, "changelist"), action_data("export_as_csv", rows))
    return _csv_rows(response), len(queries.captured_queries)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=MODEL_IDS)
def test_export_csv_carries_data_not_the_list_s_drawing_in_queries_that_do_not_grow(staff_client, model):
    """Found by a ministry-staff probe: the export wrote what the list draws: "Toko Oleh-olehToko"
    (two lines run together), text cut off with "…", "Rp 550.000" as text, the link "Jawab"."""
    first = admin_factories.make_rows(model, 1)
    staff_client.post(admin_url(model, "changelist"), action_data("export_as_csv", first))  # warm caches
    one, one_queries = _export(staff_client, model, first)
    three, three_queries = _export(staff_client, model, first + admin_factories.make_rows(model, 2))

    assert len(one) == 2 and len(three) == 4
    assert three_queries == one_queries
    links = {"Jawab", "Lihat balasan", "Lihat kemajuan", "Unduh PDF", "Laporan · Label stan"}
    for row in three:
        for cell in row:
            assert "<" not in cell and "…" not in cell and not re.fullmatch(r"-?Rp [0-9.]+", cell), (row, cell)
            assert cell not in links, (row, cell)


def test_export_csv_of_inquiries_has_buyer_organisation_and_subject_each_whole(staff_client):
    long_message = "Mukena Katun Bordir " * 10
    product = factories.make_product(name="Mukena Katun Bordir")
    exhibition = factories.make_exhibition(title="Pameran Produk Unggulan Narapidana")
    inquiry = factories.make_inquiry(
        buyer_name="Hotel Borobudur – Bu Sari", organisation="Hotel Borobudur", product=product,
        exhibition=exhibition, prison=product.prison, quantity=40, message=long_message,
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=datetime.datetime(2026, 12, 5, 21, 25, tzinfo=datetime.UTC)
    )

    rows, _queries = _export(staff_client, Inquiry, [inquiry])

    assert rows == [
        ["Dikirim pada", "Nomor permintaan", "Pembeli", "Instansi/usaha", "Surel", "Telepon", "Produk", "Pameran",
         "Lapas/rutan", "Jumlah yang diinginkan", "Pesan", "Status"],
        ["2026-12-06T04:25:00+07:00", "", "Hotel Borobudur – Bu Sari", "Hotel Borobudur", inquiry.email, inquiry.phone,
         "Mukena Katun Bordir", "Pameran Produk Unggulan Narapidana", str(product.prison), "40", long_message,
         "Baru"],
    ]


def test_export_csv_of_sales_has_money_as_numbers_and_the_venue_s_time(staff_client, staff_user):
    import uuid
    import zoneinfo

    from exhibitions.services import sale_reverse

    exhibition = factories.make_exhibition(timezone="Asia/Makassar")
    delegation = factories.make_delegation(exhibition=exhibition, name="Lapas Makassar", status="accepted")
    product = factories.make_product(prison=delegation.prison, name="Tas Rotan")
    sale = factories.make_sale(
        delegation=delegation, product=product, quantity=2, unit_price=850_000, payment_method="cash",
        sold_at=datetime.datetime(2018, 4, 3, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar")),
        idempotency_key=uuid.uuid4(), recorded_by=staff_user,
    )
    reversal = sale_reverse(sale=sale, user=staff_user, idempotency_key=uuid.uuid4())

    rows, _queries = _export(staff_client, Sale, [sale, reversal])

    assert rows[0] == [
        "Waktu penjualan", "Produk", "Delegasi", "Jumlah", "Harga satuan", "Total", "Cara bayar",
        "Membatalkan penjualan nomor", "Dibatalkan oleh penjualan nomor", "Dicatat oleh",
    ]
    by_total = {row[5]: row for row in rows[1:]}
    assert by_total["1700000"][:5] == ["2018-04-03T00:30:00+08:00", str(product), "Lapas Makassar", "2", "850000"]
    assert by_total["1700000"][7:9] == ["", str(reversal.pk)]
    assert by_total["-1700000"][7:9] == [str(sale.pk), ""]
    # A reversal's quantity counts against the sale's: the column adds up to what was sold
    # (found by a staff probe: 33 items in the CSV, 23 sold).
    assert (by_total["1700000"][3], by_total["-1700000"][3]) == ("2", "-2")


def test_sales_list_shows_a_reversal_s_quantity_below_zero(staff_client, staff_user):
    import uuid

    from exhibitions.services import sale_reverse
    from tests.admin_helpers import admin_url

    delegation = factories.make_delegation(status="accepted")
    sale = factories.make_sale(delegation=delegation, quantity=5, idempotency_key=uuid.uuid4(), recorded_by=staff_user)
    sale_reverse(sale=sale, user=staff_user, idempotency_key=uuid.uuid4())

    response = staff_client.get(admin_url(Sale, "changelist"))

    cells = re.findall(r'<td class="field-quantity_display">([^<]*)</td>', response.content.decode())
    assert sorted(cells) == ["-5", "5"]


def test_export_csv_of_aid_has_the_whole_description_and_the_value_as_a_number(staff_client):
    from programs.models import Aid

    items = "Pelatihan pencatatan harga pokok produksi dan desain kemasan " * 3
    aid = admin_factories.make_rows(Aid, 1)[0]
    Aid.objects.filter(pk=aid.pk).update(items=items, value=7_500_000)

    rows, _queries = _export(staff_client, Aid, [aid])

    header = rows[0]
    assert rows[1][header.index("Barang/kegiatan")] == items
    assert rows[1][header.index("Nilai")] == "7500000"


def test_export_csv_is_offered_on_every_changelist(staff_client):
    for model in ADMIN_MODELS:
        response = staff_client.get(admin_url(model, "changelist"))
        actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
        assert "export_as_csv" in actions, model._meta.label


# --- The dashboard on the admin index ------------------------------------------------------------


def test_dashboard_counts_what_needs_attention_and_links_to_it(staff_client):
    admin_factories.products(2, status=Product.Status.SUBMITTED)
    admin_factories.products(1, status=Product.Status.APPROVED)
    admin_factories.delegations(3, status=Delegation.Status.APPLIED)
    admin_factories.delegations(1, status=Delegation.Status.ACCEPTED)
    agreement = factories.make_agreement(valid_to=datetime.date(2999, 12, 31))  # in force
    factories.make_obligation(agreement=agreement, due_date=datetime.date(2019, 1, 1))
    # Overdue under an agreement that ended in 2023: history, not something to act on.
    factories.make_obligation(due_date=datetime.date(2019, 1, 1))
    factories.make_obligation(agreement=agreement, due_date=datetime.date(2999, 1, 1))
    factories.make_obligation(agreement=agreement, due_date=None)
    exhibition = factories.make_exhibition()
    factories.make_inquiry(exhibition=exhibition)  # about the exhibition: the ministry answers
    factories.make_inquiry(exhibition=exhibition, status=Inquiry.Status.ANSWERED)
    staffed, unstaffed = factories.make_prison(), factories.make_prison()
    factories.make_officer(prison=staffed)
    factories.make_inquiry(product=factories.make_product(prison=staffed))  # its prison's officers answer it
    factories.make_inquiry(prison=staffed)  # addressed to a prison with an officer: theirs too
    factories.make_inquiry(prison=unstaffed)  # a prison without an officer in Etalase: the ministry's

    response = staff_client.get("/admin/")

    assert response.status_code == 200
    assert [(str(item["label"]), item["count"], item["url"]) for item in response.context["attention"]] == [
        ("produk menunggu kurasi", 2, "/admin/products/product/?status__exact=submitted"),
        ("delegasi menunggu keputusan", 3, "/admin/exhibitions/delegation/?status__exact=applied"),
        ("kewajiban PKS berlaku lewat tenggat", 1, "/admin/programs/obligation/?tenggat=lewat-berjalan"),
        (
            "permintaan pembeli untuk kementerian",
            2,
            "/admin/exhibitions/inquiry/?status__exact=new&dijawab_oleh=kementerian",
        ),
    ]
    for item in response.context["attention"]:
        linked = staff_client.get(item["url"])
        assert linked.context["cl"].result_count == item["count"]
    assert b"etalase-attention" in response.content
    by_prisons = staff_client.get("/admin/exhibitions/inquiry/?dijawab_oleh=lapas")
    assert sorted(
        (inquiry.product_id is not None, inquiry.prison_id is not None) for inquiry in by_prisons.context["cl"].result_list
    ) == [(False, True), (True, False)]


def test_corrections_staff_are_asked_only_about_what_they_can_act_on(corrections_client):
    """Found by a new user's probe: corrections staff, who read products, delegations and
    inquiries but change none of them, were shown them as waiting for action."""
    admin_factories.products(2, status=Product.Status.SUBMITTED)
    factories.make_obligation(
        agreement=factories.make_agreement(valid_to=datetime.date(2999, 12, 31)), due_date=datetime.date(2018, 1, 1)
    )

    page = corrections_client.get("/admin/").content.decode()
    labels = [item["label"] for item in corrections_client.get("/admin/").context["attention"]]

    assert labels == ["kewajiban PKS berlaku lewat tenggat"]
    assert "Buka antrean kurasi produk" not in page


def test_dashboard_queries_do_not_grow_with_data(staff_client):
    staff_client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/admin/")
    admin_factories.products(20, status=Product.Status.SUBMITTED)
    admin_factories.delegations(20)
    admin_factories.obligations(20)
    for _ in range(5):
        factories.make_inquiry(exhibition=factories.make_exhibition())
    with CaptureQueriesContext(connection) as many:
        staff_client.get("/admin/")

    assert len(many) == len(few)


# --- Users: nobody grants more than they hold -----------------------------------------------------


def _user_change_data(client, user):
    response = client.get(admin_url(User, "change", user.pk))
    assert response.status_code == 200
    return changeform_data(response)


def test_staff_cannot_make_themselves_superuser(staff_client, staff_user):
    data = _user_change_data(staff_client, staff_user)
    data["is_superuser"] = "on"
    data["user_permissions"] = [str(Permission.objects.get(codename="delete_user").pk)]
    data["first_name"] = "Sari"

    response = staff_client.post(admin_url(User, "change", staff_user.pk), data)

    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.first_name == "Sari"  # the rest of the form was saved
    assert staff_user.is_superuser is False
    assert list(staff_user.user_permissions.all()) == []


def test_superuser_and_permission_fields_are_readonly_for_staff(staff_client, staff_user):
    response = staff_client.get(admin_url(User, "change", staff_user.pk))

    form_fields = set(response.context["adminform"].form.fields)
    assert {"is_superuser", "user_permissions"} & form_fields == set()
    assert {"username", "groups", "is_staff"} <= form_fields


def test_corrections_staff_cannot_grant_the_ministry_role(corrections_client):
    officer = factories.make_officer(username="calon")
    data = _user_change_data(corrections_client, officer)
    ministry = Group.objects.get(name=roles.MINISTRY_STAFF)
    data["groups"] = [str(ministry.pk)]

    response = corrections_client.post(admin_url(User, "change", officer.pk), data)

    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert list(officer.groups.values_list("name", flat=True)) == [roles.PRISON_OFFICER]


def test_corrections_staff_may_grant_the_officer_role(corrections_client):
    user = factories.make_user(username="baru")
    data = _user_change_data(corrections_client, user)
    data["groups"] = [str(Group.objects.get(name=roles.PRISON_OFFICER).pk)]

    response = corrections_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == [roles.PRISON_OFFICER]


def test_staff_cannot_change_a_superuser_or_their_password(staff_client):
    boss = User.objects.create_superuser("boss", "boss@example.test", "s3cret-pass-Etalase")

    page = staff_client.get(admin_url(User, "change", boss.pk))
    post = staff_client.post(
        admin_url(User, "change", boss.pk), {"username": "boss", "email": "x@example.test"}
    )
    password = staff_client.post(
        admin_url(User, "password_change", boss.pk),
        {"password1": "Baru-sekali-123", "password2": "Baru-sekali-123"},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert post.status_code == 403
    assert password.status_code == 403
    boss.refresh_from_db()
    assert boss.email == "boss@example.test"
    assert boss.check_password("s3cret-pass-Etalase")


def _password_reset(client, user):
    return client.post(
        admin_url(User, "password_change", user.pk),
        {"password1": "Baru-sekali-123", "password2": "Baru-sekali-123"},
    )


def test_corrections_staff_cannot_take_over_a_jurors_account(corrections_client):
    # A role is a right even without permissions: a juror scores competition entries.
    juror = factories.make_user(role=roles.JURY, username="juri")

    page = corrections_client.get(admin_url(User, "change", juror.pk))
    password = _password_reset(corrections_client, juror)

    assert page.context["has_change_permission"] is False
    assert password.status_code == 403
    juror.refresh_from_db()
    assert juror.check_password("s3cret-pass-Etalase")


def test_corrections_staff_cannot_give_the_jury_role(corrections_client):
    user = factories.make_user(username="baru")
    data = _user_change_data(corrections_client, user)
    data["groups"] = [str(Group.objects.get(name=roles.JURY).pk)]

    response = corrections_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert list(user.groups.all()) == []
    offered = set(response.context["adminform"].form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {roles.CORRECTIONS_STAFF, roles.PRISON_OFFICER}


def test_corrections_staff_may_still_reset_an_officers_password(corrections_client):
    officer = factories.make_officer(username="lupa")

    response = _password_reset(corrections_client, officer)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Baru-sekali-123")


def test_ministry_staff_may_give_the_jury_role_and_reset_a_jurors_password(staff_client):
    juror = factories.make_user(role=roles.JURY, username="juri")
    user = factories.make_user(username="baru")
    data = _user_change_data(staff_client, user)
    data["groups"] = [str(Group.objects.get(name=roles.JURY).pk)]

    response = staff_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == [roles.JURY]
    assert _password_reset(staff_client, juror).status_code == 302


def test_an_account_given_a_prison_gets_the_officer_role(staff_client, prison):
    user = factories.make_user(username="petugas-baru")
    data = _user_change_data(staff_client, user)
    data.update({"officer_profile-TOTAL_FORMS": "1", "officer_profile-0-prison": str(prison.pk)})

    response = staff_client.post(admin_url(User, "change", user.pk), data, follow=True)

    assert list(user.groups.values_list("name", flat=True)) == [roles.PRISON_OFFICER]
    assert "diberikan kepada petugas-baru" in response.content.decode()
    officer_client = Client()
    officer_client.force_login(user)
    assert officer_client.get("/portal/").status_code == 200


def test_the_officer_role_without_a_prison_is_warned_about(staff_client):
    user = factories.make_user(username="tanpa-lapas")
    data = _user_change_data(staff_client, user)
    data["groups"] = [str(Group.objects.get(name=roles.PRISON_OFFICER).pk)]

    response = staff_client.post(admin_url(User, "change", user.pk), data, follow=True)

    assert "belum memiliki lapas/rutan" in response.content.decode()


def test_officer_profile_admin_gives_the_role_but_not_to_an_account_one_may_not_change(
    corrections_client, prison
):
    from inmates.models import OfficerProfile

    plain = factories.make_user(username="polos")
    juror = factories.make_user(role=roles.JURY, username="juri")
    url = admin_url(OfficerProfile, "add")

    refused = corrections_client.post(url, {"user": str(juror.pk), "prison": str(prison.pk)})
    made = corrections_client.post(url, {"user": str(plain.pk), "prison": str(prison.pk)})

    assert refused.status_code == 200
    assert "user" in refused.context["adminform"].form.errors
    assert not OfficerProfile.objects.filter(user=juror).exists()
    assert made.status_code == 302
    assert list(plain.groups.values_list("name", flat=True)) == [roles.PRISON_OFFICER]


# --- An officer is never also back-office staff (found by an attacker's probe: corrections staff
# gave an officer their own role, and the portal then showed that officer every prison's inmates)


@pytest.mark.parametrize("staff_role", roles.STAFF_ROLES)
def test_an_officer_holding_a_staff_role_still_sees_only_their_prison(staff_role):

    officer = factories.make_officer()
    officer.groups.add(Group.objects.get(name=staff_role))
    elsewhere = factories.make_inmate(legal_name="Dewi Lain Lapas")
    consent = factories.make_consent(inmate=elsewhere)
    mine = factories.make_inmate(prison=officer.officer_profile.prison)
    client = Client()
    client.force_login(officer)

    listing = client.get("/portal/peserta/")
    page = client.get(f"/portal/peserta/{elsewhere.pk}/")
    withdraw = client.post(f"/portal/peserta/{elsewhere.pk}/persetujuan/cabut/", {"reason": "uji"})

    assert listing.status_code == 200
    assert mine.legal_name in listing.content.decode()
    assert "Dewi Lain Lapas" not in listing.content.decode()
    assert page.status_code == 404
    assert withdraw.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert roles.sees_all_prisons(officer) is False


@pytest.mark.parametrize("client_fixture", ["corrections_client", "staff_client"])
def test_the_officer_and_a_staff_role_cannot_be_given_together(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    user = factories.make_user(username="dua-peran")
    data = _user_change_data(client, user)
    data["groups"] = [str(Group.objects.get(name=name).pk) for name in (roles.CORRECTIONS_STAFF, roles.PRISON_OFFICER)]

    response = client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 200
    assert "Buat akun terpisah" in str(response.context["adminform"].form.errors["groups"])
    assert list(user.groups.all()) == []


def test_a_superuser_cannot_be_given_the_officer_role(admin_client):
    """Found by a review: the officer role shut a superuser out of the back office."""
    user = factories.make_user(username="akar", is_superuser=True, is_staff=True)
    data = _user_change_data(admin_client, user)
    data["groups"] = [str(Group.objects.get(name=roles.PRISON_OFFICER).pk)]

    response = admin_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 200
    assert "Superuser tidak dapat sekaligus berperan" in str(response.context["adminform"].form.errors["groups"])
    assert list(user.groups.all()) == []


def test_a_staff_account_given_a_prison_is_not_made_an_officer(staff_client, prison):
    from inmates.models import OfficerProfile

    colleague = factories.make_user(role=roles.CORRECTIONS_STAFF, username="pas-kanwil")
    refused = staff_client.post(
        admin_url(OfficerProfile, "add"), {"user": str(colleague.pk), "prison": str(prison.pk)}
    )

    assert refused.status_code == 200
    assert "Akun staf tidak dapat dijadikan petugas lapas" in str(refused.context["adminform"].form.errors["user"])
    assert not OfficerProfile.objects.filter(user=colleague).exists()
    # Even where a profile exists (made before this rule), the role is not added to a staff account.
    from inmates.services import officer_role_give

    OfficerProfile.objects.create(user=colleague, prison=prison)
    assert officer_role_give(user=colleague) is False
    assert list(colleague.groups.values_list("name", flat=True)) == [roles.CORRECTIONS_STAFF]


def test_an_old_account_holding_both_roles_can_still_be_suspended_and_its_profile_edited(prison):
    """Found by a review: refusing the combination also refused every save of such an account
    (suspending it) and of its officer profile (a phone number)."""
    from inmates.models import OfficerProfile

    superuser = factories.make_user(is_superuser=True, is_staff=True, username="admin-pusat")
    client = Client()
    client.force_login(superuser)
    both = factories.make_officer(prison=prison, username="lama")
    both.groups.add(Group.objects.get(name=roles.CORRECTIONS_STAFF))
    data = _user_change_data(client, both)
    data.pop("is_active", None)

    suspended = client.post(admin_url(User, "change", both.pk), data)
    profile = both.officer_profile
    edited = client.post(
        admin_url(OfficerProfile, "change", profile.pk),
        {"user": str(both.pk), "prison": str(prison.pk), "position": "Kasi", "phone": "021-7777777"},
    )

    assert suspended.status_code == 302
    both.refresh_from_db()
    assert both.is_active is False
    assert edited.status_code == 302
    profile.refresh_from_db()
    assert profile.phone == "021-7777777"


def test_admin_search_without_search_fields_keeps_every_row_and_a_nul_is_no_error(staff_client):
    from programs.models import CertificateCounter

    CertificateCounter.objects.create(year=2018, last_number=3)
    listed = staff_client.get(admin_url(CertificateCounter, "changelist") + "?q=x")
    picker = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "programs", "model_name": "trainingparticipant", "field_name": "inmate", "term": "a\x00b"},
    )

    assert listed.context["cl"].result_count == 1
    assert picker.status_code == 200


def test_a_search_s_related_look_ups_run_once_however_many_filters_count(staff_client, django_assert_max_num_queries):
    """Found by a review: Django searches again for every list filter's counts (?_facets=1), and
    each search looked the words up in the related tables again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    inmate = factories.make_inmate(legal_name="Budi Santoso")
    factories.make_consent(inmate=inmate)

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/admin/inmates/consent/?q=budi+santoso&_facets=1")

    assert response.status_code == 200 and response.context["cl"].result_count == 1
    look_ups = [q["sql"] for q in queries if q["sql"].startswith('SELECT "inmates_inmate"."id"') and "LIMIT 1001" in q["sql"]]
    assert len(look_ups) == 2, look_ups  # one per word


def test_user_change_page_shows_and_saves_the_officer_profile(staff_client, prison):
    user = factories.make_user(username="petugas-baru")
    data = _user_change_data(staff_client, user)
    data.update(
        {
            "officer_profile-TOTAL_FORMS": "1",
            "officer_profile-0-prison": str(prison.pk),
            "officer_profile-0-position": "Kasi Kegiatan Kerja",
            "officer_profile-0-phone": "021-5255509",
        }
    )

    response = staff_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.officer_profile.prison, user.officer_profile.position) == (prison, "Kasi Kegiatan Kerja")


# --- Corrections staff: view the catalogue, manage prisons ------------------------------------


def test_corrections_staff_can_change_a_prison(corrections_client, prison):
    response = corrections_client.get(admin_url(Prison, "change", prison.pk))
    data = changeform_data(response)
    data["city"] = "Jakarta Timur"

    response = corrections_client.post(admin_url(Prison, "change", prison.pk), data)

    assert response.status_code == 302
    prison.refresh_from_db()
    assert prison.city == "Jakarta Timur"


# --- Related-row pickers pick; they do not delete ------------------------------------------------


def test_pickers_have_no_delete_link_and_people_and_prisons_no_add_or_edit_link(staff_client):
    # Found by a new user's probe: the ✖ beside a training participant's inmate deleted the
    # inmate's whole record.
    from programs.models import Training

    training = factories.make_training()
    factories.make_participant(training=training)
    product = factories.make_product()

    training_page = staff_client.get(admin_url(Training, "change", training.pk)).content.decode()
    product_page = staff_client.get(admin_url(Product, "change", product.pk)).content.decode()

    assert 'id="change_id_participants-0-inmate"' not in training_page
    assert 'id="view_id_participants-0-inmate"' in training_page  # the chosen person can be looked at
    for link in ("add_id_prison", "change_id_prison", "delete_id_prison", "delete_id_participants-0-inmate"):
        assert f'id="{link}"' not in training_page
    assert 'id="add_id_category"' in product_page  # an ordinary list keeps its + link
    assert 'id="delete_id_category"' not in product_page


# --- Officer profiles and roles: a review of the fix above found these -------------------------------


def test_taking_the_officer_role_away_is_not_undone_by_a_later_save(staff_client, corrections_client):
    officer = factories.make_officer(username="diskors")
    data = _user_change_data(staff_client, officer)
    data["groups"] = []

    staff_client.post(admin_url(User, "change", officer.pk), data)
    again = _user_change_data(corrections_client, officer)
    again["email"] = "baru@example.test"
    corrections_client.post(admin_url(User, "change", officer.pk), again)

    officer.refresh_from_db()
    assert officer.email == "baru@example.test"
    assert list(officer.groups.all()) == []  # suspended stays suspended
    assert hasattr(officer, "officer_profile")


def test_the_profile_of_an_account_one_may_not_change_cannot_be_removed(corrections_client, prison):
    from inmates.models import OfficerProfile

    colleague = factories.make_user(role=roles.MINISTRY_STAFF, username="rekan")
    profile = OfficerProfile.objects.create(user=colleague, prison=prison)

    page = corrections_client.post(admin_url(OfficerProfile, "delete", profile.pk), {"post": "yes"})
    changelist = corrections_client.get(admin_url(OfficerProfile, "changelist"))

    assert page.status_code == 403
    assert OfficerProfile.objects.filter(pk=profile.pk).exists()
    assert "delete_selected" not in [name for name, _label in changelist.context["action_form"].fields["action"].choices]


def test_an_account_manager_without_the_officer_role_to_give_makes_no_officer(prison):
    from inmates.models import OfficerProfile

    managers = Group.objects.create(name="Pengelola akun")
    managers.permissions.set(
        Permission.objects.filter(
            codename__in=["view_user", "change_user", "add_officerprofile", "change_officerprofile", "view_officerprofile"]
        )
    )
    manager = factories.make_user(username="pengelola", is_staff=True)
    manager.groups.add(managers)
    client = Client()
    client.force_login(manager)
    plain = factories.make_user(username="polos")
    data = _user_change_data(client, plain)
    data.update({"officer_profile-TOTAL_FORMS": "1", "officer_profile-0-prison": str(prison.pk)})

    client.post(admin_url(User, "change", plain.pk), data)

    assert not OfficerProfile.objects.filter(user=plain).exists()
    assert list(plain.groups.all()) == []


def test_staff_cannot_take_over_a_colleagues_account_but_change_their_own(staff_client, staff_user):
    colleague = factories.make_user(role=roles.MINISTRY_STAFF, username="rekan")

    assert _password_reset(staff_client, colleague).status_code == 403
    assert _password_reset(staff_client, staff_user).status_code == 302


def test_staff_cannot_make_themselves_officers_of_a_prison(corrections_client, prison):
    """Found by a review: read-only corrections staff could give themselves a prison's portal."""
    from inmates.models import OfficerProfile

    me = corrections_client.get("/admin/").context["user"]
    data = _user_change_data(corrections_client, me)
    data.update({"officer_profile-TOTAL_FORMS": "1", "officer_profile-0-prison": str(prison.pk)})

    corrections_client.post(admin_url(User, "change", me.pk), data)
    direct = corrections_client.post(admin_url(OfficerProfile, "add"), {"user": str(me.pk), "prison": str(prison.pk)})

    assert not OfficerProfile.objects.filter(user=me).exists()
    assert "sendiri tidak dapat dijadikan petugas lapas" in direct.content.decode()


def test_the_admin_switches_its_language_from_its_own_header(staff_client):
    """Found by a new user's probe: staff had to go to the portal or the public site to switch."""
    page = staff_client.get("/admin/").content.decode()
    assert 'class="etalase-admin-language"' in page and 'name="language" value="en"' in page

    switched = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"}, follow=True)

    assert switched.redirect_chain[-1][0] == "/admin/"
    english = switched.content.decode()
    assert 'name="language" value="id"' in english and "Bahasa Indonesia" in english
    assert '<html lang="en"' in english


def test_the_inquiry_answer_page_says_received_not_log_in_in_english(staff_client):
    inquiry = factories.make_inquiry(prison=factories.make_prison())
    staff_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})

    page = staff_client.get(f"/admin/exhibitions/inquiry/{inquiry.pk}/jawab/").content.decode()

    assert "<dt>Received</dt>" in page and "Log in" not in page


def test_an_officer_hears_when_someone_else_sets_their_password(corrections_client, prison):
    """Found by an attacker probe: corrections staff could set an officer's password and sign in
    as them, and nobody was told."""
    from django.core import mail

    officer = factories.make_officer(prison=prison, username="petugas.cpn", email="petugas@lapas.example")

    response = _password_reset(corrections_client, officer)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Baru-sekali-123")
    (notice,) = mail.outbox
    assert notice.to == ["petugas@lapas.example"] and notice.subject == "[Etalase] Kata sandi akun Anda diganti"
    assert "petugas.cpn" in notice.body and "Baru-sekali" not in notice.body
    from django.contrib.messages import get_messages

    assert "diberi tahu lewat surel" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_no_notice_when_the_new_password_is_refused(corrections_client, prison):
    from django.core import mail

    officer = factories.make_officer(prison=prison, username="petugas.cpn2", email="petugas2@lapas.example")
    response = corrections_client.post(
        admin_url(User, "password_change", officer.pk), {"password1": "pendek", "password2": "pendek"}
    )

    assert response.status_code == 200 and not mail.outbox


def test_a_staff_role_and_a_prison_are_not_given_in_one_save(staff_client, prison):
    """Found by an attacker probe: the profile's check read the roles already stored, so a staff
    role and a prison sent together made an account both."""
    from inmates.models import OfficerProfile

    user = factories.make_user(username="calon-staf")
    data = _user_change_data(staff_client, user)
    data["groups"] = [str(Group.objects.get(name=roles.MINISTRY_STAFF).pk)]
    data.update({"officer_profile-TOTAL_FORMS": "1", "officer_profile-0-prison": str(prison.pk)})

    response = staff_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 200
    assert "Akun staf tidak dapat dijadikan petugas lapas" in response.content.decode()
    assert not OfficerProfile.objects.filter(user=user).exists() and not user.groups.exists()
    # Either alone is fine.
    data.pop("groups")
    assert staff_client.post(admin_url(User, "change", user.pk), data).status_code == 302
    assert OfficerProfile.objects.filter(user=user, prison=prison).exists()


def test_an_officers_account_is_not_made_a_staff_account(corrections_client, prison):
    """A corrections-staff probe took petugas.cipinang's officer role away, gave it "Staf Ditjen
    PAS" and left its prison: the account saw every prison in the back office, was still listed
    as Cipinang's officer, and only a superuser could change it again. Refused while the account
    keeps its prison; the profile removed in the same save, it may become staff."""
    from inmates.models import OfficerProfile

    officer = factories.make_officer(prison=prison, username="petugas.cpn3")
    data = _user_change_data(corrections_client, officer)
    data["groups"] = [str(Group.objects.get(name=roles.CORRECTIONS_STAFF).pk)]
    data["is_staff"] = "on"

    refused = corrections_client.post(admin_url(User, "change", officer.pk), data)

    assert refused.status_code == 200
    assert "akun petugas tidak dapat dijadikan akun staf" in refused.content.decode()
    officer.refresh_from_db()
    assert not officer.is_staff and list(officer.groups.values_list("name", flat=True)) == [roles.PRISON_OFFICER]
    assert OfficerProfile.objects.filter(user=officer, prison=prison).exists()
    data["officer_profile-0-DELETE"] = "on"
    assert corrections_client.post(admin_url(User, "change", officer.pk), data).status_code == 302
    officer.refresh_from_db()
    assert officer.is_staff and not OfficerProfile.objects.filter(user=officer).exists()
