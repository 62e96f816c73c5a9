"""Deadline figures that are true: "immediately" has the profile's grace; a rule opens only
when something in this version can meet it (inactive rules open nothing and are listed apart
in the AP's monitor; a rule the profile promises without a producer is refused, nrm.E017);
a correction that makes the person an adult stops the child's clocks."""

import shutil
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import translation

from nrm.deadlines.checks import deadline_rules_have_producers, problems_of
from nrm.deadlines.display import status_label
from nrm.deadlines.models import Status
from nrm.deadlines.services import event_emit
from nrm.jurisdictions.registry import ROOT, load_profile
from nrm.screening.models import ChecklistKind
from nrm.screening.services import checklist_record
from tests.deadlines.conftest import deadlines_of


def tick_notify_pmf(actor, case, moment, at):
    with at(moment):
        checklist_record(
            actor=actor,
            case_id=case.pk,
            kind=ChecklistKind.ACTION,
            code="notify_child_protection_worker",
        )


def label(deadline, profile, now) -> str:
    with translation.override("en"):
        return status_label(deadline, profile.deadline_rule(deadline.rule), now)


def test_notifying_the_pmf_a_minute_after_opening_the_case_is_on_time(
    real_producers, case_at, actor_of, at, profile, t0
):
    case = case_at(t0, appears_to_be_child=True)
    tick_notify_pmf(actor_of("police.tirana"), case, t0 + timedelta(minutes=1), at)

    [deadline] = deadlines_of(case, "notify_child_protection_worker")
    assert deadline.due_at == t0 + timedelta(hours=1)  # the profile's grace
    assert deadline.status == Status.MET
    assert label(deadline, profile, t0 + timedelta(minutes=1)) == "met on time"


def test_an_immediate_action_after_the_grace_is_late(
    real_producers, case_at, actor_of, at, scan, profile, t0
):
    case = case_at(t0, appears_to_be_child=True)
    scan(t0 + timedelta(minutes=61))
    tick_notify_pmf(actor_of("police.tirana"), case, t0 + timedelta(minutes=62), at)

    [deadline] = deadlines_of(case, "notify_child_protection_worker")
    assert deadline.status == Status.MISSED
    assert deadline.met_at == t0 + timedelta(minutes=62)
    assert label(deadline, profile, t0 + timedelta(minutes=62)) == "met late"


def test_rules_nothing_in_this_version_can_meet_open_nothing(real_producers, case_at, actor_of, t0):
    case = case_at(t0, appears_to_be_child=True)
    # The registry opened the PMF's clock and the 72-hour plan (nrm.plans records the IPP).
    opened = sorted(d.rule for d in deadlines_of(case))
    assert opened == ["child_protection_plan", "notify_child_protection_worker"]

    # AVR (S8) is not built yet: nothing records the family tracing request, so its rule
    # opens nothing. (The emergency referral has its producer since issue 12: referrals.)
    result = event_emit(
        actor=actor_of("police.tirana"), case=case, event="avr_programme_entered", at=t0
    )
    assert result.opened == []
    assert sorted(d.rule for d in deadlines_of(case)) == opened


def login(username: str) -> Client:
    client = Client()
    assert client.login(
        request=RequestFactory().post("/login/"), username=username, password="demo"
    )
    return client


def test_the_monitor_lists_inactive_rules_with_the_reason(real_producers, reference):
    with translation.override("en"):
        page = login("ap.secretariat").get("/deadlines/monitor/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="inactive"' in html
    for code in ("avr_child_assessment_request",):
        assert f'data-rule="{code}"' in html
    for code in (
        "notify_child_protection_worker",
        "notify_interpreter",
        "emergency_referral",
        "child_protection_plan",
    ):
        assert f'data-rule="{code}"' not in html


def test_the_real_profile_promises_only_rules_with_producers(real_producers):
    assert deadline_rules_have_producers() == []


@pytest.fixture
def promising(tmp_path):
    """A copy of the Albanian profile that promises the AVR family tracing request, which
    nothing in this version records."""
    target = tmp_path / "al" / "sop2025"
    shutil.copytree(ROOT / "al" / "sop2025", target)
    path = target / "deadlines.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - code: avr_child_assessment_request\n"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, old + "    requires_producer: true\n", 1), encoding="utf-8")
    return target / "profile.yaml", line


def test_a_promised_rule_without_a_producer_is_refused_at_start_up(real_producers, promising):
    path, line = promising
    [problem] = problems_of(load_profile(path), path)
    assert (problem.code, problem.line) == ("nrm.E017", line)
    assert "family_risk_assessment_requested" in problem.message
    assert problem.file.endswith("deadlines.yaml")


def test_nrm_profile_check_reports_a_promised_rule_without_a_producer(
    real_producers, promising, capsys
):
    path, _line = promising
    with pytest.raises(CommandError):
        call_command("profile", "check", str(path))
    assert "nrm.E017" in capsys.readouterr().err


def test_a_correction_that_makes_the_person_an_adult_cancels_the_child_deadlines(
    case_at, actor_of, at, t0
):
    from nrm.registry.person_rights import person_correct

    case = case_at(t0, date_of_birth=date(2012, 3, 4))
    assert case.is_child
    child_rules = {"notify_child_protection_worker", "child_protection_plan"}
    assert {d.rule for d in deadlines_of(case)} == child_rules

    with at(t0 + timedelta(minutes=30)):
        person_correct(
            actor=actor_of("apap.police.tirana"),
            case_id=case.pk,
            field="date_of_birth",
            value="2000-05-01",
            reason="Birth certificate",
            requested_by="lawyer",
            expected_version=case.version,
        )

    case.refresh_from_db()
    assert case.is_child is False
    for deadline in deadlines_of(case):
        assert deadline.status == Status.CANCELLED
        assert deadline.cancelled_by_event == "child_presumption_lifted"
