"""The migrations that make names and codes unique whatever their case (inmates 0014,
exhibitions 0017) keep every row of data already stored as it was written before: names and
codes that differed only in case get a number, none is merged or deleted. Run from the migration
before, with the rows such a database held."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

INMATES_BEFORE = ("inmates", "0013_inmate_search_trigram_indexes")
INMATES_AFTER = ("inmates", "0014_workshop_name_unique_ignoring_case")
EXHIBITIONS_BEFORE = ("exhibitions", "0016_inquiry_language")
EXHIBITIONS_AFTER = ("exhibitions", "0017_codes_unique_ignoring_case")


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


def test_booth_and_entry_codes_and_criteria_alike_but_for_case_get_a_number(migrate):
    apps = migrate([EXHIBITIONS_BEFORE])
    Exhibition = apps.get_model("exhibitions", "Exhibition")
    Delegation = apps.get_model("exhibitions", "Delegation")
    Booth = apps.get_model("exhibitions", "Booth")
    Competition = apps.get_model("exhibitions", "Competition")
    Criterion = apps.get_model("exhibitions", "Criterion")
    Entry = apps.get_model("exhibitions", "CompetitionEntry")
    prison = _prison(apps, 1)
    exhibition, other = (
        Exhibition.objects.create(
            title=f"Pameran {i}",
            slug=f"pameran-{i}",
            venue="Plasa",
            city="Jakarta",
            start_date=datetime.date(2018, 4, 3),
            end_date=datetime.date(2018, 4, 6),
        )
        for i in (1, 2)
    )
    delegation = Delegation.objects.create(
        exhibition=exhibition, prison=prison, region=prison.region, name="Cipinang", status="accepted"
    )
    # The empty booth added later with the same code in another case is the one renumbered,
    # whichever is older: the label of the assigned one is printed and handed out.
    booths = [
        Booth.objects.create(exhibition=exhibition, code="a-11"),
        Booth.objects.create(exhibition=exhibition, code="A-11", delegation=delegation),
        Booth.objects.create(exhibition=exhibition, code=" B-2 "),
        Booth.objects.create(exhibition=exhibition, code="b-2"),
        Booth.objects.create(exhibition=exhibition, code="LONGCODE-123"),
        Booth.objects.create(exhibition=exhibition, code="longcode-123"),
        Booth.objects.create(exhibition=other, code="a-11"),
    ]
    competition = Competition.objects.create(exhibition=exhibition, title="Lomba")
    criteria = [
        Criterion.objects.create(competition=competition, name=name, weight=50)
        for name in ("Kerapian", "kerapian")
    ]
    entries = [
        Entry.objects.create(competition=competition, delegation=delegation, entry_code=code, title="Karya")
        for code in ("CH-417", "ch-417")
    ]

    apps = migrate([EXHIBITIONS_AFTER])

    def now(model, rows, field):
        return [getattr(apps.get_model("exhibitions", model).objects.get(pk=row.pk), field) for row in rows]

    assert now("Booth", booths, "code") == [
        "a-11 (2)",
        "A-11",
        "B-2",
        "b-2 (2)",
        "LONGCODE-123",
        "longcode (2)",
        "a-11",
    ]
    assert now("Criterion", criteria, "name") == ["Kerapian", "kerapian (2)"]
    assert now("CompetitionEntry", entries, "entry_code") == ["CH-417", "ch-417 (2)"]
