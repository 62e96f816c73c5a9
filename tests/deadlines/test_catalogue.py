"""The Albanian profile's deadline rules: every timed row of the SOP's timing table
(domain/003.md §2.10), with the contract's codes and offsets."""

import pytest

from nrm.jurisdictions.schema import Offset

CONTRACT = {
    "notify_child_protection_worker": Offset(kind="immediate"),
    "notify_interpreter": Offset(kind="immediate"),
    "child_protection_plan": Offset(kind="hours", amount=72),
    "decision_to_ap": Offset(kind="end_of_day"),
    "ap_disagreement_meeting": Offset(kind="hours", amount=24),
    "appeal_window": Offset(kind="working_days", amount=30),
}


def test_every_row_of_the_timing_table_has_a_rule(profile):
    # The seed's other "immediately"s have rules too, without a row (docs/deadlines.md).
    rows = {r.table_row for r in profile.deadlines.rules if r.table_row is not None}
    assert rows == set(range(1, 30))


@pytest.mark.parametrize("code", sorted(CONTRACT))
def test_the_contracts_rules_have_its_codes_and_offsets(profile, code):
    assert profile.deadline_rule(code).offset == CONTRACT[code]


def test_the_contracts_child_and_foreigner_rules_open_on_identification(profile):
    assert profile.deadline_rule("notify_child_protection_worker").opened_by == (
        "child_identified",
    )
    assert profile.deadline_rule("child_protection_plan").opened_by == ("child_identified",)
    assert profile.deadline_rule("notify_interpreter").opened_by == ("foreign_national_identified",)


def test_monthly_reports_recur_for_twenty_four_months(profile):
    rule = profile.deadline_rule("reintegration_report")
    assert rule.offset == Offset(kind="months", amount=1)
    assert rule.recurrence.every == Offset(kind="months", amount=1)
    assert rule.recurrence.count == 24


def test_escalation_goes_to_the_focal_point_before_the_ap_secretariat(profile):
    for rule in profile.deadlines.rules:
        targets = [step.to for step in rule.escalation]
        if "focal_point" in targets and "ap_secretariat" in targets:
            assert targets.index("focal_point") < targets.index("ap_secretariat"), rule.code


def test_every_obligation_escalates_and_no_limit_or_window_does(profile):
    for rule in profile.deadlines.rules:
        if rule.kind == "obligation":
            assert rule.escalation, rule.code
        else:
            assert not rule.escalation and rule.at_risk is None, rule.code


def test_every_rule_has_albanian_and_english_words_and_a_source(profile):
    for rule in profile.deadlines.rules:
        assert rule.title.sq and rule.title.en and rule.action.sq and rule.action.en
        assert rule.sop.startswith("S"), rule.code


def test_the_profile_knows_its_own_country(profile):
    assert profile.home_country == "AL"
