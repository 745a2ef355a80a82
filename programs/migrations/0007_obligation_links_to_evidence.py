"""Copy the old many-to-many links (Training.obligations, Aid.obligations) into Evidence rows, and
give every waiting participant a place in the queue (and nobody else one) and every obligation a
target of at least 1, before 0008 removes the links and adds the constraints."""

from django.db import migrations

# What a training did for an obligation of a given area.
TRAINING_KIND_BY_AREA = {
    "training": "training",
    "instructors": "instructors",
    "certificates": "certificates",
    "materials": "kits",
    "participants": "training",
    "venue": "exhibition",
    "exhibition": "exhibition",
    "promotion": "promotion",
}


def forwards(apps, schema_editor):
    Training = apps.get_model("programs", "Training")
    Aid = apps.get_model("programs", "Aid")
    Evidence = apps.get_model("programs", "Evidence")
    Certificate = apps.get_model("programs", "Certificate")
    TrainingParticipant = apps.get_model("programs", "TrainingParticipant")

    # A link already copied (migrated back and forth) is not copied twice.
    copied = set(Evidence.objects.values_list("obligation_id", "training_id", "aid_id"))
    evidence = []
    for link in Training.obligations.through.objects.select_related("training", "obligation"):
        training, obligation = link.training, link.obligation
        if (obligation.pk, training.pk, None) in copied:
            continue
        kind = TRAINING_KIND_BY_AREA.get(obligation.area, "other")
        quantity = 1
        if kind == "certificates":
            issued = Certificate.objects.filter(
                participant__training=training, revoked_at__isnull=True
            ).count()
            quantity = max(issued, 1)
        evidence.append(
            Evidence(
                obligation=obligation,
                kind=kind,
                quantity=quantity,
                date=training.ends_on,
                description=training.title[:255],
                training=training,
            )
        )
    for link in Aid.obligations.through.objects.select_related("aid", "obligation"):
        aid = link.aid
        if (link.obligation_id, None, aid.pk) in copied:
            continue
        evidence.append(
            Evidence(
                obligation=link.obligation,
                kind="aid",
                quantity=1,
                date=aid.given_on,
                description=aid.items[:255],
                aid=aid,
            )
        )
    Evidence.objects.bulk_create(evidence)

    Obligation = apps.get_model("programs", "Obligation")
    Obligation.objects.filter(target_quantity=0).update(target_quantity=1)

    TrainingParticipant.objects.exclude(status="waitlisted").exclude(waitlist_position=None).update(
        waitlist_position=None
    )
    waiting = TrainingParticipant.objects.filter(status="waitlisted").order_by(
        "training_id", "waitlist_position", "pk"
    )
    position = {}
    for participant in waiting:
        position[participant.training_id] = position.get(participant.training_id, 0) + 1
        participant.waitlist_position = position[participant.training_id]
        participant.save(update_fields=["waitlist_position"])


def backwards(apps, schema_editor):
    Evidence = apps.get_model("programs", "Evidence")
    Training = apps.get_model("programs", "Training")
    Aid = apps.get_model("programs", "Aid")
    for row in Evidence.objects.filter(training__isnull=False):
        Training.obligations.through.objects.get_or_create(
            training_id=row.training_id, obligation_id=row.obligation_id
        )
    for row in Evidence.objects.filter(aid__isnull=False):
        Aid.obligations.through.objects.get_or_create(aid_id=row.aid_id, obligation_id=row.obligation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0006_participant_who_and_when"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
