"""The initial interview (A3/A4): participants, the A1 rule, the interview log."""

from datetime import timedelta

import pytest

from nrm.core import clock
from nrm.core.errors import NotFound, ValidationFailed
from nrm.screening import services
from nrm.screening.models import InterviewLogEntry, Participant

pytestmark = pytest.mark.django_db


def _plan(actor, case, **kwargs):
    kwargs.setdefault("scheduled_at", clock.now() - timedelta(hours=1))
    kwargs.setdefault("place", "Zyra e SHSSH, Tiranë")
    return services.interview_plan(actor=actor, case_id=case.pk, **kwargs)


def test_the_form_follows_the_age(actors, make_case):
    actor = actors["police.tirana"]
    assert _plan(actor, make_case()).form == "A4"
    assert _plan(actor, make_case(estimated_age=12)).form == "A3"


def test_an_interview_is_held_only_when_every_participant_signed_a1(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case())
    officer = services.participant_add(
        actor=actor, interview_id=interview.pk, role="interviewer", name="Insp. Dervishi"
    )
    with pytest.raises(ValidationFailed) as caught:
        services.interview_hold(actor=actor, interview_id=interview.pk)
    assert "participants" in caught.value.fields
    interview.refresh_from_db()
    assert interview.status == "planned"
    assert not InterviewLogEntry.objects.exists()
    services.declaration_record(actor=actor, participant_id=officer.pk, signed_on=clock.today())
    held = services.interview_hold(actor=actor, interview_id=interview.pk, subject="recruitment")
    assert held.status == "held" and held.held_at is not None
    entry = InterviewLogEntry.objects.get()
    assert (entry.form, entry.institution.code, entry.subject) == (
        "A4",
        "police-slktp-tirana",
        "recruitment",
    )


def test_an_interview_needs_an_interviewer(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case())
    services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role="counsel",
        name="Av. Shehu",
        declaration_signed_on=clock.today(),
    )
    with pytest.raises(ValidationFailed):
        services.interview_hold(actor=actor, interview_id=interview.pk)


def test_a_child_is_not_interviewed_without_a_psychologist(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case(appears_to_be_child=True))
    services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role="interviewer",
        name="Insp. Dervishi",
        declaration_signed_on=clock.today(),
    )
    with pytest.raises(ValidationFailed) as caught:
        services.interview_hold(actor=actor, interview_id=interview.pk)
    assert "Psikologu" in caught.value.fields["participants"][0] or "sycholog" in str(
        caught.value.fields
    )
    services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role="psychologist",
        name="Dr. Leka",
        declaration_signed_on=clock.today(),
    )
    assert services.interview_hold(actor=actor, interview_id=interview.pk).status == "held"


def test_a_foreign_national_is_interviewed_with_an_interpreter(actors, make_case, interviewed):
    case = make_case(citizenship="UA", languages=["uk"])
    actor = actors["police.tirana"]
    interview = _plan(actor, case)
    services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role="interviewer",
        name="Insp. Dervishi",
        declaration_signed_on=clock.today(),
    )
    with pytest.raises(ValidationFailed):
        services.interview_hold(actor=actor, interview_id=interview.pk)
    services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role="interpreter",
        name="Olena K.",
        declaration_signed_on=clock.today(),
    )
    assert services.interview_hold(actor=actor, interview_id=interview.pk).status == "held"


def test_a_parent_suspected_of_involvement_may_not_attend(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case(estimated_age=11), parent_guardian_suspected=True)
    with pytest.raises(ValidationFailed) as caught:
        services.participant_add(actor=actor, interview_id=interview.pk, role="parent", name="X")
    assert "role" in caught.value.fields
    assert not Participant.objects.exists()
    services.participant_add(
        actor=actor, interview_id=interview.pk, role="child_protection_worker", name="PMF Tirana"
    )


def test_a_parent_does_not_attend_an_adults_interview(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case())
    with pytest.raises(ValidationFailed):
        services.participant_add(actor=actor, interview_id=interview.pk, role="parent", name="X")


def test_a_held_interview_is_closed_to_changes(actors, make_case, interviewed):
    actor = actors["police.tirana"]
    interview = interviewed(make_case())
    with pytest.raises(ValidationFailed):
        services.participant_add(
            actor=actor, interview_id=interview.pk, role="counsel", name="Late"
        )
    with pytest.raises(ValidationFailed):
        services.interview_hold(actor=actor, interview_id=interview.pk)


def test_an_interview_cannot_be_held_in_the_future(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case())
    services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role="interviewer",
        name="A",
        declaration_signed_on=clock.today(),
    )
    with pytest.raises(ValidationFailed) as caught:
        services.interview_hold(
            actor=actor, interview_id=interview.pk, held_at=clock.now() + timedelta(days=1)
        )
    assert "held_at" in caught.value.fields


def test_a_child_already_in_the_log_needs_a_reason_for_another_interview(actors, make_case):
    actor = actors["police.tirana"]
    case = make_case(estimated_age=14)
    _plan(actor, case)  # the first one needs no reason
    services.interview_log_record(
        actor=actor,
        case_id=case.pk,
        at=clock.now() - timedelta(days=1),
        purpose="Statement at the border police",
        subject="journey from Durrës",
    )
    with pytest.raises(ValidationFailed) as caught:
        _plan(actor, case)
    assert "repeat_reason" in caught.value.fields
    interview = _plan(actor, case, repeat_reason="Medical needs only, not the journey")
    assert interview.repeat_reason.startswith("Medical")


def test_an_adult_may_be_interviewed_again_without_a_reason(actors, make_case, interviewed):
    case = make_case()
    interviewed(case)
    assert _plan(actors["police.tirana"], case).form == "A4"


def test_others_cannot_reach_the_interview(actors, make_case):
    actor = actors["police.tirana"]
    interview = _plan(actor, make_case())
    with pytest.raises(NotFound):
        services.participant_add(
            actor=actors["police.shkoder"], interview_id=interview.pk, role="counsel", name="X"
        )
    with pytest.raises(NotFound):
        services.interview_hold(actor=actors["police.shkoder"], interview_id=interview.pk)


def test_an_unknown_condition_or_empty_place_is_refused(actors, make_case):
    with pytest.raises(ValidationFailed) as caught:
        _plan(actors["police.tirana"], make_case(), place=" ", conditions=["sunny"])
    assert {"place", "conditions"} <= set(caught.value.fields)


def test_prepare_plans_and_adds_participants_or_nothing(actors, make_case):
    from nrm.screening.models import Interview

    actor = actors["police.tirana"]
    adult = make_case("police.tirana")
    plan = {"scheduled_at": clock.now(), "place": "Tiranë"}
    # A parent does not take part in an adult's interview: refused, no interview planned.
    with pytest.raises(ValidationFailed) as caught:
        services.interview_prepare(
            actor=actor,
            case_id=adult.pk,
            participants=[
                {"role": "interviewer", "name": "Insp. B"},
                {"role": "parent", "name": "P"},
            ],
            **plan,
        )
    assert "participants.1.role" in caught.value.fields
    assert not Interview.objects.exists() and not Participant.objects.exists()
    interview = services.interview_prepare(
        actor=actor,
        case_id=adult.pk,
        participants=[
            {"role": "interviewer", "name": "Insp. B", "declaration_signed_on": clock.today()}
        ],
        **plan,
    )
    assert interview.participants.get().declaration_signed_on == clock.today()
