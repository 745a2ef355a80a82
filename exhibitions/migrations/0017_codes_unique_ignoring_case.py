"""Booth codes (per exhibition), blind entry codes and criterion names (per competition) are unique
whatever their case: "A-11" and "a-11" were two booths, and feedback sent from the QR code of one
label went to either (found by a probe).

Existing values first lose surrounding spaces (the forms strip them; a value written otherwise may
have kept some). Rows that are then the same but for case cannot both stay: one keeps its value,
the others get a number, "A-11 (2)". Which one keeps it: a booth that has a delegation before an
empty one (its label is the one printed and handed out), otherwise the oldest row. Nothing is
merged or deleted (feedback, scores and sales stay on their own row), so staff see the numbered
ones in the lists and can sort them out by hand."""

import django.db.models.functions.text
from django.db import migrations, models

CASE_FREE = "(huruf besar dan kecil tidak dibedakan)"


def _number_apart(model, *, group: str, field: str, max_length: int, rows) -> None:
    """Give ``field`` of ``rows`` (in order of who keeps a value) no surrounding spaces, and a
    number to every later row whose value is the same but for case within the same ``group``.
    Python's casefold() folds at least what the database's LOWER() does (SQLite's only ASCII)."""
    by_group: dict = {}
    for row in rows:
        by_group.setdefault(getattr(row, group), []).append(row)
    for members in by_group.values():
        wanted = {row.pk: getattr(row, field).strip() for row in members}
        taken = set()
        later = []
        for row in members:
            key = wanted[row.pk].casefold()
            if key in taken:
                later.append(row)
            else:
                taken.add(key)
        for row in later:
            base, number = wanted[row.pk], 2
            while True:
                suffix = f" ({number})"
                value = base[: max_length - len(suffix)].rstrip() + suffix
                if value.casefold() not in taken:
                    break
                number += 1
            taken.add(value.casefold())
            wanted[row.pk] = value
        for row in members:
            if wanted[row.pk] != getattr(row, field):
                model.objects.filter(pk=row.pk).update(**{field: wanted[row.pk]})


def unique_ignoring_case(apps, schema_editor):
    Booth = apps.get_model("exhibitions", "Booth")
    Criterion = apps.get_model("exhibitions", "Criterion")
    CompetitionEntry = apps.get_model("exhibitions", "CompetitionEntry")
    _number_apart(
        Booth,
        group="exhibition_id",
        field="code",
        max_length=12,
        rows=sorted(
            Booth.objects.only("pk", "exhibition_id", "code", "delegation_id"),
            key=lambda booth: (booth.delegation_id is None, booth.pk),
        ),
    )
    _number_apart(
        Criterion,
        group="competition_id",
        field="name",
        max_length=120,
        rows=Criterion.objects.order_by("pk").only("pk", "competition_id", "name"),
    )
    _number_apart(
        CompetitionEntry,
        group="competition_id",
        field="entry_code",
        max_length=12,
        rows=CompetitionEntry.objects.order_by("pk").only("pk", "competition_id", "entry_code"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("exhibitions", "0016_inquiry_language"),
    ]

    operations = [
        # The old constraints go first: a value without its spaces may equal another until the
        # numbering is done.
        migrations.RemoveConstraint(model_name="booth", name="booth_unique_code"),
        migrations.RemoveConstraint(model_name="competitionentry", name="entry_unique_code"),
        migrations.RemoveConstraint(model_name="criterion", name="criterion_unique_name"),
        migrations.RunPython(unique_ignoring_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="booth",
            constraint=models.UniqueConstraint(
                models.F("exhibition"),
                django.db.models.functions.text.Lower("code"),
                name="booth_unique_code",
                violation_error_message=f"Kode stan ini sudah dipakai di pameran ini {CASE_FREE}.",
            ),
        ),
        migrations.AddConstraint(
            model_name="competitionentry",
            constraint=models.UniqueConstraint(
                models.F("competition"),
                django.db.models.functions.text.Lower("entry_code"),
                name="entry_unique_code",
                violation_error_message=f"Kode peserta ini sudah dipakai di lomba ini {CASE_FREE}.",
            ),
        ),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.UniqueConstraint(
                models.F("competition"),
                django.db.models.functions.text.Lower("name"),
                name="criterion_unique_name",
                violation_error_message=f"Kriteria ini sudah ada di lomba ini {CASE_FREE}.",
            ),
        ),
    ]
