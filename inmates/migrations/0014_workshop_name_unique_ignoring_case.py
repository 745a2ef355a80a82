"""A workshop's name is unique in its prison whatever its case: "Bengkel Batik" and "bengkel batik"
looked the same in every list, and the participant import linked a row to either one.

Existing names first get one space between words (as the admin form now writes them). Names that
are then the same but for case cannot both stay: the oldest keeps its name, and each later one gets
a number, "Bengkel Batik (2)". Nothing is merged or deleted (the inmates of each stay linked to it),
so staff can see the numbered ones in the workshop list and merge them by hand if they are one."""

import django.db.models.functions.text
from django.db import migrations, models

MAX_LENGTH = 120  # Workshop.name


def _folded(name: str) -> str:
    # Python's casefold() folds at least what the database's LOWER() does (SQLite's only ASCII),
    # so no two names left apart here are the same to the new constraint.
    return name.casefold()


def unique_names(apps, schema_editor):
    Workshop = apps.get_model("inmates", "Workshop")
    by_prison: dict[int, list] = {}
    for workshop in Workshop.objects.order_by("pk").only("pk", "prison_id", "name"):
        by_prison.setdefault(workshop.prison_id, []).append(workshop)
    for workshops in by_prison.values():
        wanted = {w.pk: " ".join(w.name.split()) for w in workshops}
        taken = set()
        renamed = []
        for workshop in workshops:  # oldest first: it keeps its name
            if _folded(wanted[workshop.pk]) in taken:
                renamed.append(workshop)
            else:
                taken.add(_folded(wanted[workshop.pk]))
        for workshop in renamed:
            base, number = wanted[workshop.pk], 2
            while True:
                suffix = f" ({number})"
                name = base[: MAX_LENGTH - len(suffix)].rstrip() + suffix
                if _folded(name) not in taken:
                    break
                number += 1
            taken.add(_folded(name))
            wanted[workshop.pk] = name
        for workshop in workshops:
            if wanted[workshop.pk] != workshop.name:
                Workshop.objects.filter(pk=workshop.pk).update(name=wanted[workshop.pk])


class Migration(migrations.Migration):

    dependencies = [
        ("inmates", "0013_inmate_search_trigram_indexes"),
    ]

    operations = [
        # The old constraint goes first: "Bengkel  Batik" written with one space may be the same
        # as another name until the numbering is done.
        migrations.RemoveConstraint(
            model_name="workshop",
            name="workshop_unique_name_per_prison",
        ),
        migrations.RunPython(unique_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="workshop",
            constraint=models.UniqueConstraint(
                models.F("prison"),
                django.db.models.functions.text.Lower("name"),
                name="workshop_unique_name_per_prison",
                violation_error_message=(
                    "Lapas ini sudah memiliki bengkel kerja dengan nama ini (huruf besar dan kecil tidak dibedakan)."
                ),
            ),
        ),
    ]
