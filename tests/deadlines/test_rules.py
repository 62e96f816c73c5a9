"""Pure rules of the engine: applicability, who is responsible, escalation timing."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nrm.deadlines import rules

TIRANE = ZoneInfo("Europe/Tirane")


@dataclass(frozen=True)
class Inst:
    code: str
    type: str
    county: str = ""


POLICE = Inst("police-slktp-tirana", "police_slktp", "tirana")
NJMF_TIRANA = Inst("njmf-tirana", "child_protection_unit", "tirana")
NJMF_DURRES = Inst("njmf-durres", "child_protection_unit", "durres")
AP = Inst("ap-secretariat", "ap_secretariat")


def test_child_only_and_adult_only_rules(profile):
    child_rule = profile.deadline_rule("child_formal_interview_information")
    adult_rule = profile.deadline_rule("adult_formal_interview_rights")
    assert rules.applies(child_rule, is_child=True) and not rules.applies(
        child_rule, is_child=False
    )
    assert rules.applies(adult_rule, is_child=False) and not rules.applies(
        adult_rule, is_child=True
    )


def resolve(rule, **kw):
    args = {"owner": POLICE, "opener": None, "granted": [], "of_type": [], "county": "tirana"}
    args.update(kw)
    return rules.responsible_institution(rule, **args)


def test_the_owner_is_responsible_for_owner_rules(profile):
    assert resolve(profile.deadline_rule("notify_child_protection_worker")) == POLICE


def test_the_child_protection_unit_of_the_county_is_responsible_for_the_plan(profile):
    rule = profile.deadline_rule("child_protection_plan")
    assert resolve(rule, of_type=[NJMF_DURRES, NJMF_TIRANA]) == NJMF_TIRANA


def test_a_unit_the_case_was_shared_with_comes_before_the_countys(profile):
    rule = profile.deadline_rule("child_protection_plan")
    assert resolve(rule, granted=[NJMF_DURRES], of_type=[NJMF_TIRANA, NJMF_DURRES]) == NJMF_DURRES


def test_a_national_body_is_found_without_a_county(profile):
    rule = profile.deadline_rule("ap_disagreement_meeting")
    assert resolve(rule, of_type=[AP]) == AP


def test_without_any_institution_of_the_type_the_owner_stays_responsible(profile):
    assert resolve(profile.deadline_rule("non_response_escalation")) == POLICE


def test_the_opener_is_responsible_for_what_they_must_pass_on(profile):
    rule = profile.deadline_rule("investigation_information_to_apap")
    assert resolve(rule, opener=NJMF_TIRANA) == NJMF_TIRANA
    assert resolve(rule, opener=None) == POLICE


def test_escalation_steps_come_in_order_and_all_overdue_steps_at_once(profile, cal):
    rule = profile.deadline_rule("child_protection_plan")  # focal point +2 h, AP +24 h
    due = datetime(2026, 3, 13, 10, tzinfo=TIRANE)
    steps, following = rules.escalations_due(
        rule, due=due, level=0, now=due + timedelta(hours=1), cal=cal
    )
    assert (steps, following) == ([], due + timedelta(hours=2))
    steps, following = rules.escalations_due(
        rule, due=due, level=0, now=due + timedelta(hours=3), cal=cal
    )
    assert (steps, following) == ([1], due + timedelta(hours=24))
    steps, following = rules.escalations_due(
        rule, due=due, level=0, now=due + timedelta(days=5), cal=cal
    )
    assert (steps, following) == ([1, 2], None)


def test_limits_and_windows_never_escalate(profile, cal):
    for code in ("child_formal_interview_duration", "appeal_window"):
        rule = profile.deadline_rule(code)
        assert (
            rules.escalation_at(rule, due=datetime(2026, 1, 1, tzinfo=TIRANE), step=1, cal=cal)
            is None
        )
