"""Pure rules of formal identification, against the Albanian profile."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings

from nrm.core.errors import ValidationFailed
from nrm.identification import rules
from nrm.jurisdictions import get_profile
from nrm.screening.rules import Person


@pytest.fixture
def stage():
    return rules.stage_rules(get_profile(settings.NRM_JURISDICTION))


CHILD = Person(is_child=True, is_foreign=False)
ADULT = Person(is_child=False, is_foreign=False)
FOREIGN_ADULT = Person(is_child=False, is_foreign=True, needs_interpreter=True)
FACTS = rules.StartFacts(
    request_made=True, consent_in_force=True, certificate=True, earlier_formal_interview=False
)


def _all(stage, person):
    participants = [
        rules.ParticipantRow(role=r.code, signed=True)
        for r in stage.participant_roles
        if any(person.matches(a) for a in r.mandatory_for)
    ]
    return {
        "participants": participants,
        "conditions": [c.code for c in stage.conditions],
        "rights": [r.code for r in stage.rights],
    }


def test_profile_durations_and_forms(stage):
    assert rules.max_minutes(stage, is_child=True) == 60
    assert rules.max_minutes(stage, is_child=False) == 90
    assert rules.form_for(is_child=True) == "B1" and rules.form_for(is_child=False) == "B2"
    assert len(stage.rights) == 7
    assert rules.needs_assessor(stage, is_child=True) == "child_protection_unit"
    assert rules.needs_assessor(stage, is_child=False) == "state_social_service"


@pytest.mark.parametrize("person", [CHILD, ADULT, FOREIGN_ADULT])
def test_everything_in_place_starts(stage, person):
    assert rules.start_problems(stage, person=person, facts=FACTS, **_all(stage, person)) == {}


@pytest.mark.parametrize(
    "facts, field",
    [
        ({"request_made": False}, "__all__"),
        ({"consent_in_force": False}, "consent"),
        ({"certificate": False}, "certificate"),
    ],
)
def test_system_checks(stage, facts, field):
    base = rules.StartFacts(**{**FACTS.__dict__, **facts})
    problems = rules.start_problems(stage, person=ADULT, facts=base, **_all(stage, ADULT))
    assert field in problems


def test_no_second_formal_interview_of_a_child_but_an_adult_may(stage):
    again = rules.StartFacts(**{**FACTS.__dict__, "earlier_formal_interview": True})
    assert rules.start_problems(stage, person=CHILD, facts=again, **_all(stage, CHILD))
    assert not rules.start_problems(stage, person=ADULT, facts=again, **_all(stage, ADULT))


def test_interpreter_must_have_signed(stage):
    given = _all(stage, FOREIGN_ADULT)
    given["participants"] = [
        rules.ParticipantRow(role=p.role, signed=p.role != "interpreter")
        for p in given["participants"]
    ]
    assert "participants" in rules.start_problems(stage, person=FOREIGN_ADULT, facts=FACTS, **given)
    given["participants"] = [p for p in given["participants"] if p.role != "interpreter"]
    assert "participants" in rules.start_problems(stage, person=FOREIGN_ADULT, facts=FACTS, **given)


def test_child_friendly_room_required_for_a_child_only(stage):
    for person, refused in ((CHILD, True), (ADULT, False)):
        given = _all(stage, person)
        given["conditions"] = [c for c in given["conditions"] if c != "child_friendly_room"]
        problems = rules.start_problems(stage, person=person, facts=FACTS, **given)
        assert ("conditions" in problems) is refused


def test_before_the_criminal_complaint(stage):
    given = _all(stage, ADULT)
    given["conditions"] = [c for c in given["conditions"] if c != "before_complaint"]
    assert "conditions" in rules.start_problems(stage, person=ADULT, facts=FACTS, **given)


def test_every_right_ticked(stage):
    given = _all(stage, ADULT)
    given["rights"] = given["rights"][:-1]
    assert "rights" in rules.start_problems(stage, person=ADULT, facts=FACTS, **given)


def test_third_persons_at_the_persons_request_only(stage):
    with pytest.raises(ValidationFailed):
        rules.check_participant(
            stage, role="case_worker", person=ADULT, suspected=False, requested_by_person=False
        )
    rules.check_participant(
        stage, role="case_worker", person=ADULT, suspected=False, requested_by_person=True
    )
    with pytest.raises(ValidationFailed):
        rules.check_participant(
            stage, role="parent_guardian", person=CHILD, suspected=True, requested_by_person=True
        )
    with pytest.raises(ValidationFailed):
        rules.check_participant(
            stage,
            role="child_protection_worker",
            person=ADULT,
            suspected=False,
            requested_by_person=False,
        )


def test_duration_rounds_up_and_exceeding_needs_a_reason():
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    assert rules.duration_minutes(start, start + timedelta(minutes=60, seconds=1)) == 61
    kwargs = {
        "started": start,
        "now": start + timedelta(hours=5),
        "maximum": 60,
        "interruptions": 0,
        "interruption_note": "",
    }
    assert (
        rules.end_problems(ended=start + timedelta(minutes=60), exceedance_reason="", **kwargs)
        == {}
    )
    assert "exceedance_reason" in rules.end_problems(
        ended=start + timedelta(minutes=61), exceedance_reason="", **kwargs
    )
    assert "ended_at" in rules.end_problems(
        ended=start - timedelta(minutes=1), exceedance_reason="", **kwargs
    )


def test_decision_rules(stage):
    today = date(2026, 5, 4)
    base = {
        "outcome": "victim",
        "consensus": True,
        "decided_on": today,
        "notified_on": None,
        "reasoning": "R",
        "today": today,
        "opened_on": today - timedelta(days=3),
    }
    assert rules.decision_problems(stage, **base) == {}
    assert "outcome" in rules.decision_problems(stage, **{**base, "outcome": None})
    assert rules.decision_problems(stage, **{**base, "outcome": None, "consensus": False}) == {}
    assert "decided_on" in rules.decision_problems(
        stage, **{**base, "decided_on": today - timedelta(days=4)}
    )
    assert "notified_on" in rules.decision_problems(
        stage, **{**base, "notified_on": today - timedelta(days=1)}
    )
    assert "notified_on" in rules.decision_problems(
        stage, **{**base, "consensus": False, "outcome": None, "notified_on": today}
    )


def test_status_to():
    assert rules.status_to(current="potential_victim", outcome="victim") == "victim"
    assert rules.status_to(current="potential_victim", outcome="potential_victim") is None
    assert rules.status_to(current="potential_victim", outcome=None) is None
