"""What the back office calls a record (page titles, breadcrumbs, delete pages, history): a name a
person can read, in the active language, never a database id or Python's True."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone, translation

from programs.models import FollowUp, TrainingAttendance
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def inmate(prison):
    return factories.make_inmate(prison=prison, legal_name="Budi Santoso", registration_number="B.I-00042/2018")


def test_attendance_names_the_person_the_day_and_presence(inmate):
    participant = factories.make_participant(inmate=inmate, training=factories.make_training(prison=inmate.prison))
    present = TrainingAttendance.objects.create(participant=participant, day=datetime.date(2018, 3, 5))
    absent = TrainingAttendance.objects.create(participant=participant, day=datetime.date(2018, 3, 2), present=False)

    assert str(present) == "Budi Santoso (B.I-00042/2018), 5 Mar 2018: hadir"
    assert str(absent) == "Budi Santoso (B.I-00042/2018), 2 Mar 2018: tidak hadir"
    with translation.override("en"):
        assert str(absent) == "Budi Santoso (B.I-00042/2018), 2 Mar 2018: absent"


def test_follow_up_names_the_person_and_the_milestone(inmate):
    follow_up = FollowUp(inmate=inmate, months_after_release=3, recorded_on=datetime.date(2018, 9, 1), has_business=True)

    assert str(follow_up) == "Budi Santoso (B.I-00042/2018), 3 bulan setelah bebas"
    with translation.override("en"):
        assert str(follow_up) == "Budi Santoso (B.I-00042/2018), 3 months after release"


def test_consent_names_the_date_and_the_person_not_the_database_id(inmate):
    # 23.30 WIB on 10 March is 16.30 UTC: the day is Jakarta's.
    given_on = datetime.datetime(2018, 3, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    consent = factories.make_consent(inmate=inmate, given_on=given_on)

    assert str(consent) == "Persetujuan 10 Mar 2018: Budi Santoso (B.I-00042/2018)"
    with translation.override("en"):
        assert str(consent) == "Consent of 10 Mar 2018: Budi Santoso (B.I-00042/2018)"


def test_consent_history_rows_name_the_person_without_a_query_each(staff_client, inmate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/admin/inmates/inmate/{inmate.pk}/change/"
    withdrawn = {"given_on": timezone.now() - datetime.timedelta(days=30), "withdrawn_on": timezone.now()}
    factories.make_consent(inmate=inmate, **withdrawn)
    staff_client.get(url)  # what the first request alone reads (the session, caches)
    with CaptureQueriesContext(connection) as one:
        staff_client.get(url)
    for _ in range(3):
        withdrawn = {"given_on": timezone.now() - datetime.timedelta(days=30), "withdrawn_on": timezone.now()}
    factories.make_consent(inmate=inmate, **withdrawn)
    with CaptureQueriesContext(connection) as four:
        response = staff_client.get(url)

    assert response.content.decode().count("Persetujuan ") >= 4
    assert "warga binaan no." not in response.content.decode()
    assert len(four) == len(one)


def test_a_login_log_is_named_with_a_readable_local_time(staff_client):
    from axes.models import AccessAttempt, AccessLog

    moment = datetime.datetime(2026, 12, 6, 0, 42, 51, 173592, tzinfo=datetime.UTC)
    log = AccessLog.objects.create(username="staf", ip_address="127.0.0.1", user_agent="x")
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=moment)  # axes stamps it on creation
    log.refresh_from_db()
    attempt = AccessAttempt(username="staf", ip_address="127.0.0.1", attempt_time=moment, failures_since_start=1)

    assert str(log) == "Masuk: staf, 6 Des 2026, 07.42 WIB"
    assert str(attempt) == "Percobaan masuk gagal: staf, 6 Des 2026, 07.42 WIB"
    with translation.override("en"):
        assert str(log) == "Login: staf, 6 Dec 2026, 07:42 WIB"
    page = staff_client.get(f"/admin/axes/accesslog/{log.pk}/change/").content.decode()
    assert "Masuk: staf, 6 Des 2026, 07.42 WIB" in page and "00:42:51" not in page


def test_deleted_consents_are_named_with_one_query_for_their_inmates(staff_client, staff_user, prison):
    """The list of deleted consents names each person (one query for all), and a consent whose
    inmate was deleted with it says so instead of failing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.inmates.test_restore import delete_in_code

    url = "/admin/inmates/consent/terhapus/"
    gone = factories.make_inmate(prison=prison, legal_name="Andi Wijaya", registration_number="B.I-00099/2018")
    factories.make_consent(inmate=gone)
    delete_in_code(gone, user=staff_user)  # its consent goes with it
    living = factories.make_inmate(prison=prison, legal_name="Budi Santoso", registration_number="B.I-00042/2018")

    def delete_consents(count):
        for _ in range(count):
            consent = factories.make_consent(inmate=living)
            consent._history_user = staff_user
            consent.delete()

    delete_consents(1)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as two:
        staff_client.get(url)
    delete_consents(3)
    with CaptureQueriesContext(connection) as five:
        page = staff_client.get(url).content.decode()

    assert len(five) == len(two)
    assert page.count(": Budi Santoso (B.I-00042/2018)</td>") == 4
    assert page.count(f": warga binaan #{gone.pk} (terhapus)</td>") == 1
