"""Free text that may name or locate the person is encrypted at rest: the reasons of status
changes and grants, checklist notes (health among them), the interview's place and the A5's
current placement — and migrations encrypt what was stored before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nrm.registry.models import CaseGrant, CaseStatusChange
from nrm.registry.services import case_assign
from nrm.screening.models import ChecklistEntry, FormalIdentificationRequest, Interview
from nrm.screening.services import checklist_record, formal_identification_request
from tests.registry.changes import case_stage_change

SECRETS = {
    "reason": "Zana moved to her aunt in Rrëshen",
    "grant": "Zana asked for the shelter in Rrëshen",
    "note": "Zana: pregnant, 3rd month",
    "placement": "Strehëza Rrëshen, dhoma 4",
}


def _raw(model, column: str, pk: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_free_text_is_ciphertext_in_the_database_and_plain_to_the_app(
    actors, reference, screened, interviewed, consented
):
    police = actors["police.tirana"]
    case = screened()
    checklist_record(
        actor=police, case_id=case.pk, kind="need", code="medical", note=SECRETS["note"]
    )
    interview = interviewed(case)
    consented(case)
    formal_identification_request(actor=police, case_id=case.pk, placement=SECRETS["placement"])
    grant = case_assign(
        actor=actors["ap.secretariat"],
        case_id=case.pk,
        institution=reference["shelter-tirana"],
        reason=SECRETS["grant"],
    )
    case.refresh_from_db()
    case_stage_change(
        actor=police,
        case_id=case.pk,
        to="protection",
        reason=SECRETS["reason"],
        expected_version=case.version,
    )

    change = CaseStatusChange.objects.filter(case=case).order_by("-id").first()
    entry = ChecklistEntry.objects.get(case=case, code="medical")
    request = FormalIdentificationRequest.objects.get(case=case)
    stored = {
        "reason": (CaseStatusChange, "reason", change.pk, change.reason),
        "grant": (CaseGrant, "reason", grant.pk, CaseGrant.objects.get(pk=grant.pk).reason),
        "note": (ChecklistEntry, "note", entry.pk, entry.note),
        "placement": (FormalIdentificationRequest, "placement", request.pk, request.placement),
        "place": (Interview, "place", interview.pk, Interview.objects.get(pk=interview.pk).place),
    }
    for key, (model, column, pk, shown) in stored.items():
        raw = _raw(model, column, pk)
        secret = SECRETS.get(key, "Drejtoria e Policisë, Tiranë")
        assert secret in shown, key
        assert "Zana" not in raw and "Rrëshen" not in raw and "Tiranë" not in raw, key
        assert raw.startswith("gAAAA"), key  # a Fernet token


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_what_was_stored_in_plaintext(make_case):
    case = make_case()
    row = CaseStatusChange.objects.filter(case=case).first()
    assert _raw(CaseStatusChange, "reason", row.pk).startswith("gAAAA")

    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0003_retention_person_rights")])
    try:
        # Before the migration the column held plaintext: reversing it gave that back.
        assert _raw(CaseStatusChange, "reason", row.pk) == "case.opened"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())  # every app back to its newest

    assert _raw(CaseStatusChange, "reason", row.pk).startswith("gAAAA")
    assert CaseStatusChange.objects.get(pk=row.pk).reason == "case.opened"


@pytest.mark.django_db
def test_a_place_longer_than_the_form_allows_is_a_field_error(actors, screened):
    from datetime import timedelta

    from nrm.core import clock
    from nrm.core.errors import ValidationFailed
    from nrm.screening.services import interview_plan

    case = screened()
    with pytest.raises(ValidationFailed) as raised:
        interview_plan(
            actor=actors["police.tirana"],
            case_id=case.pk,
            scheduled_at=clock.now() + timedelta(days=1),
            place="x" * 201,
        )
    assert set(raised.value.fields) == {"place"}
    assert not Interview.objects.filter(case=case).exists()
