"""People are named by name in the back office's lists and records, not by their login alone
("Diusulkan oleh petugas.cipinang" told staff little)."""

import pytest

from programs.models import TrainingParticipant
from tests import factories
from tests.admin_helpers import admin_url

pytestmark = pytest.mark.django_db


def test_a_user_reads_as_name_and_login():
    named = factories.make_user(username="petugas.cipinang", first_name="Dedi", last_name="Kurnia")
    nameless = factories.make_user(username="operator2")

    assert str(named) == "Dedi Kurnia (petugas.cipinang)"
    assert str(nameless) == "operator2"


def test_the_participant_list_names_who_proposed(staff_client, prison):
    officer = factories.make_officer(prison=prison, username="petugas.cipinang")
    officer.first_name, officer.last_name = "Dedi", "Kurnia"
    officer.save()
    training = factories.make_training(prison=prison)
    factories.make_participant(training=training, proposed_by=officer)

    page = staff_client.get(admin_url(TrainingParticipant, "changelist")).content.decode()

    assert "Dedi Kurnia (petugas.cipinang)" in page
