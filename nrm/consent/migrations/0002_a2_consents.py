"""Registers every A2 consent recorded before the consent registry existed (purpose
services, form a2), so the registry and initial identification agree from the start."""

from django.db import migrations


def forwards(apps, schema_editor):
    Consent = apps.get_model("screening", "Consent")
    ConsentRecord = apps.get_model("consent", "ConsentRecord")
    rows = [
        ConsentRecord(
            case_id=c.case_id,
            purpose="services",
            given=c.given,
            given_by=c.given_by,
            signatory=c.signatory,
            form="a2",
            signed_on=c.signed_on,
            recorded_at=c.recorded_at,
            recorded_by_id=c.recorded_by_id,
            recorded_by_institution_id=c.institution_id,
        )
        for c in Consent.objects.order_by("recorded_at", "id").iterator()
    ]
    ConsentRecord.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0001_initial"),
        ("screening", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
