"""Booths become the source of truth for who stands where: every delegation's legacy booth code
becomes a Booth row of its exhibition, assigned to it (0005 then removes Delegation.booth_code).

A data-only migration, apart from the schema changes of 0005: on PostgreSQL, rows inserted with
deferred foreign-key checks would block an ALTER TABLE of the same table in one transaction."""

from django.db import migrations


def zone_of(code: str) -> str:
    # "A-01" stands in zone A; a code without a prefix gets no zone.
    prefix = code.split("-", 1)[0].strip() if "-" in code else ""
    return f"Zona {prefix}" if prefix else ""


def codes_to_booths(apps, schema_editor):
    Booth = apps.get_model("exhibitions", "Booth")
    Delegation = apps.get_model("exhibitions", "Delegation")
    for delegation in Delegation.objects.exclude(booth_code="").order_by("pk").iterator():
        code = delegation.booth_code.strip()
        booth, created = Booth.objects.get_or_create(
            exhibition_id=delegation.exhibition_id,
            code=code,
            defaults={"zone": zone_of(code), "delegation_id": delegation.pk},
        )
        if not created and booth.delegation_id is None:
            booth.delegation_id = delegation.pk
            booth.save(update_fields=["delegation"])


def booths_to_codes(apps, schema_editor):
    Booth = apps.get_model("exhibitions", "Booth")
    Delegation = apps.get_model("exhibitions", "Delegation")
    first: dict[int, str] = {}
    for delegation_id, code in (
        Booth.objects.filter(delegation__isnull=False).order_by("code").values_list("delegation_id", "code")
    ):
        first.setdefault(delegation_id, code)
    for delegation_id, code in first.items():
        Delegation.objects.filter(pk=delegation_id).update(booth_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ("exhibitions", "0003_market_trial"),
    ]

    operations = [migrations.RunPython(codes_to_booths, booths_to_codes)]
