"""The group's decision with consensus: the status moves through the registry's
`case_status_decide` (kind `group_decision`, the "group" decision path), the identification
procedure ends in `decided`, the decision goes to the AP and the notice opens the appeal
window — also while the case is in protection (parallel procedures)."""

from datetime import timedelta

import pytest

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.deadlines.models import Deadline
from nrm.identification import services
from nrm.identification.models import Group, GroupState

pytestmark = pytest.mark.django_db


def _status(case, rule):
    return Deadline.objects.filter(case=case, rule=rule).values_list("status", flat=True).first()


def _decide(actors, case, outcome="victim", **extra):
    return services.decision_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        outcome=outcome,
        consensus=True,
        decided_on=clock.today(),
        reasoning="Faktet tregojnë shfrytëzim",
        **extra,
    )


def test_consensus_decides_the_status_and_ends_the_procedure(actors, ready):
    from nrm.registry.selectors import procedure_open_of

    case = ready(child=True)
    decision = _decide(actors, case, shelter="Strehëza e fëmijëve")
    case.refresh_from_db()
    assert case.identification_status == "victim" and decision.status_after == "victim"
    assert Group.objects.get(case=case).state == GroupState.DECIDED
    procedure = procedure_open_of(case, "identification")
    assert procedure is None or procedure.state == "decided"
    assert _status(case, "decision_to_ap") == "open"
    assert _status(case, "decision_meeting") == "met"
    services.decision_send_to_ap(actor=actors["pmf.tirana"], decision_id=decision.pk)
    assert _status(case, "decision_to_ap") == "met"
    history = case.status_changes.filter(field="identification_status").order_by("-id").first()
    assert history.reason_code == "group_decision"
    assert history.decision_reference == decision.reference


def test_notice_opens_the_appeal_window_from_the_day_of_notice(actors, ready):
    case = ready()
    decision = _decide(actors, case, outcome="not_recognised")
    assert _status(case, "appeal_window") is None
    notified = clock.today()
    services.decision_notice_record(
        actor=actors["social.tirana"], decision_id=decision.pk, notified_on=notified
    )
    emitted = [
        e.data["event"]
        for e in AuditEvent.objects.filter(case_id=case.pk, code="deadline.event")
        if isinstance(e.data, dict) and "event" in e.data
    ]
    assert "decision_notified" in emitted
    # The window is active once its meeting event (`appeal_filed`) has a producer (appeals).
    window = Deadline.objects.filter(case=case, rule="appeal_window").first()
    if window is not None:
        assert window.status == "open"
        assert window.due_at.date() >= notified + timedelta(days=30 + 10)  # 30 working days


def test_confirming_a_potential_victim_keeps_the_status(actors, ready):
    case = ready()
    decision = _decide(actors, case, outcome="potential_victim", notified_on=clock.today())
    case.refresh_from_db()
    assert case.identification_status == "potential_victim"
    assert decision.status_after == "potential_victim" and decision.notified_on is not None
    assert not case.status_changes.filter(reason_code="group_decision").exists()
    assert Group.objects.get(case=case).state == GroupState.DECIDED


def test_api_decision_with_consensus_201(api_client, ready):
    case = ready()
    response = api_client("police.tirana").post(
        f"/api/v1/cases/{case.pk}/decisions",
        {
            "outcome": "victim",
            "consensus": True,
            "decided_on": clock.today().isoformat(),
            "reasoning": "R",
            "notified_on": clock.today().isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["identification_status"] == "victim"
    assert response.json()["state"] == "decided"


def test_decision_while_the_case_is_in_protection(actors, ready):
    from nrm.registry import services as registry
    from nrm.registry.selectors import procedure_open_of

    case = ready()
    registry.procedure_open(
        actor=actors["police.tirana"],
        case_id=case.pk,
        code="protection",
        reason="Vendosje në strehëz",
        expected_version=type(case).objects.get(pk=case.pk).version,
    )
    _decide(actors, case)
    case.refresh_from_db()
    assert case.identification_status == "victim"
    assert procedure_open_of(case, "protection") is not None
