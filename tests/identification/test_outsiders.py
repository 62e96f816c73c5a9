"""No sequence of actions by anyone outside the case's group changes the identification
status, the group's state or the case, whatever they send to the services or the API."""

import contextlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from nrm.core import clock
from nrm.core.errors import DomainError
from nrm.identification import services
from nrm.identification.models import FormalInterview, Group, GroupDecision, Seat
from nrm.registry.models import Case

pytestmark = pytest.mark.django_db

# Users who are not members of an adult Tirana case's group (police.tirana and
# social.tirana are): another county's police, the child protection unit (a child's group,
# not an adult's), the shelter, the AP secretariat.
OUTSIDERS = ["police.shkoder", "pmf.tirana", "shelter.tirana", "ap.secretariat"]
OUTCOMES = st.sampled_from(["victim", "potential_victim", "not_recognised", None, "hero"])
DAYS = st.integers(min_value=-5, max_value=5)

action = st.one_of(
    st.tuples(st.just("seat"), st.sampled_from(OUTSIDERS)),
    st.tuples(st.just("open"), st.sampled_from(OUTSIDERS)),
    st.tuples(st.just("decide"), st.sampled_from(OUTSIDERS), OUTCOMES, st.booleans(), DAYS, DAYS),
    st.tuples(st.just("send"), st.sampled_from(OUTSIDERS)),
    st.tuples(st.just("notice"), st.sampled_from(OUTSIDERS), DAYS),
    st.tuples(st.just("plan"), st.sampled_from(OUTSIDERS)),
    st.tuples(st.just("end"), st.sampled_from(OUTSIDERS)),
    st.tuples(st.just("api"), st.sampled_from(OUTSIDERS), OUTCOMES, st.booleans()),
)


def _snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return (
        case.identification_status,
        case.stage,
        case.version,
        list(Group.objects.filter(case=case).values_list("state", "formed_at")),
        list(Seat.objects.filter(group__case=case).values_list("institution_id", "user_id")),
        list(
            GroupDecision.objects.filter(case=case).values_list(
                "pk", "sent_to_ap_at", "notified_on"
            )
        ),
        list(FormalInterview.objects.filter(case=case).values_list("pk", "status")),
    )


def _run(step, case, actors, decision, interview, api_client):
    kind, who = step[0], step[1]
    actor = actors[who]
    today = clock.today()
    if kind == "seat":
        services.seat_take(actor=actor, case_id=case.pk)
    elif kind == "open":
        services.identification_open(actor=actor, case_id=case.pk)
    elif kind == "decide":
        _k, _w, outcome, consensus, d1, d2 = step
        services.decision_record(
            actor=actor,
            case_id=case.pk,
            outcome=outcome,
            consensus=consensus,
            decided_on=today + timedelta(days=d1),
            reasoning="x",
            notified_on=today + timedelta(days=d2),
        )
    elif kind == "send":
        services.decision_send_to_ap(actor=actor, decision_id=decision.pk)
    elif kind == "notice":
        services.decision_notice_record(
            actor=actor, decision_id=decision.pk, notified_on=today + timedelta(days=step[2])
        )
    elif kind == "plan":
        services.interview_plan(actor=actor, case_id=case.pk, scheduled_at=clock.now(), place="x")
    elif kind == "end":
        services.interview_end(actor=actor, interview_id=interview.pk)
    elif kind == "api":
        body = {
            "outcome": step[2],
            "consensus": step[3],
            "decided_on": today.isoformat(),
            "reasoning": "x",
        }
        response = api_client(who).post(
            f"/api/v1/cases/{case.pk}/decisions", body, content_type="application/json"
        )
        assert response.status_code in {400, 403, 404}, response.content


@hsettings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(action, min_size=1, max_size=6))
def test_outsiders_change_nothing(steps, actors, api_client, ready_case):
    case, other, decision, interview = ready_case
    before = (_snapshot(case), _snapshot(other))
    for step in steps:
        with contextlib.suppress(DomainError):
            _run(step, case, actors, decision, interview, api_client)
        assert (_snapshot(case), _snapshot(other)) == before, step


@pytest.fixture
def ready_case(actors, ready, planned):
    """An adult case with the group (its interview held, awaiting the decision), and
    another whose group recorded a decision (for the outsiders to send or notify)."""
    case = ready()
    other = ready()
    decision = services.decision_record(
        actor=actors["police.tirana"],
        case_id=other.pk,
        outcome=None,
        consensus=False,
        decided_on=clock.today(),
        reasoning="Nuk ranë dakord",
    )
    interview = FormalInterview.objects.get(case=case)
    return Case.objects.get(pk=case.pk), other, decision, interview
