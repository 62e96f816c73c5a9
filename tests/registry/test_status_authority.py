"""Only the profile's authorities decide the identification status; closing is the owner's or
the AP secretariat's; every change names the version it saw (docs/decisions/0008)."""

import contextlib
import json

import pytest
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrm.audit.models import AuditEvent
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.registry import services
from nrm.registry.models import Case, CaseStatusChange
from tests.registry import changes
from tests.registry.changes import case_status_change

pytestmark = pytest.mark.django_db


def _snapshot(case):
    stored = Case.objects.get(pk=case.pk)
    return (
        stored.stage,
        stored.identification_status,
        stored.version,
        CaseStatusChange.objects.filter(case=case).count(),
        AuditEvent.objects.filter(case_id=case.pk).count(),
    )


def _shelter_case(make_case, actors, reference):
    case = make_case()
    case_status_change(
        actor=actors["police.tirana"], case_id=case.pk, to="potential_victim", reason="3"
    )
    services.case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=reference["shelter-tirana"],
        reason="Placement",
    )
    return Case.objects.get(pk=case.pk)


def _client(username):
    client = Client()
    client.login(request=RequestFactory().post("/login/"), username=username, password="demo")
    return client


def test_a_granted_shelter_cannot_set_the_status_close_or_reopen(
    make_case, actors, reference, api_client
):
    case = _shelter_case(make_case, actors, reference)
    shelter = actors["shelter.tirana"]
    before = _snapshot(case)
    decision = services.DecisionRef(kind="group_decision", reference="B3-1", reason="x")

    with pytest.raises(Forbidden):
        services.case_status_decide(
            actor=shelter, case_id=case.pk, to="victim", decision=decision, expected_version=2
        )
    with pytest.raises(Forbidden):
        services.case_close(
            actor=shelter, case_id=case.pk, reason_code="duplicate", expected_version=2
        )
    assert _snapshot(case) == before

    # The UI: a refusal message, nothing saved.
    answer = _client("shelter.tirana").post(
        f"/cases/{case.pk}/status/",
        {
            "field": "identification_status",
            "to": "victim",
            "kind": "group_decision",
            "reason": "x",
            "decision_reference": "B3-1",
            "expected_version": case.version,
        },
        follow=True,
    )
    assert "Responsible Authority" in answer.text or "Autoriteti" in answer.text
    page = _client("shelter.tirana").get(f"/cases/{case.pk}/").text
    assert 'id="close-form"' not in page and 'id="status-correction-form"' not in page

    # The API: 403, nothing saved.
    api = api_client("shelter.tirana")
    for url, body in (
        (
            "status-decisions",
            {"kind": "group_decision", "to": "victim", "decision_reference": "B3", "reason": "x"},
        ),
        ("close", {"reason_code": "duplicate"}),
        ("reopen", {"reason": "x"}),
    ):
        response = api.post(
            f"/api/v1/cases/{case.pk}/{url}",
            json.dumps({**body, "expected_version": case.version}),
            content_type="application/json",
        )
        assert response.status_code == 403, (url, response.content)
    assert _snapshot(case) == before


def test_a_granted_shelter_cannot_reopen_a_closed_case(make_case, actors, reference):
    case = _shelter_case(make_case, actors, reference)
    services.case_close(
        actor=actors["police.tirana"],
        case_id=case.pk,
        reason_code="refuses_assistance",
        expected_version=case.version,
    )
    case.refresh_from_db()
    before = _snapshot(case)
    with pytest.raises(Forbidden):
        services.case_reopen(
            actor=actors["shelter.tirana"],
            case_id=case.pk,
            reason="x",
            expected_version=case.version,
        )
    assert _snapshot(case) == before
    reopened = services.case_reopen(
        actor=actors["ap.secretariat"], case_id=case.pk, reason="x", expected_version=case.version
    )
    assert reopened.stage == "initial_identification" and reopened.closed_at is None


def test_the_generic_form_no_longer_sets_the_status_for_the_owner(make_case, actors):
    case = make_case()
    before = _snapshot(case)
    _client("police.tirana").post(
        f"/cases/{case.pk}/status/",
        {
            "field": "identification_status",
            "to": "potential_victim",
            "reason": "x",
            "expected_version": case.version,
        },
    )
    assert _snapshot(case) == before


def test_the_ap_correction_needs_a_decision_reference_and_is_audited_as_such(make_case, actors):
    case = make_case()
    ap = actors["ap.secretariat"]
    before = _snapshot(case)
    with pytest.raises(ValidationFailed) as raised:
        services.case_status_decide(
            actor=ap,
            case_id=case.pk,
            to="potential_victim",
            decision=services.DecisionRef(kind="status_correction", reference=" ", reason="x"),
            expected_version=case.version,
        )
    assert set(raised.value.fields) == {"decision_reference"}
    assert _snapshot(case) == before

    services.case_status_decide(
        actor=ap,
        case_id=case.pk,
        to="potential_victim",
        decision=services.DecisionRef(
            kind="status_correction", reference="AP-2026/7", reason="Wrongly recorded"
        ),
        expected_version=case.version,
    )
    event = AuditEvent.objects.filter(case_id=case.pk).order_by("-id").first()
    assert event.code == "case.status_corrected"
    assert event.data["reason_code"] == "status_correction"
    assert event.data["decision"] == "AP-2026/7"
    row = CaseStatusChange.objects.filter(case=case).order_by("-id").first()
    assert (row.reason_code, row.decision_reference) == ("status_correction", "AP-2026/7")


def test_a_police_owner_may_not_record_a_correction(make_case, actors):
    case = make_case()
    with pytest.raises(Forbidden):
        services.case_status_decide(
            actor=actors["police.tirana"],
            case_id=case.pk,
            to="potential_victim",
            decision=services.DecisionRef(kind="status_correction", reference="X", reason="x"),
            expected_version=case.version,
        )


def test_a_change_without_expected_version_is_a_400_field_error(make_case, actors, api_client):
    case = make_case()
    before = _snapshot(case)
    with pytest.raises(ValidationFailed) as raised:
        services.case_close(
            actor=actors["police.tirana"],
            case_id=case.pk,
            reason_code="duplicate",
            expected_version=None,
        )
    assert set(raised.value.fields) == {"expected_version"}
    response = api_client("police.tirana").post(
        f"/api/v1/cases/{case.pk}/close",
        json.dumps({"reason_code": "duplicate"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "expected_version" in response.json()["errors"]
    assert _snapshot(case) == before


def test_the_api_refuses_a_status_on_a_new_case(actors, api_client):
    response = api_client("police.tirana").post(
        "/api/v1/cases",
        json.dumps({"person": {"given_name": "Arta"}, "identification_status": "victim"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "identification_status" in response.json()["errors"]
    assert not Case.objects.exists()


USERS = ["police.tirana", "shelter.tirana", "pmf.tirana", "social.tirana", "ap.secretariat"]
STAGES = ["initial_identification", "formal_identification", "protection", "return", "closed"]
STATUSES = ["none", "potential_victim", "victim", "not_recognised"]
# The AP secretariat's procedure corrections the steps try, by the stage they aim at.
CORRECTIONS = {
    "initial_identification": ("identification", "initial"),
    "formal_identification": ("identification", "decided"),
    "protection": ("protection", "placed"),
    "return": ("return", "preparing"),
    "closed": ("protection", ""),
}


def _non_decision(case, user, action, to, status, actors):
    actor = actors[user]
    version = Case.objects.get(pk=case.pk).version
    if action == "stage":  # a procedure started or moved so that the stage becomes `to`
        changes.case_stage_change(
            actor=actor, case_id=case.pk, to=to, reason="r", expected_version=version
        )
    elif action == "close":
        services.case_close(
            actor=actor, case_id=case.pk, reason_code="other", expected_version=version
        )
    elif action == "reopen":
        services.case_reopen(actor=actor, case_id=case.pk, reason="r", expected_version=version)
    elif action == "correct_stage":
        code, state = CORRECTIONS[to]
        services.procedure_correct(
            actor=actor,
            case_id=case.pk,
            code=code,
            to=state,
            decision=services.DecisionRef(kind="", reference="AP-1", reason="r"),
            expected_version=version,
        )
    elif action == "form":
        _client(user).post(
            f"/cases/{case.pk}/status/",
            {
                "field": "identification_status",
                "to": status,
                "reason": "r",
                "decision_reference": "X",
                "expected_version": version,
            },
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(USERS),
            st.sampled_from(["stage", "close", "reopen", "correct_stage", "form"]),
            st.sampled_from(STAGES),
            st.sampled_from(STATUSES),
        ),
        max_size=6,
    )
)
def test_no_sequence_of_non_decision_actions_changes_the_status(
    make_case, actors, reference, steps
):
    case = _shelter_case(make_case, actors, reference)
    status = Case.objects.get(pk=case.pk).identification_status
    for user, action, to, new_status in steps:
        with contextlib.suppress(DomainError):
            _non_decision(case, user, action, to, new_status, actors)
        assert Case.objects.get(pk=case.pk).identification_status == status
