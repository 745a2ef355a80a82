"""The programme: items on the exhibition's days, and no two items at one place at once."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from exhibitions.models import Exhibition, ProgrammeItem, TimeZone
from exhibitions.services import programme_item_hours_warning, programme_item_save
from tests import factories
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0, zone=WIB) -> datetime.datetime:
    return datetime.datetime(2018, 4, day, hour, minute, tzinfo=zone)


@pytest.fixture
def exhibition():
    return factories.make_exhibition(title="Pameran 2018")  # 3-6 April 2018, WIB


def _item(exhibition, start, end, place="Panggung utama", title="Acara", **kwargs) -> ProgrammeItem:
    return ProgrammeItem(
        exhibition=exhibition, kind=ProgrammeItem.Kind.DEMO, title=title, starts_at=start, ends_at=end,
        place=place, **kwargs,
    )


def _save(item, user):
    return programme_item_save(item=item, user=user)


def test_programme_item_overlapping_at_the_same_place_is_refused(exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12), title="Peragaan Busana"), staff_user)

    with pytest.raises(ValidationError) as raised:
        _save(_item(exhibition, at(4, 11, 30), at(4, 13)), staff_user)

    assert raised.value.message_dict["place"] == [
        "Bentrok dengan “Peragaan Busana” di Panggung utama, 4 April 2018, 10.00–12.00 WIB."
    ]
    assert ProgrammeItem.objects.count() == 1


@pytest.mark.parametrize(
    "start, end",
    [
        (at(4, 9), at(4, 13)),  # around it
        (at(4, 10, 30), at(4, 11)),  # inside it
        (at(4, 10), at(4, 12)),  # the very same time
        (at(4, 9), at(4, 10, 1)),  # one minute into it
    ],
)
def test_programme_item_every_kind_of_overlap_is_a_clash(exhibition, staff_user, start, end):
    _save(_item(exhibition, at(4, 10), at(4, 12)), staff_user)

    with pytest.raises(ValidationError):
        _save(_item(exhibition, start, end), staff_user)


def test_programme_item_adjacent_at_the_same_place_is_fine(exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12)), staff_user)

    _save(_item(exhibition, at(4, 12), at(4, 13)), staff_user)
    _save(_item(exhibition, at(4, 9), at(4, 10)), staff_user)

    assert ProgrammeItem.objects.count() == 3


def test_programme_item_same_time_at_another_place_is_fine(exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12), place="Panggung utama"), staff_user)

    _save(_item(exhibition, at(4, 10), at(4, 12), place="Area demo Zona B"), staff_user)

    assert ProgrammeItem.objects.count() == 2


def test_programme_item_place_is_compared_ignoring_case_and_spaces(exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12), place="Panggung utama"), staff_user)

    with pytest.raises(ValidationError):
        _save(_item(exhibition, at(4, 11), at(4, 12), place="  panggung   UTAMA "), staff_user)


def test_programme_item_without_place_never_clashes(exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12), place=""), staff_user)

    _save(_item(exhibition, at(4, 10), at(4, 12), place=""), staff_user)

    assert ProgrammeItem.objects.count() == 2


def test_programme_item_of_another_exhibition_never_clashes(exhibition, staff_user):
    _save(_item(factories.make_exhibition(), at(4, 10), at(4, 12)), staff_user)

    _save(_item(exhibition, at(4, 10), at(4, 12)), staff_user)

    assert ProgrammeItem.objects.count() == 2


def test_programme_item_moved_within_its_own_slot_is_no_clash_with_itself(exhibition, staff_user):
    item = _save(_item(exhibition, at(4, 10), at(4, 12)), staff_user)

    item.ends_at = at(4, 12, 30)
    _save(item, staff_user)

    assert ProgrammeItem.objects.get().ends_at == at(4, 12, 30)


def test_programme_item_outside_the_exhibition_days_is_refused(exhibition, staff_user):
    with pytest.raises(ValidationError) as raised:
        _save(_item(exhibition, at(7, 10), at(7, 11)), staff_user)

    assert raised.value.message_dict["starts_at"] == [
        "Acara harus berlangsung pada hari pameran (3 April 2018 sampai 6 April 2018)."
    ]
    assert not ProgrammeItem.objects.exists()


def test_programme_item_days_are_judged_in_the_venues_zone(staff_user):
    makassar = factories.make_exhibition(timezone=TimeZone.WITA)  # 3-6 April, WITA = WIB + 1
    # 23.30 WIB on 2 April is 00.30 WITA on 3 April: the first day, at the venue.
    _save(_item(makassar, at(2, 23, 30), at(3, 0, 30)), staff_user)
    # 23.30 WIB on 6 April is 00.30 WITA on 7 April: after the last day.
    with pytest.raises(ValidationError):
        _save(_item(makassar, at(6, 23, 30), at(7, 0, 30)), staff_user)

    assert ProgrammeItem.objects.count() == 1


# --- Admin inline on the exhibition ---------------------------------------------------------------


def _inline_data(staff_client, exhibition, rows):
    """The exhibition's change form with ``rows`` (start, end, place, title) added as new items."""
    url = admin_url(Exhibition, "change", exhibition.pk)
    data = changeform_data(staff_client.get(url))
    first = int(data["programme-TOTAL_FORMS"])
    for offset, (start, end, place, title) in enumerate(rows):
        i = first + offset
        data.update(
            {
                f"programme-{i}-starts_at_0": start.strftime("%Y-%m-%d"),
                f"programme-{i}-starts_at_1": start.strftime("%H:%M:%S"),
                f"programme-{i}-ends_at_0": end.strftime("%Y-%m-%d"),
                f"programme-{i}-ends_at_1": end.strftime("%H:%M:%S"),
                f"programme-{i}-kind": ProgrammeItem.Kind.DEMO,
                f"programme-{i}-title": title,
                f"programme-{i}-place": place,
                f"programme-{i}-host": "",
            }
        )
    data["programme-TOTAL_FORMS"] = str(first + len(rows))
    return url, data


def _programme_errors(response):
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is ProgrammeItem)
    return [dict(form.errors) for form in formset.forms]


def test_exhibition_admin_inline_shows_a_clash_with_a_saved_item_next_to_it(staff_client, exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12), title="Demo Membatik"), staff_user)
    url, data = _inline_data(staff_client, exhibition, [(at(4, 11), at(4, 12), "Panggung utama", "Talk Show")])

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert _programme_errors(response)[-1] == {
        "place": ["Bentrok dengan “Demo Membatik” di Panggung utama, 4 April 2018, 10.00–12.00 WIB."]
    }
    assert list(ProgrammeItem.objects.values_list("title", flat=True)) == ["Demo Membatik"]


def test_exhibition_admin_inline_shows_a_clash_between_two_new_items(staff_client, exhibition):
    url, data = _inline_data(
        staff_client,
        exhibition,
        [
            (at(5, 13), at(5, 15), "Panggung utama", "Peragaan Busana"),
            (at(5, 14), at(5, 16), "Panggung utama", "Talk Show"),
        ],
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert _programme_errors(response) == [
        {},
        {"place": ["Bentrok dengan “Peragaan Busana” di Panggung utama, 5 April 2018, 13.00–15.00 WIB."]},
    ]
    assert not ProgrammeItem.objects.exists()


def test_exhibition_admin_inline_saves_adjacent_items(staff_client, exhibition, staff_user):
    url, data = _inline_data(
        staff_client,
        exhibition,
        [
            (at(5, 13), at(5, 15), "Panggung utama", "Peragaan Busana"),
            (at(5, 15), at(5, 16), "Panggung utama", "Talk Show"),
        ],
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert list(ProgrammeItem.objects.order_by("starts_at").values_list("title", flat=True)) == [
        "Peragaan Busana",
        "Talk Show",
    ]


def test_programme_item_admin_refuses_a_clash(staff_client, exhibition, staff_user):
    _save(_item(exhibition, at(4, 10), at(4, 12), title="Demo Membatik"), staff_user)
    data = changeform_data(staff_client.get(admin_url(ProgrammeItem, "add")))
    data.update(
        {
            "exhibition": str(exhibition.pk),
            "kind": ProgrammeItem.Kind.TALK_SHOW,
            "title": "Branding & Packaging",
            "starts_at_0": "2018-04-04",
            "starts_at_1": "11:00:00",
            "ends_at_0": "2018-04-04",
            "ends_at_1": "12:30:00",
            "place": "Panggung utama",
        }
    )

    response = staff_client.post(admin_url(ProgrammeItem, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["place"] == [
        "Bentrok dengan “Demo Membatik” di Panggung utama, 4 April 2018, 10.00–12.00 WIB."
    ]
    assert ProgrammeItem.objects.count() == 1


def test_new_exhibition_with_a_programme_item_outside_its_days_is_a_form_error(staff_client):
    """On the add page the exhibition is not saved yet; the item was checked only on saving,
    a server error that lost everything typed."""
    url = admin_url(Exhibition, "add")
    data = changeform_data(staff_client.get(url))
    data.update(
        {
            "title": "Pameran Baru",
            "slug": "pameran-baru",
            "venue": "Plasa Industri",
            "city": "Jakarta",
            "start_date": "03/04/2018",
            "end_date": "06/04/2018",
            "programme-TOTAL_FORMS": "2",
        }
    )
    for i, (start, end) in enumerate([(at(10, 10), at(10, 12)), (at(4, 12), at(4, 11))]):
        data.update(
            {
                f"programme-{i}-starts_at_0": start.strftime("%Y-%m-%d"),
                f"programme-{i}-starts_at_1": start.strftime("%H:%M:%S"),
                f"programme-{i}-ends_at_0": end.strftime("%Y-%m-%d"),
                f"programme-{i}-ends_at_1": end.strftime("%H:%M:%S"),
                f"programme-{i}-kind": ProgrammeItem.Kind.DEMO,
                f"programme-{i}-title": f"Acara {i}",
                f"programme-{i}-place": f"Ruang {i}",
            }
        )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    errors = _programme_errors(response)
    assert errors[0] == {"starts_at": ["Acara harus berlangsung pada hari pameran (3 April 2018 sampai 6 April 2018)."]}
    assert errors[1] == {"ends_at": ["Acara harus selesai setelah dimulai."]}
    assert not Exhibition.objects.exists() and not ProgrammeItem.objects.exists()


def test_the_public_programme_does_not_repeat_the_host_prison_s_name(client, exhibition):
    """Found by a ministry probe: "Area demo · Lapas Kelas I Cipinang · Lapas Kelas I Cipinang"."""
    cipinang = factories.make_prison(name="Lapas Kelas I Cipinang")
    _item(exhibition, at(4, 13), at(4, 15), place="Area demo", title="Demo Batik", host=" lapas kelas I  Cipinang",
          host_prison=cipinang).save()
    _item(exhibition, at(5, 13), at(5, 15), place="Area demo", title="Talk show", host="Second Chance Foundation",
          host_prison=cipinang).save()

    page = client.get(f"/pameran/{exhibition.slug}/").content.decode()

    assert "lapas kelas I" not in page and page.count("Lapas Kelas I Cipinang</a>") == 2
    assert "Second Chance Foundation" in page


# --- Items over several days, and outside the opening hours ----------------------------------------


def test_programme_clash_with_an_item_over_several_days_names_its_end_date(exhibition, staff_user):
    _save(_item(exhibition, at(3, 10), at(5, 16), title="Lomba Cinderamata"), staff_user)

    with pytest.raises(ValidationError) as raised:
        _save(_item(exhibition, at(4, 11), at(4, 12)), staff_user)

    assert raised.value.message_dict["place"] == [
        "Bentrok dengan “Lomba Cinderamata” di Panggung utama, 3 April 2018, 10.00 – 5 April 2018, 16.00 WIB."
    ]


@pytest.mark.parametrize(
    "start, end",
    [
        (at(4, 9), at(4, 17)),  # the whole day (09.00-17.00)
        (at(4, 16), at(4, 17)),  # ending as the hall closes
        (at(3, 10), at(6, 16)),  # over several days, within the hours at both ends
    ],
)
def test_programme_item_within_the_opening_hours_has_no_warning(exhibition, start, end):
    assert programme_item_hours_warning(item=_item(exhibition, start, end)) == ""


def test_programme_item_in_the_evening_is_saved_with_a_warning(exhibition, staff_user):
    item = _save(_item(exhibition, at(4, 21), at(4, 22), title="Malam Penghargaan"), staff_user)

    assert ProgrammeItem.objects.filter(pk=item.pk).exists()
    assert programme_item_hours_warning(item=item) == (
        "Acara “Malam Penghargaan” (4 April 2018, 21.00–22.00 WIB) berlangsung di luar jam buka pameran "
        "(09.00–17.00 WIB). Acara tetap tersimpan; periksa jamnya bila itu tidak disengaja."
    )


def test_programme_item_in_the_small_hours_is_saved_with_a_warning_of_a_likely_typo(exhibition, staff_user):
    item = _save(_item(exhibition, at(4, 3), at(4, 4), title="Demo Membatik"), staff_user)

    assert ProgrammeItem.objects.filter(pk=item.pk).exists()
    assert programme_item_hours_warning(item=item) == (
        "Acara “Demo Membatik” (4 April 2018, 03.00–04.00 WIB) dimulai dini hari, jauh di luar jam buka "
        "pameran (09.00–17.00 WIB). Acara tetap tersimpan; periksa jamnya: mungkin maksudnya pukul 15.00."
    )


def test_programme_item_hours_are_judged_on_the_venues_clock(staff_user):
    exhibition = factories.make_exhibition(
        timezone=TimeZone.WIT, opening_time=datetime.time(10), closing_time=datetime.time(20)
    )

    # 09.00-10.00 in Jakarta is 11.00-12.00 at the hall; 19.00-20.00 in Jakarta is 21.00-22.00 there.
    assert programme_item_hours_warning(item=_item(exhibition, at(4, 9), at(4, 10))) == ""
    assert programme_item_hours_warning(item=_item(exhibition, at(4, 19), at(4, 20), title="Malam Budaya")).startswith(
        "Acara “Malam Budaya” (4 April 2018, 21.00–22.00 WIT) berlangsung di luar jam buka pameran (10.00–20.00 WIT)."
    )


def test_programme_item_admin_warns_after_saving_outside_the_opening_hours(staff_client, exhibition):
    data = changeform_data(staff_client.get(admin_url(ProgrammeItem, "add")))
    data.update(
        {
            "exhibition": str(exhibition.pk),
            "kind": ProgrammeItem.Kind.OTHER,
            "title": "Malam Penghargaan",
            "starts_at_0": "2018-04-04",
            "starts_at_1": "21:00:00",
            "ends_at_0": "2018-04-04",
            "ends_at_1": "22:00:00",
        }
    )

    response = staff_client.post(admin_url(ProgrammeItem, "add"), data, follow=True)

    assert ProgrammeItem.objects.get().title == "Malam Penghargaan"
    assert [str(m) for m in response.context["messages"] if m.level_tag == "warning"] == [
        "Acara “Malam Penghargaan” (4 April 2018, 21.00–22.00 WIB) berlangsung di luar jam buka pameran "
        "(09.00–17.00 WIB). Acara tetap tersimpan; periksa jamnya bila itu tidak disengaja."
    ]


def test_exhibition_admin_inline_warns_of_an_item_outside_the_opening_hours(staff_client, exhibition):
    url, data = _inline_data(
        staff_client,
        exhibition,
        [(at(5, 13), at(5, 15), "Panggung utama", "Peragaan Busana"), (at(5, 3), at(5, 4), "Aula", "Talk Show")],
    )

    response = staff_client.post(url, data, follow=True)

    assert ProgrammeItem.objects.count() == 2
    assert [str(m) for m in response.context["messages"] if m.level_tag == "warning"] == [
        "Acara “Talk Show” (5 April 2018, 03.00–04.00 WIB) dimulai dini hari, jauh di luar jam buka "
        "pameran (09.00–17.00 WIB). Acara tetap tersimpan; periksa jamnya: mungkin maksudnya pukul 15.00."
    ]


def test_shortening_the_opening_hours_warns_of_the_items_now_outside_them(staff_client, exhibition, staff_user):
    """Closing at 15.00 instead of 17.00 left a 16.00 talk show outside the hours unnoticed: the
    warning came only when an item itself was saved."""
    _save(_item(exhibition, at(4, 10), at(4, 12), title="Demo Membatik"), staff_user)
    _save(_item(exhibition, at(4, 16), at(4, 17), title="Talk Show Branding"), staff_user)
    url, data = _inline_data(staff_client, exhibition, [(at(5, 3), at(5, 4), "Aula", "Salah Ketik")])
    data["closing_time"] = "15:00"

    response = staff_client.post(url, data, follow=True)

    assert Exhibition.objects.get(pk=exhibition.pk).closing_time == datetime.time(15)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 2  # the new item once, and the talk show; not the demo
    assert warnings[0].startswith("Acara “Salah Ketik” (5 April 2018, 03.00–04.00 WIB) dimulai dini hari")
    assert warnings[1].startswith(
        "Acara “Talk Show Branding” (4 April 2018, 16.00–17.00 WIB) berlangsung di luar jam buka pameran "
        "(09.00–15.00 WIB)."
    )


def test_saving_an_exhibition_with_the_same_hours_repeats_no_warning(staff_client, exhibition, staff_user):
    _save(_item(exhibition, at(4, 21), at(4, 22), title="Malam Penghargaan"), staff_user)
    url, data = _inline_data(staff_client, exhibition, [])
    data["title"] = "Pameran 2018 (diperbarui)"

    response = staff_client.post(url, data, follow=True)

    assert Exhibition.objects.get(pk=exhibition.pk).title == "Pameran 2018 (diperbarui)"
    assert [m for m in response.context["messages"] if m.level_tag == "warning"] == []
