"""Every A2 consent (screening.Consent) becomes one record of the consent registry with the
A2 purpose, consent to the formal identification interview (docs/consent.md).

Until now each A2 was mirrored in the registry as a `services` record on form `a2`: by
`consent_record_for_a2` (same case, given, giver, signatory, date of signature, recorder
and institution, recorded a moment after the A2) or by consent/0002 (the same, at the very
same moment). Such a mirror is the A2 itself, so it is not copied again: it takes the A2
purpose (and the A2's note, which the mirror did not carry), and so does a withdrawal made
in the registry of that mirror, since it withdrew that consent. An A2 without a mirror
becomes a new record. A5 requests then point at the record of their A2.
"""

from datetime import timedelta

from django.db import migrations

# The codes of the Albanian profile (the only one): consent.a2_purpose, consent.a2_form and
# the purpose the mirrors were recorded under.
A2_PURPOSE = "formal_identification_interview"
A2_FORM = "a2"
MIRRORED_AS = "services"
# A mirror was recorded in the same transaction as its A2.
WINDOW = timedelta(minutes=10)


def _mirror_of(consent, candidates, used):
    for r in candidates:
        if (
            r.pk not in used
            and r.given == consent.given
            and r.given_by == consent.given_by
            and r.signed_on == consent.signed_on
            and r.recorded_by_id == consent.recorded_by_id
            and r.recorded_by_institution_id == consent.institution_id
            and (r.signatory or "") == (consent.signatory or "")
            and consent.recorded_at <= r.recorded_at <= consent.recorded_at + WINDOW
        ):
            return r
    return None


def forwards(apps, schema_editor):
    Consent = apps.get_model("screening", "Consent")
    ConsentRecord = apps.get_model("consent", "ConsentRecord")
    Request = apps.get_model("screening", "FormalIdentificationRequest")
    record_of: dict[int, int] = {}
    case_ids = Consent.objects.values_list("case_id", flat=True).distinct().order_by("case_id")
    for case_id in case_ids.iterator():
        candidates = list(
            ConsentRecord.objects.filter(
                case_id=case_id, purpose=MIRRORED_AS, form=A2_FORM, withdraws__isnull=True
            ).order_by("recorded_at", "id")
        )
        used: set[int] = set()
        for consent in Consent.objects.filter(case_id=case_id).order_by("recorded_at", "id"):
            mirror = _mirror_of(consent, candidates, used)
            if mirror is not None:
                used.add(mirror.pk)
                mirror.purpose = A2_PURPOSE
                if not mirror.note and consent.note:
                    mirror.note = consent.note
                mirror.save(update_fields=["purpose", "note"])
                ConsentRecord.objects.filter(withdraws=mirror, purpose=MIRRORED_AS).update(
                    purpose=A2_PURPOSE
                )
            else:
                mirror = ConsentRecord.objects.create(
                    case_id=case_id,
                    purpose=A2_PURPOSE,
                    given=consent.given,
                    given_by=consent.given_by,
                    signatory=consent.signatory,
                    form=A2_FORM,
                    signed_on=consent.signed_on,
                    note=consent.note,
                    recorded_at=consent.recorded_at,
                    recorded_by_id=consent.recorded_by_id,
                    recorded_by_institution_id=consent.institution_id,
                )
            record_of[consent.pk] = mirror.pk
    for request in Request.objects.filter(consent__isnull=False).only("id", "consent_id"):
        request.consent_record_id = record_of[request.consent_id]
        request.save(update_fields=["consent_record"])


def backwards(apps, schema_editor):
    """The A2 records become screening.Consent rows again, each mirrored in the registry as
    before (purpose services)."""
    Consent = apps.get_model("screening", "Consent")
    ConsentRecord = apps.get_model("consent", "ConsentRecord")
    Request = apps.get_model("screening", "FormalIdentificationRequest")
    consent_of: dict[int, int] = {}
    a2 = ConsentRecord.objects.filter(purpose=A2_PURPOSE).order_by("recorded_at", "id")
    for record in a2.iterator():
        if record.withdraws_id is None:
            consent = Consent.objects.create(
                case_id=record.case_id,
                given=record.given,
                given_by=record.given_by,
                signatory=record.signatory,
                signed_on=record.signed_on,
                note=record.note,
                recorded_at=record.recorded_at,
                recorded_by_id=record.recorded_by_id,
                institution_id=record.recorded_by_institution_id,
            )
            consent_of[record.pk] = consent.pk
    ConsentRecord.objects.filter(purpose=A2_PURPOSE).update(purpose=MIRRORED_AS)
    for request in Request.objects.filter(consent_record__isnull=False).only(
        "id", "consent_record_id"
    ):
        request.consent_id = consent_of[request.consent_record_id]
        request.save(update_fields=["consent"])


class Migration(migrations.Migration):
    dependencies = [("screening", "0003_a2_consent_record")]

    operations = [migrations.RunPython(forwards, backwards)]
