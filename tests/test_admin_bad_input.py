"""The admin's autocomplete boxes and multiple choices answer an id that is not one (``abc``,
``1,5``, a number too large for the database) with the form's own error, never a 500.

Django's autocomplete widget looked the posted ids up to show the form again and raised
ValueError for ``abc``; SQLite raised OverflowError for ``10**20`` in an ``__in`` lookup (a
user's groups). Both are walked here over every admin page and inline that has autocomplete
boxes, so a new one cannot slip through."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from inmates.admin_utils import SafeAutocompleteMixin
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

NOT_IDS = ("abc", "1,5", "²", str(10**20), "-" + str(10**20))


def _admins_with_autocomplete():
    for model, model_admin in admin.site._registry.items():
        inline_fields = [field for inline in model_admin.inlines for field in inline.autocomplete_fields]
        if model_admin.autocomplete_fields or inline_fields:
            yield pytest.param(
                model, model_admin, set(model_admin.autocomplete_fields), set(inline_fields),
                id=f"{model._meta.app_label}.{model._meta.model_name}",
            )


ADMINS = list(_admins_with_autocomplete())


def test_there_are_autocomplete_boxes_to_check():
    assert len(ADMINS) >= 20


def test_every_admin_and_inline_with_autocomplete_boxes_uses_the_safe_widgets():
    missing = []
    for model_admin in admin.site._registry.values():
        classes = [type(model_admin), *model_admin.inlines]
        for admin_class in classes:
            if admin_class.autocomplete_fields and not issubclass(admin_class, SafeAutocompleteMixin):
                missing.append(admin_class.__qualname__)
    assert missing == []


@pytest.fixture
def boss_client():
    from django.contrib.auth import get_user_model

    boss = get_user_model().objects.create_superuser("boss", "boss@example.test", "s3cret-pass-Etalase")
    client = Client()
    client.force_login(boss)
    return client


@pytest.mark.parametrize(("model", "model_admin", "fields", "inline_fields"), ADMINS)
def test_an_add_form_with_ids_that_are_not_ids_gets_form_errors(
    boss_client, model, model_admin, fields, inline_fields
):
    url = admin_url(model, "add")
    page = boss_client.get(url)
    if page.status_code == 403:
        pytest.skip("no add form in the admin (made elsewhere, e.g. sales at the sales desk)")
    assert page.status_code == 200
    data = changeform_data(page)
    for bad in NOT_IDS:
        posted = dict(data)
        for key in list(posted):
            name = re.sub(r"^.*-\d+-", "", key)
            in_inline = key != name
            if (name in inline_fields and in_inline) or (name in fields and not in_inline):
                posted[key] = [bad] if isinstance(posted[key], list) else bad
        for name in fields - set(posted):
            posted[name] = bad
        response = boss_client.post(url, posted)
        assert response.status_code == 200, (bad, response.status_code)
        assert response.context["errors"], bad  # the form shows its errors; nothing was saved
    assert model.objects.count() == 0 or model._meta.model_name in {"prison", "user"}


@pytest.mark.parametrize(("model", "model_admin", "fields", "inline_fields"), ADMINS)
def test_an_add_page_opened_with_an_id_that_is_not_one_opens(boss_client, model, model_admin, fields, inline_fields):
    """The add page takes initial values from its query string (``?exhibition=3``)."""
    if boss_client.get(admin_url(model, "add")).status_code == 403:
        pytest.skip("no add form in the admin (made elsewhere, e.g. sales at the sales desk)")
    for name in fields:
        for bad in NOT_IDS:
            response = boss_client.get(admin_url(model, "add"), {name: bad})
            assert response.status_code == 200, (name, bad)


def test_a_users_groups_with_a_number_too_large_get_a_form_error(boss_client):
    user = factories.make_user(username="petugas.baru")
    url = admin_url(type(user), "change", user.pk)
    data = changeform_data(boss_client.get(url))
    data["groups"] = [str(10**20)]
    response = boss_client.post(url, data)
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert list(user.groups.all()) == []


def test_in_on_an_integer_field_ignores_values_the_database_cannot_hold():
    group = Group.objects.create(name="Uji")
    assert list(Group.objects.filter(pk__in=[10**20, group.pk])) == [group]
    assert list(Group.objects.filter(pk__in=[10**20])) == []
    assert list(Group.objects.filter(pk__in=[-(10**20)])) == []
    assert group in Group.objects.exclude(pk__in=[10**20])


# --- Other ids and values the admin's own links never carry ---------------------------------------


def _date_filters():
    from django.db import models

    for model, model_admin in admin.site._registry.items():
        for entry in model_admin.list_filter:
            name = entry[0] if isinstance(entry, (tuple, list)) else entry
            if not isinstance(name, str):
                continue
            field = next((f for f in model._meta.get_fields() if f.name == name), None)
            if isinstance(field, models.DateField):
                yield pytest.param(model, name, id=f"{model._meta.model_name}.{name}")


DATE_FILTERS = list(_date_filters())
FAR_DATES = ("0001-01-01", "9999-12-31", "0001-01-01 00:00:00+14:00", "2026-02-31", "abc")


def test_there_are_date_filters_to_check():
    assert len(DATE_FILTERS) >= 5


@pytest.mark.parametrize(("model", "name"), DATE_FILTERS)
def test_a_date_filter_far_off_the_calendar_is_refused_like_any_bad_filter(boss_client, model, name):
    for value in FAR_DATES:
        for lookup in ("gte", "lt"):
            response = boss_client.get(admin_url(model, "changelist"), {f"{name}__{lookup}": value})
            assert response.status_code in (200, 302), (value, lookup, response.status_code)
            if response.status_code == 302:
                assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("bad", ["abc", "1.5", "%00", "-1", str(10**20)])
def test_history_pages_with_an_id_that_is_not_one_are_not_found(boss_client, prison, bad):
    product = factories.make_product(prison=prison)
    base = f"/admin/products/product/{product.pk}/history/"
    assert boss_client.get(base).status_code == 200
    assert boss_client.get(f"/admin/products/product/{bad}/history/").status_code in (302, 404)
    assert boss_client.get(f"{base}{bad}/").status_code == 404
    assert boss_client.get(f"/admin/products/product/{bad}/history/1/").status_code == 404


def test_an_officer_gets_404_for_history_ids_that_are_not_ids(prison):
    from inmates import roles

    staff = factories.make_user(role=roles.CORRECTIONS_STAFF, username="staf.lapas")
    client = Client()
    client.force_login(staff)
    for url in ("/admin/inmates/inmate/abc/history/", "/admin/inmates/consent/1.5/history/1/"):
        assert client.get(url).status_code in (302, 403, 404), url


# --- Every changelist: filters and action selections its own links never send --------------------

ALL_ADMINS = [
    pytest.param(model, id=f"{model._meta.app_label}.{model._meta.model_name}")
    for model in admin.site._registry
]


def _first_date_field(model):
    from django.db import models

    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateField):
            return field
    return None


def test_every_registered_admin_checks_its_input():
    from config.admin_input import AdminInputChecksMixin

    assert all(isinstance(model_admin, AdminInputChecksMixin) for model_admin in admin.site._registry.values())


@pytest.mark.parametrize("model", ALL_ADMINS)
def test_a_changelist_filtered_with_values_no_database_takes_is_a_bad_filter_not_a_500(boss_client, model):
    url = admin_url(model, "changelist")
    if boss_client.get(url).status_code == 403:
        pytest.skip("no list for anybody")
    queries = [{"pk__in": "abc"}, {"pk__in": str(10**20)}, {"pk": "1.5"}]
    field = _first_date_field(model)
    if field is not None:
        name = field.name
        queries += [
            {f"{name}__year": "10000"},
            {f"{name}__year__gte": "-1"},
            {f"{name}__iso_year": "0"},
            {f"{name}__year": str(10**20)},
            {name: "0001-01-01"},
            {f"{name}__lte": "9999-12-31T23:59:59-12:00"},
        ]
    for query in queries:
        response = boss_client.get(url, query)
        assert response.status_code in (200, 302), (query, response.status_code)
        if response.status_code == 302:
            assert response["Location"].endswith("?e=1"), query


@pytest.mark.parametrize("model", ALL_ADMINS)
def test_an_action_on_ids_that_are_not_ids_selects_nothing(boss_client, model):
    url = admin_url(model, "changelist")
    if boss_client.get(url).status_code == 403:
        pytest.skip("no list for anybody")
    for selected in (["abc"], [str(10**20)], ["²", "1,5"]):
        response = boss_client.post(
            url, {"action": "export_as_csv", "_selected_action": selected, "index": "0"}
        )
        assert response.status_code in (200, 302), (selected, response.status_code)
        if response.status_code == 302:  # Django's "Items must be selected…", in Indonesian
            messages = [str(m) for m in response.wsgi_request._messages]
            assert messages, selected


def test_an_action_keeps_the_real_ids_it_was_sent(boss_client, prison):
    product = factories.make_product(prison=prison, name="Tas Anyaman Pandan")
    response = boss_client.post(
        admin_url(type(product), "changelist"),
        {"action": "export_as_csv", "_selected_action": [str(product.pk), "abc"], "index": "0"},
    )
    assert response.status_code == 200
    assert "Tas Anyaman Pandan" in response.content.decode()


@pytest.mark.parametrize("field", ["date_joined", "last_login"])
def test_a_users_dates_far_off_the_calendar_get_a_form_error(boss_client, field):
    user = factories.make_user(username="petugas.tanggal")
    url = admin_url(type(user), "change", user.pk)
    data = changeform_data(boss_client.get(url))
    data[f"{field}_0"], data[f"{field}_1"] = "01/01/0001", "00:00"
    response = boss_client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and "tidak masuk akal" in str(errors[field])
    user.refresh_from_db()
    assert user.date_joined.year > 1900


# --- Found by the second probe: inline swaps, custom pages, inline dates, consent history --------


def test_swapping_two_booth_codes_in_one_save_is_refused_with_a_message_and_changes_nothing(boss_client):
    from exhibitions.models import Booth

    exhibition = factories.make_exhibition()
    first = Booth.objects.create(exhibition=exhibition, code="A-01")
    second = Booth.objects.create(exhibition=exhibition, code="A-02")
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(boss_client.get(url))
    codes = {key: value for key, value in data.items() if key.startswith("booths-") and key.endswith("-code")}
    swapped = {key: {"A-01": "A-02", "A-02": "A-01"}.get(value, value) for key, value in codes.items()}
    assert sorted(codes.values())[:2] == ["A-01", "A-02"]
    data.update(swapped)

    response = boss_client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 302 and response["Location"] == url
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Tidak ada yang disimpan" in m for m in messages), messages
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.code, second.code) == ("A-01", "A-02")


@pytest.mark.parametrize("page", ["stan", "denah", "stok", "pengunjung"])
@pytest.mark.parametrize("bad", ["abc", "1.5", "%C2%B2"])
def test_the_exhibitions_own_pages_with_an_id_that_is_not_one_are_not_found(boss_client, page, bad):
    assert boss_client.get(f"/admin/exhibitions/exhibition/{bad}/{page}/").status_code == 404


@pytest.mark.parametrize("bad", ["abc", "1.5"])
def test_competition_results_with_an_id_that_is_not_one_are_not_found(boss_client, bad):
    assert boss_client.get(f"/admin/exhibitions/competition/{bad}/hasil/").status_code == 404


def test_a_programme_row_in_year_one_is_a_form_error_in_the_exhibition_form(boss_client):
    exhibition = factories.make_exhibition()
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(boss_client.get(url))
    from exhibitions.models import ProgrammeItem

    data.update(
        {
            "programme-TOTAL_FORMS": "1",
            "programme-0-kind": ProgrammeItem._meta.get_field("kind").choices[0][0],
            "programme-0-title": "Peragaan busana",
            "programme-0-place": "Panggung utama",
            "programme-0-starts_at_0": "01-01-0001",
            "programme-0-starts_at_1": "00:00",
            "programme-0-ends_at_0": "03-04-2018",
            "programme-0-ends_at_1": "10:00",
        }
    )
    response = boss_client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "Tahun 1 tidak masuk akal" in response.content.decode()
    assert not exhibition.programme.exists()


def test_a_consents_history_is_shown_but_never_saved_back(boss_client):
    from django.utils import timezone

    consent = factories.make_consent()
    consent.withdrawn_on = timezone.now()
    consent.save()
    version = consent.history.order_by("history_id").first()
    url = f"/admin/inmates/consent/{consent.pk}/history/{version.history_id}/"
    page = boss_client.get(url)
    assert page.status_code == 200
    assert boss_client.post(url, {"title": "x"}).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None  # still withdrawn: not made public again


def test_the_list_after_a_bad_filter_says_that_the_filter_was_ignored(staff_client):
    from products.models import Product

    url = admin_url(Product, "changelist")
    redirected = staff_client.get(url, {"created_at__year": "10000"})
    assert redirected.status_code == 302 and redirected["Location"].endswith("?e=1")

    response = staff_client.get(redirected["Location"])

    assert response.status_code == 200
    assert "Saringan pada alamat halaman tidak dapat dipakai" in response.content.decode()
    assert "Saringan pada alamat" not in staff_client.get(url).content.decode()


def test_two_rows_with_one_booth_code_are_named_by_the_fields_label(boss_client):
    """Django said "Perbaiki data ganda untuk code." (the column's code name). Booth codes are
    unique whatever their case, which Django does not compare between rows: our formset does, and
    marks the repeated row's code."""
    from exhibitions.models import Booth

    exhibition = factories.make_exhibition()
    Booth.objects.create(exhibition=exhibition, code="A-01")
    Booth.objects.create(exhibition=exhibition, code="A-02")
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(boss_client.get(url))
    key = next(k for k, v in data.items() if k.startswith("booths-") and k.endswith("-code") and v == "A-01")
    data[key] = "A-02"

    response = boss_client.post(url, data)

    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Booth)
    assert "Perbaiki data ganda untuk code" not in response.content.decode()
    row_errors = [error for form in formset.forms for error in form.errors.get("code", [])]
    assert row_errors == [
        "Kode stan ini sama dengan baris lain (huruf besar dan kecil tidak dibedakan); ubah salah satunya."
    ]
    assert "nilai ganda di bawah" not in response.content.decode()
    assert sorted(Booth.objects.values_list("code", flat=True)) == ["A-01", "A-02"]


def test_dates_in_the_wrong_order_and_zero_quantities_are_marked_beside_their_field(boss_client):
    """They were told at the top of the form only (the check constraints' messages)."""
    from programs.models import Aid, Training

    exhibition = factories.make_exhibition()
    url = admin_url(type(exhibition), "change", exhibition.pk)
    data = changeform_data(boss_client.get(url))
    data.update({"start_date": "06/04/2018", "end_date": "03/04/2018"})
    errors = boss_client.post(url, data).context["adminform"].form.errors
    assert errors["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    assert "__all__" not in errors
    data.update(
        {
            "start_date": "03/04/2018",
            "end_date": "06/04/2018",
            "opening_time": "17.00",
            "closing_time": "09.00",
            "registration_opens_0": "01/03/2018",
            "registration_opens_1": "10.00",
            "registration_closes_0": "01/02/2018",
            "registration_closes_1": "10.00",
        }
    )
    errors = boss_client.post(url, data).context["adminform"].form.errors
    assert errors["closing_time"] == ["Jam tutup harus setelah jam buka."]
    assert errors["registration_closes"] == ["Pendaftaran harus ditutup setelah dibuka."]
    assert "__all__" not in errors

    training = factories.make_training()
    url = admin_url(Training, "change", training.pk)
    data = changeform_data(boss_client.get(url))
    data["capacity"] = "0"
    errors = boss_client.post(url, data).context["adminform"].form.errors
    assert errors["capacity"] == ["Kapasitas harus lebih dari nol."] and "__all__" not in errors

    url = admin_url(Aid, "add")
    data = changeform_data(boss_client.get(url))
    data.update({"prison": str(training.prison_id), "items": "Mesin jahit", "quantity": "0", "delivered_on": "01/03/2018"})
    errors = boss_client.post(url, data).context["adminform"].form.errors
    assert errors["quantity"] == ["Jumlah harus lebih dari nol."]
    assert "__all__" not in errors


def test_impossible_sizes_in_the_admin_are_refused_with_their_bound(boss_client):
    """Found by a probe: a price of Rp 99.999.999.999.999 and 99,999,999 lesson hours were stored."""
    from products.models import Product
    from programs.models import Training

    product = factories.make_product()
    url = admin_url(Product, "change", product.pk)
    data = changeform_data(boss_client.get(url))
    data.update({"price": "99999999999999", "weight_grams": "5000000", "monthly_capacity": "9999999"})
    errors = boss_client.post(url, data).context["adminform"].form.errors
    assert errors["price"] == ["Harga terlalu besar: paling banyak Rp 10.000.000.000."]
    assert errors["weight_grams"] == ["Berat terlalu besar: paling banyak 1.000.000 gram (1 ton)."]
    assert errors["monthly_capacity"] == ["Kapasitas terlalu besar: paling banyak 100.000 buah per bulan."]
    product.refresh_from_db()
    assert product.price == 150000

    training = factories.make_training()
    url = admin_url(Training, "change", training.pk)
    data = changeform_data(boss_client.get(url))
    data["hours"] = "9999"
    errors = boss_client.post(url, data).context["adminform"].form.errors
    assert errors["hours"] == ["Jumlah jam pelajaran paling banyak 500."]


def test_a_history_list_speaks_indonesian(boss_client):
    """It said "CHANGES" and "None" for a missing user."""
    import re

    consent = factories.make_consent()
    consent.notes = "Dibacakan di depan saksi."
    consent.save()

    content = boss_client.get(f"/admin/inmates/consent/{consent.pk}/history/").content.decode()
    table = re.search(r'<table id="change-history".*?</table>', content, re.S).group(0)

    assert "Perubahan" in table and "Diubah oleh" in table
    for english in ("Changes", "Changed by", "Date/time", ">None<", "notes:"):
        assert english not in table, english
    assert "<strong>Catatan:</strong>" in table
    assert f"Persetujuan {date_format(timezone.localtime(consent.given_on))}: {consent.inmate}" in table


def _typing_boxes(html: str) -> list[str]:
    """The boxes of the page's form one could type into or pick a file with (not the hidden
    CSRF field, nor the search box of the admin's header)."""
    import re

    form = html.split('id="content-main"', 1)[-1]
    return re.findall(r'<(?:textarea|select)\b[^>]*>|<input\b(?![^>]*type="hidden")[^>]*>', form)


def test_a_version_that_cannot_be_saved_back_is_shown_as_text(boss_client):
    """A consent's recorded version (never reverted) used to show editable boxes, a file picker
    and notes to type into, whose saving was refused (403)."""
    consent = factories.make_consent()
    version = consent.history.order_by("history_id").first()
    html = boss_client.get(f"/admin/inmates/consent/{consent.pk}/history/{version.history_id}/").content.decode()

    assert _typing_boxes(html) == []
    assert 'name="_save"' not in html
    assert consent.inmate.legal_name in html  # the values are still shown, as text
    # Breadcrumbs name the app and the list as elsewhere, not "Inmates › Historical …".
    assert "Historical" not in html and ">Inmates<" not in html
    assert ">Persetujuan publikasi</a>" in html


def test_a_view_only_user_sees_a_product_version_as_text_and_a_curator_may_revert(corrections_client, staff_client):
    product = factories.make_product(name="Tas Anyaman Lama")
    product.name = "Tas Anyaman Baru"
    product.save()
    version = product.history.order_by("history_id").first()
    url = f"/admin/products/product/{product.pk}/history/{version.history_id}/"

    read_only = corrections_client.get(url).content.decode()
    assert _typing_boxes(read_only) == [] and 'name="_save"' not in read_only
    assert "Tas Anyaman Lama" in read_only

    revertible = staff_client.get(url).content.decode()
    assert 'name="_save"' in revertible
    assert 'name="name"' in revertible and 'value="Tas Anyaman Lama"' in revertible


def test_money_in_the_admin_is_written_as_people_write_rupiah(boss_client):
    """Found by a new user's probe: an aid worth "12.500.000" was refused, and Django's integer
    box read a price of "150.000" as Rp 150."""
    from products.models import Product
    from programs.models import Aid

    product = factories.make_product()
    url = admin_url(Product, "change", product.pk)
    page = boss_client.get(url)
    assert 'name="price" value="150.000"' in page.content.decode()  # shown as it is written
    data = changeform_data(page)
    data["price"] = "175.000"
    assert boss_client.post(url, data).status_code == 302
    product.refresh_from_db()
    assert product.price == 175000

    prison = factories.make_prison()
    url = admin_url(Aid, "add")
    data = changeform_data(boss_client.get(url))
    data.update({"kind": Aid.Kind.EQUIPMENT, "prison": str(prison.pk), "items": "Mesin jahit", "quantity": "2", "given_on": "01/03/2018"})
    saved = boss_client.post(url, {**data, "value": "Rp 12.500.000"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert Aid.objects.get().value == 12_500_000
    for typed, message in [
        ("12.500.000,50", "tanpa sen"),
        ("-5.000", "tidak boleh negatif"),
        ("dua juta", "Tulis jumlah dalam rupiah"),
        ("99999999999999999999", "Terlalu besar: paling banyak Rp"),
    ]:
        errors = boss_client.post(url, {**data, "value": typed}).context["adminform"].form.errors
        assert message in errors["value"][0], (typed, errors["value"])


@pytest.mark.parametrize("url", ["/admin/inmates/inmate/", "/admin/products/product/", "/admin/inmates/inmate/add/"])
def test_a_hidden_relation_as_to_field_is_a_bad_request_not_a_500(boss_client, url):
    """Found by the changelist fuzzing: "?_to_field=+" named a historical model's hidden relation."""
    assert boss_client.get(url, {"_to_field": "+"}).status_code == 400
