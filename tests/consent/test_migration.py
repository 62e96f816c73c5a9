"""Migrations that carry the A2 consents: consent/0002 registered the A2 consents recorded
before the registry existed; screening/0004 makes every A2 one record of its own purpose."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nrm.core import clock

BEFORE = [("consent", "0002_a2_consents"), ("screening", "0002_encrypt_free_text")]


def _migrate(targets):
    """Migrates to `targets` and returns the apps of that state (historical models)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_earlier_a2_consents_are_registered(make_case, actors):
    case = make_case(estimated_age=12)
    leaves = _leaves()
    try:
        apps = _migrate([("consent", "0001_initial"), ("screening", "0002_encrypt_free_text")])
        apps.get_model("screening", "Consent").objects.create(
            case_id=case.pk,
            given=True,
            given_by="guardian",
            signatory="Besa K.",
            signed_on=clock.today(),
            recorded_at=clock.now(),
            recorded_by_id=actors["police.tirana"].user.pk,
            institution_id=actors["police.tirana"].institution.pk,
        )
        apps = _migrate(BEFORE)
        r = apps.get_model("consent", "ConsentRecord").objects.get(case_id=case.pk)
        assert (r.purpose, r.form, r.given, r.given_by, r.signatory) == (
            "services",
            "a2",
            True,
            "guardian",
            "Besa K.",
        )
    finally:
        _migrate(leaves)


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_every_a2_becomes_one_record_of_the_a2_purpose(make_case, actors):
    """An A2 mirrored by the old sync (a `services` record on form a2, a moment later) takes
    the A2 purpose, as does a registry withdrawal of that mirror; an A2 without a mirror
    becomes a new record; the A5 request points at its A2's record; other records stay."""
    from nrm.consent.models import ConsentRecord
    from nrm.screening.models import FormalIdentificationRequest

    police = actors["police.tirana"]
    mirrored, alone, withdrawn = make_case(), make_case(estimated_age=12), make_case()
    leaves = _leaves()
    try:
        apps = _migrate(BEFORE)
        Consent = apps.get_model("screening", "Consent")
        Record = apps.get_model("consent", "ConsentRecord")
        Interview = apps.get_model("screening", "Interview")
        Request = apps.get_model("screening", "FormalIdentificationRequest")
        now, today = clock.now(), clock.today()
        who = {"recorded_by_id": police.user.pk}

        def a2(case, given=True, given_by="person", note="", at=now):
            return Consent.objects.create(
                case_id=case.pk,
                given=given,
                given_by=given_by,
                signatory="Arta H.",
                signed_on=today,
                note=note,
                recorded_at=at,
                institution_id=police.institution.pk,
                **who,
            )

        def mirror(case, given=True, given_by="person", at=now, **more):
            return Record.objects.create(
                case_id=case.pk,
                purpose="services",
                form=more.pop("form", "a2"),
                given=given,
                given_by=given_by,
                signatory=more.pop("signatory", "Arta H."),
                signed_on=today,
                recorded_at=at,
                recorded_by_institution_id=police.institution.pk,
                **who,
                **more,
            )

        # 1. Given, mirrored a moment later by consent_record_for_a2, then sent with A5.
        first = a2(mirrored, note="Signed calmly")
        first_mirror = mirror(mirrored, at=now + timedelta(milliseconds=3))
        c2 = mirror(mirrored, form="c2", signatory="", at=now + timedelta(minutes=1))
        interview = Interview.objects.create(
            case_id=mirrored.pk,
            form="A4",
            status="held",
            scheduled_at=now,
            place="Tiranë",
            same_gender="yes",
            created_at=now,
            created_by_id=police.user.pk,
        )
        Request.objects.create(
            case_id=mirrored.pk,
            county="tirane",
            for_child=False,
            consent_id=first.pk,
            interview_id=interview.pk,
            requested_at=now,
            requested_by_id=police.user.pk,
        )
        # 2. A child's A2 never mirrored (a refusal, by the guardian).
        a2(alone, given=False, given_by="guardian", note="Not now")
        # 3. Mirrored (consent/0002: the same moment), then withdrawn in the registry.
        a2(withdrawn)
        gone = mirror(withdrawn)
        mirror(withdrawn, given=False, withdraws_id=gone.pk, at=now + timedelta(hours=1))
    finally:
        _migrate(leaves)

    a2_purpose = "formal_identification_interview"
    r = ConsentRecord.objects.get(case=mirrored, form="a2")
    assert r.pk == first_mirror.pk, "the mirror is the A2: not copied again"
    assert (r.purpose, r.given, r.given_by, r.signatory, r.note) == (
        a2_purpose,
        True,
        "person",
        "Arta H.",
        "Signed calmly",
    )
    assert ConsentRecord.objects.get(pk=c2.pk).purpose == "services", "C2 stays services"
    assert FormalIdentificationRequest.objects.get(case=mirrored).consent_id == r.pk
    [new] = ConsentRecord.objects.filter(case=alone)
    assert (new.purpose, new.form, new.given, new.given_by, new.note, new.signatory) == (
        a2_purpose,
        "a2",
        False,
        "guardian",
        "Not now",
        "Arta H.",
    )
    assert new.recorded_by_institution_id == police.institution.pk
    assert set(ConsentRecord.objects.filter(case=withdrawn).values_list("purpose", "given")) == {
        (a2_purpose, True),
        (a2_purpose, False),
    }
    assert not ConsentRecord.objects.filter(purpose="services", form="a2").exists()
