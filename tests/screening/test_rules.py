"""The pure rules: threshold, overrides, which indicators and participants apply."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm.core.errors import ValidationFailed
from nrm.screening import rules

counts = st.integers(min_value=0, max_value=98)
thresholds = st.integers(min_value=1, max_value=50)
overrides = st.sampled_from([None, "", "potential_victim", "none"])
texts = st.text(max_size=20)


@given(count=counts, threshold=thresholds)
def test_the_suggestion_is_potential_victim_exactly_from_the_threshold(count, threshold):
    expected = "potential_victim" if count >= threshold else "none"
    assert rules.suggestion(count, threshold) == expected


@given(count=counts, threshold=thresholds, justification=texts)
def test_without_override_the_decision_is_the_suggestion(count, threshold, justification):
    suggested, decision, overridden = rules.decide(
        count=count, threshold=threshold, override=None, justification=justification
    )
    assert decision == suggested == rules.suggestion(count, threshold)
    assert overridden is False


@given(count=counts, threshold=thresholds, override=overrides, justification=texts)
def test_an_override_needs_a_justification_and_is_kept(count, threshold, override, justification):
    suggested = rules.suggestion(count, threshold)
    against = override not in (None, "") and override != suggested
    if against and not justification.strip():
        with pytest.raises(ValidationFailed) as caught:
            rules.decide(
                count=count, threshold=threshold, override=override, justification=justification
            )
        assert "justification" in caught.value.fields
        return
    result = rules.decide(
        count=count, threshold=threshold, override=override, justification=justification
    )
    assert result == (suggested, override if against else suggested, against)


@given(count=counts, threshold=thresholds)
def test_overrides_work_in_both_directions(count, threshold):
    for override in ("potential_victim", "none"):
        _s, decision, _o = rules.decide(
            count=count, threshold=threshold, override=override, justification="seen by me"
        )
        assert decision == override


def test_an_unknown_decision_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        rules.decide(count=1, threshold=3, override="victim", justification="x")
    assert "override" in caught.value.fields


@given(
    current=st.sampled_from(["none", "potential_victim", "victim", "not_recognised"]),
    decision=st.sampled_from(["potential_victim", "none"]),
)
def test_a_screening_only_raises_a_case_from_no_status(current, decision):
    moved = rules.next_status(current=current, decision=decision, initial_status="none")
    if current == "none" and decision == "potential_victim":
        assert moved == "potential_victim"
    else:
        assert moved is None


def test_child_groups_are_offered_only_for_a_child(profile):
    catalogue = profile.catalogue("AL-2025")
    adult = {g.code for g in rules.offered_groups(catalogue, is_child=False)}
    child = {g.code for g in rules.offered_groups(catalogue, is_child=True)}
    assert adult == {"GEN", "SEX", "LAB", "BEG"}
    assert child == {"GEN", "CHILD", "CHILD-ENV", "SEX", "CHILD-SEX", "LAB", "BEG"}


def test_indicators_are_cleaned_in_catalogue_order(profile):
    catalogue = profile.catalogue("AL-2025")
    codes = rules.clean_indicators(catalogue, ["sex-01", "GEN-02", "GEN-02 "], is_child=False)
    assert codes == ["GEN-02", "SEX-01"]


@pytest.mark.parametrize(
    ("codes", "is_child"),
    [(["GEN-41"], False), (["XYZ"], True), (["CHILD-01"], False), (["CHILD-SEX-04"], False)],
)
def test_unknown_or_inapplicable_indicators_are_refused(profile, codes, is_child):
    with pytest.raises(ValidationFailed) as caught:
        rules.clean_indicators(profile.catalogue("AL-2025"), codes, is_child=is_child)
    assert "indicators" in caught.value.fields


@pytest.mark.parametrize(
    ("citizenship", "foreign"), [("", False), ("AL", False), ("al", False), ("XK", True)]
)
def test_a_foreign_national_has_another_known_citizenship(profile, citizenship, foreign):
    assert rules.is_foreign(citizenship, profile=profile) is foreign


def _rows(*pairs):
    return [rules.ParticipantRow(role=r, signed=s) for r, s in pairs]


def test_an_interview_needs_every_a1_signed(profile):
    stage = profile.initial_identification
    adult = rules.Person(is_child=False, is_foreign=False)
    assert (
        rules.interview_problems(stage, participants=_rows(("interviewer", True)), person=adult)
        == {}
    )
    problems = rules.interview_problems(
        stage, participants=_rows(("interviewer", True), ("counsel", False)), person=adult
    )
    assert list(problems) == ["participants"]


def test_a_child_needs_a_psychologist_and_a_foreigner_an_interpreter(profile):
    stage = profile.initial_identification
    child = rules.Person(is_child=True, is_foreign=True, needs_interpreter=True)
    problems = rules.interview_problems(
        stage, participants=_rows(("interviewer", True)), person=child
    )
    assert len(problems["participants"]) == 2
    full = _rows(("interviewer", True), ("psychologist", True), ("interpreter", True))
    assert rules.interview_problems(stage, participants=full, person=child) == {}


def test_a_suspected_parent_may_not_attend_and_parents_only_for_children(profile):
    stage = profile.initial_identification
    child = rules.Person(is_child=True, is_foreign=False)
    rules.check_participant(stage, role="parent", person=child, suspected=False)
    with pytest.raises(ValidationFailed):
        rules.check_participant(stage, role="guardian", person=child, suspected=True)
    with pytest.raises(ValidationFailed):
        rules.check_participant(
            stage, role="parent", person=rules.Person(False, False), suspected=False
        )
    with pytest.raises(ValidationFailed):
        rules.check_participant(stage, role="astrologer", person=child, suspected=False)


def _check_a2_giver(consent, *, given_by: str, is_child: bool) -> None:
    """The A2 is a record of the consent registry: its rules decide who signs."""
    from datetime import date

    from nrm.consent import rules as consent_rules

    consent_rules.check_record(
        consent,
        consent_rules.Input(
            purpose=consent.a2_purpose,
            given=True,
            given_by=given_by,
            signed_on=date(2026, 3, 2),
            form=consent.a2_form,
            child_view="agrees" if is_child else "",
        ),
        is_child=is_child,
        suspected=(),
        today=date(2026, 3, 2),
    )


def test_consent_for_a_child_comes_from_a_parent_or_guardian(profile):
    consent = profile.consent
    _check_a2_giver(consent, given_by="guardian", is_child=True)
    _check_a2_giver(consent, given_by="person", is_child=False)
    for giver, child in (("person", True), ("parent", False), ("nobody", False)):
        with pytest.raises(ValidationFailed):
            _check_a2_giver(consent, given_by=giver, is_child=child)


def test_the_group_depends_on_the_age(profile):
    stage = profile.initial_identification
    assert rules.group_types(stage, is_child=True) == ("police_slktp", "child_protection_unit")
    assert rules.group_types(stage, is_child=False) == ("police_slktp", "state_social_service")
