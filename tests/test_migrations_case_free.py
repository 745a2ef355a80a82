"""The migrations that make names unique whatever their case (inmates 0014) keep every row of
data already stored as it was written before: names that differed only in case get a number, none
is merged or deleted. Run from the migration before, with the rows such a database held."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

INMATES_BEFORE = ("inmates", "0013_inmate_search_trigram_indexes")
INMATES_AFTER = ("inmates", "0014_workshop_name_unique_ignoring_case")


def _migrate(target):
    """Migrate to ``target`` (a list of (app, migration)); the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def migrate(transactional_db):
    yield _migrate
    # Back to the latest schema for the tests that follow (their data is flushed anyway).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _prison(apps, number):
    Region = apps.get_model("inmates", "Region")
    Prison = apps.get_model("inmates", "Prison")
    region = Region.objects.create(
        name=f"Kanwil {number}", province=f"Provinsi {number}", slug=f"provinsi-{number}"
    )
    return Prison.objects.create(
        name=f"Lapas {number}", slug=f"lapas-{number}", kind="lapas", klass="IIA", region=region, city="Kota"
    )


def test_workshop_names_alike_but_for_case_or_spacing_get_a_number(migrate):
    apps = migrate([INMATES_BEFORE])
    Workshop = apps.get_model("inmates", "Workshop")
    prison, other = _prison(apps, 1), _prison(apps, 2)
    names = [
        "Bengkel Batik",
        "bengkel batik",
        "Bengkel  Batik ",
        "Bengkel Batik (2)",
        "X" * 120,
        "x" * 120,
        "Tenun",
    ]
    made = [Workshop.objects.create(prison=prison, name=name, craft="batik") for name in names]
    elsewhere = Workshop.objects.create(prison=other, name="bengkel batik", craft="batik")

    apps = migrate([INMATES_AFTER])

    Workshop = apps.get_model("inmates", "Workshop")
    assert [Workshop.objects.get(pk=w.pk).name for w in made] == [
        "Bengkel Batik",
        "bengkel batik (3)",
        "Bengkel Batik (4)",
        "Bengkel Batik (2)",
        "X" * 120,
        "x" * 116 + " (2)",
        "Tenun",
    ]
    assert Workshop.objects.get(pk=elsewhere.pk).name == "bengkel batik"
