"""Follow-up of released participants at 3, 6 and 12 months: officers of their prison and staff
record it, once per milestone, and none of it ever reaches a public page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from inmates.models import Inmate
from programs.models import FollowUp
from programs.selectors import FollowUpMilestone, add_months, followup_milestones, portal_released_inmates
from programs.services import followup_record
from tests import factories
from tests.admin_helpers import admin_url, changeform_data
from tests.public_crawl import crawl

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def released(prison, *, months_ago: int = 7, days_more: int = 10, **kwargs) -> Inmate:
    """An inmate of ``prison`` released ``months_ago`` months (and ``days_more`` days) ago."""
    release_date = add_months(TODAY, -months_ago) - datetime.timedelta(days=days_more)
    return factories.make_inmate(prison=prison, status="released", release_date=release_date, **kwargs)


def record(inmate, months=3, **kwargs):
    kwargs.setdefault("recorded_on", add_months(inmate.release_date, months))
    kwargs.setdefault("has_business", True)
    kwargs.setdefault("sector", "Konveksi")
    kwargs.setdefault("user", None)
    return followup_record(inmate=inmate, months_after_release=months, **kwargs)


def form_data(**overrides):
    data = {
        "months_after_release": "3",
        "recorded_on": "",
        "in_contact": "True",
        "has_business": "True",
        "sector": "Batik tulis",
        "business_name": "Batik Sekar Jagad",
        "employees": "2",
        "turnover_band": "1-5m",
        "notes": "Dikunjungi di rumah.",
    }
    data.update(overrides)
    return data


# --- The schedule


def test_followup_milestones_states_from_release_date():
    inmate = factories.make_inmate(status="released", release_date=datetime.date(2018, 1, 31))
    FollowUp.objects.create(
        inmate=inmate, months_after_release=3, recorded_on=datetime.date(2018, 5, 2), has_business=False
    )
    inmate = portal_released_inmates(user=factories.make_user(role="Staf Kemenperin")).get(pk=inmate.pk)

    milestones = followup_milestones(inmate=inmate, today=datetime.date(2018, 8, 15))

    assert [(m.months, m.due_on, m.earliest_on, m.state) for m in milestones] == [
        (3, datetime.date(2018, 4, 30), datetime.date(2018, 3, 31), FollowUpMilestone.RECORDED),
        (6, datetime.date(2018, 7, 31), datetime.date(2018, 6, 30), FollowUpMilestone.DUE),
        (12, datetime.date(2019, 1, 31), datetime.date(2018, 12, 31), FollowUpMilestone.UPCOMING),
    ]
    later = followup_milestones(inmate=inmate, today=datetime.date(2018, 9, 1))
    assert later[1].state == FollowUpMilestone.OVERDUE


# --- The portal list


def test_followup_list_shows_own_released_inmates_only(officer_client, prison, other_prison):
    mine = released(prison, legal_name="Robert Bebas Sendiri")
    released(other_prison, legal_name="Bebas Lapas Lain")
    factories.make_inmate(prison=prison, legal_name="Masih Aktif Sendiri")

    response = officer_client.get(reverse("portal:followup-list"))

    assert response.status_code == 200
    assert [inmate.pk for inmate, _m in response.context["rows"]] == [mine.pk]
    body = response.content.decode()
    assert "Robert Bebas Sendiri" in body
    assert "Bebas Lapas Lain" not in body and "Masih Aktif Sendiri" not in body


def test_followup_list_offers_the_milestones_that_may_be_recorded(officer_client, prison):
    # Released 7 months and 10 days ago: 3 months overdue (recorded below), 6 months due, 12 upcoming.
    inmate = released(prison)
    record(inmate, 3, has_business=False)

    response = officer_client.get(reverse("portal:followup-list"))

    body = response.content.decode()
    create = reverse("portal:followup-create", args=[inmate.pk])
    assert f'href="{create}?bulan=6"' in body
    assert f"{create}?bulan=3" not in body
    assert f"{create}?bulan=12" not in body
    assert "Belum berusaha" in body
    assert response.context["waiting"] == 1


def test_followup_list_queries_do_not_grow_with_rows(officer_client, prison):
    url = reverse("portal:followup-list")
    record(released(prison), 3)
    officer_client.get(url)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url)
    for _ in range(3):
        record(released(prison), 6)

    with CaptureQueriesContext(connection) as four:
        response = officer_client.get(url)

    assert len(response.context["rows"]) == 4
    assert len(four) == len(one)


# --- Recording in the portal


def test_followup_create_records_with_the_officer(officer_client, officer, prison):
    inmate = released(prison)
    url = reverse("portal:followup-create", args=[inmate.pk])
    recorded_on = add_months(inmate.release_date, 6)

    response = officer_client.post(url, form_data(months_after_release="6", recorded_on=recorded_on.isoformat()))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:followup-list")
    follow_up = FollowUp.objects.get(inmate=inmate)
    assert (
        follow_up.months_after_release,
        follow_up.recorded_on,
        follow_up.has_business,
        follow_up.sector,
        follow_up.business_name,
        follow_up.employees,
        follow_up.turnover_band,
        follow_up.in_contact,
        follow_up.recorded_by,
    ) == (6, recorded_on, True, "Batik tulis", "Batik Sekar Jagad", 2, "1-5m", True, officer)


def test_followup_form_says_what_is_wrong_with_a_date_or_a_count(officer_client, prison):
    """A bad-input probe got "Tanggal tidak valid." (no example, unlike every other date field)
    and the database's bound, "Nilai ini paling besar 32767.", for the number of workers."""
    inmate = released(prison)
    url = reverse("portal:followup-create", args=[inmate.pk])

    response = officer_client.post(
        url, form_data(months_after_release="6", recorded_on="2026-02-31", employees="999999999999")
    )

    errors = response.context["form"].errors
    assert errors["recorded_on"] == ["Tulis tanggal yang benar, misalnya 17-08-2018 atau 17 Agustus 2018."]
    assert errors["employees"] == ["Periksa jumlah pekerjanya: paling banyak 10.000 orang."]
    assert not FollowUp.objects.exists()


def test_followup_create_preselects_the_milestone_from_the_link(officer_client, prison):
    inmate = released(prison)

    response = officer_client.get(reverse("portal:followup-create", args=[inmate.pk]) + "?bulan=6")

    assert response.status_code == 200
    assert response.context["form"]["months_after_release"].value() == 6
    assert inmate.legal_name in response.content.decode()


@pytest.mark.parametrize("months", ["7", "²", "9" * 5000, "0006"])
def test_followup_create_ignores_a_milestone_link_that_is_not_one(officer_client, prison, months):
    inmate = released(prison)

    response = officer_client.get(reverse("portal:followup-create", args=[inmate.pk]), {"bulan": months})

    assert response.status_code == 200
    assert response.context["form"]["months_after_release"].value() in (None, "")


def test_followup_create_same_milestone_twice_is_a_form_error(officer_client, prison):
    inmate = released(prison)
    first = record(inmate, 3)
    url = reverse("portal:followup-create", args=[inmate.pk])

    response = officer_client.post(url, form_data(recorded_on=TODAY.isoformat()))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["months_after_release"] == [
        f"Pemantauan 3 bulan sudah dicatat pada {date_format(first.recorded_on, 'j F Y')}."
    ]
    assert FollowUp.objects.filter(inmate=inmate).count() == 1


def test_followup_record_service_refuses_a_second_record_of_a_milestone():
    inmate = factories.make_inmate(status="released", release_date=datetime.date(2018, 1, 15))
    record(inmate, 3)

    with pytest.raises(ValidationError) as error:
        record(inmate, 3, recorded_on=datetime.date(2018, 5, 1))

    assert error.value.message_dict == {"months_after_release": ["Pemantauan 3 bulan sudah dicatat pada 15 April 2018."]}


def test_followup_create_refuses_a_future_date_and_one_before_the_milestone(officer_client, prison):
    inmate = released(prison)
    url = reverse("portal:followup-create", args=[inmate.pk])
    earliest = add_months(inmate.release_date, 2)  # of the 3-month follow-up

    future = officer_client.post(url, form_data(recorded_on=(TODAY + datetime.timedelta(days=1)).isoformat()))
    too_early = officer_client.post(url, form_data(recorded_on=(earliest - datetime.timedelta(days=1)).isoformat()))

    assert future.context["form"].errors == {"recorded_on": ["Tanggal pemantauan tidak boleh di masa depan."]}
    assert too_early.context["form"].errors == {
        "recorded_on": [f"Pemantauan 3 bulan paling cepat dicatat pada {date_format(earliest, 'j F Y')}."]
    }
    assert FollowUp.objects.count() == 0


def test_followup_create_says_every_error_at_once(officer_client, prison):
    # Found by an officer's probe: the date before the milestone came up only once the number of
    # workers was put right.
    inmate = released(prison)
    url = reverse("portal:followup-create", args=[inmate.pk])
    earliest = add_months(inmate.release_date, 2)

    response = officer_client.post(url, form_data(recorded_on="1900-01-01", employees="-5"))

    errors = response.context["form"].errors
    assert set(errors) == {"recorded_on", "employees"}
    assert errors["recorded_on"] == [f"Pemantauan 3 bulan paling cepat dicatat pada {date_format(earliest, 'j F Y')}."]
    assert FollowUp.objects.count() == 0


def test_followup_create_business_needs_a_sector_and_no_business_clears_it(officer_client, prison):
    inmate = released(prison)
    url = reverse("portal:followup-create", args=[inmate.pk])
    on = add_months(inmate.release_date, 3).isoformat()

    missing = officer_client.post(url, form_data(recorded_on=on, sector=""))
    without = officer_client.post(url, form_data(recorded_on=on, has_business="False", in_contact="False"))

    assert missing.context["form"].errors == {"sector": ["Isi bidang usahanya."]}
    assert without.status_code == 302
    follow_up = FollowUp.objects.get(inmate=inmate)
    assert (follow_up.has_business, follow_up.sector, follow_up.business_name, follow_up.employees) == (
        False,
        "",
        "",
        0,
    )
    assert (follow_up.turnover_band, follow_up.in_contact) == ("none", False)


def test_followup_create_other_prisons_or_unreleased_inmate_is_not_found(officer_client, prison, other_prison):
    foreign = released(other_prison)
    active = factories.make_inmate(prison=prison)

    for inmate in (foreign, active):
        url = reverse("portal:followup-create", args=[inmate.pk])
        assert officer_client.get(url).status_code == 404
        assert officer_client.post(url, form_data(recorded_on=TODAY.isoformat())).status_code == 404
    assert FollowUp.objects.count() == 0


def test_followup_create_anonymous_and_visitor(client, prison):
    url = reverse("portal:followup-create", args=[released(prison).pk])

    assert client.get(url)["Location"] == f"/masuk/?next={url}"
    client.force_login(factories.make_user())
    assert client.get(url).status_code == 403


# --- Staff in the admin


def test_admin_followup_add_records_the_staff_member(staff_client, staff_user):
    inmate = factories.make_inmate(status="released", release_date=datetime.date(2018, 1, 15))
    data = changeform_data(staff_client.get(admin_url(FollowUp, "add")))
    data.update(
        {
            "inmate": str(inmate.pk),
            "months_after_release": "12",
            "recorded_on": "20/01/2019",
            "has_business": "on",
            "sector": "Mebel",
            "business_name": "Mebel Jati Sinaga",
            "employees": "3",
            "turnover_band": "5-25m",
            "in_contact": "on",
        }
    )

    response = staff_client.post(admin_url(FollowUp, "add"), data)

    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.inmate, follow_up.months_after_release, follow_up.business_name, follow_up.recorded_by) == (
        inmate,
        12,
        "Mebel Jati Sinaga",
        staff_user,
    )


def test_admin_followup_duplicate_milestone_is_a_form_error(staff_client):
    inmate = factories.make_inmate(status="released", release_date=datetime.date(2018, 1, 15))
    record(inmate, 6)
    data = changeform_data(staff_client.get(admin_url(FollowUp, "add")))
    data.update({"inmate": str(inmate.pk), "months_after_release": "6", "recorded_on": "20/07/2018"})

    response = staff_client.post(admin_url(FollowUp, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["months_after_release"] == [
        "Pemantauan 6 bulan sudah dicatat pada 15 Juli 2018."
    ]
    assert FollowUp.objects.count() == 1


def test_admin_followup_for_an_inmate_not_released_is_refused(staff_client):
    inmate = factories.make_inmate()
    data = changeform_data(staff_client.get(admin_url(FollowUp, "add")))
    data.update({"inmate": str(inmate.pk), "months_after_release": "3", "recorded_on": "20/07/2018"})

    response = staff_client.post(admin_url(FollowUp, "add"), data)

    assert response.context["adminform"].form.errors["inmate"] == [
        "Pemantauan hanya untuk warga binaan yang sudah bebas."
    ]
    assert FollowUp.objects.count() == 0


# --- Never public

SECRET_BUSINESS = "ZZUSAHARAHASIA Mebel Jati"
SECRET_SECTOR = "ZZBIDANGRAHASIA"
SECRET_NOTE = "ZZCATATANRAHASIA"


def test_followup_never_appears_on_public_pages(client):
    prison = factories.make_prison(name="Lapas Kelas IIA Medan Publik", slug="lapas-medan-publik")
    maker = factories.make_inmate(
        prison=prison, status="released", release_date=datetime.date(2018, 1, 15), display_name="Pak Robert"
    )
    factories.make_consent(inmate=maker)
    product = factories.make_product(prison=prison, name="Kursi Jati Ukir")
    product.makers.add(maker)
    for months, recorded_on in ((3, datetime.date(2018, 4, 16)), (6, datetime.date(2018, 7, 16))):
        record(
            maker,
            months,
            recorded_on=recorded_on,
            business_name=SECRET_BUSINESS,
            sector=SECRET_SECTOR,
            notes=SECRET_NOTE,
        )

    result = crawl(client, ["/", "/produk/", f"/lapas/{prison.slug}/", "/robots.txt", "/sitemap.xml"])

    assert {"/", "/produk/", f"/lapas/{prison.slug}/"} <= set(result.responses)
    assert any("Kursi Jati Ukir" in body for _path, body in result.bodies())
    for path, body in result.bodies():
        for secret in (SECRET_BUSINESS, SECRET_SECTOR, SECRET_NOTE):
            assert secret not in body, (path, secret)
