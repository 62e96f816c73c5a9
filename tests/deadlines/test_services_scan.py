"""The scan: reminders when a deadline becomes at risk, a notice when it is missed,
escalation step by step (responsible → focal point → AP secretariat), never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from nrm.audit.models import AuditEvent
from nrm.deadlines.models import Deadline, Notification, ScanState, Status
from nrm.deadlines.services import event_emit, notification_preference_set

from .conftest import deadlines_of

PLAN = "child_protection_plan"


def sent(rule=None):
    """[(username, kind, level)] in the order the notifications were made."""
    qs = Notification.objects.order_by("created_at", "level", "recipient__username")
    if rule:
        qs = qs.filter(deadline__rule=rule)
    return [(n.recipient.username, n.kind, n.level) for n in qs.select_related("recipient")]


@pytest.fixture(autouse=True)
def _no_act_notices(monkeypatch):
    """These tests count the deadline engine's own messages; the notices a new child sends
    at once (and the access it gives the unit) are tests/deadlines/test_act_notices.py's."""
    monkeypatch.setattr("nrm.deadlines.contributions.notice_to_addressees", lambda **kw: 0)


@pytest.fixture
def child_case(case_at, actor_of, t0):
    """A child identified by the Tirana police at t0; the PMF was told at once."""
    case = case_at(t0, appears_to_be_child=True)
    event_emit(
        actor=actor_of("police.tirana"), case=case, event="child_protection_worker_notified", at=t0
    )
    return case


def test_nothing_is_sent_before_anything_is_at_risk(child_case, scan, t0):
    result = scan(t0 + timedelta(hours=47))
    assert (result.reminded, result.missed, result.escalated) == (0, 0, 0)
    assert sent() == []


def test_the_pmf_is_reminded_when_the_72_hours_plan_is_at_risk(child_case, scan, t0):
    result = scan(t0 + timedelta(hours=48, minutes=1))
    assert result.reminded == 1
    assert sent() == [("pmf.tirana", "reminder", 0)]
    assert deadlines_of(child_case, PLAN)[0].at_risk_notified


def test_a_missed_plan_escalates_to_the_focal_point_then_the_ap_secretariat(child_case, scan, t0):
    due = t0 + timedelta(hours=72)
    scan(t0 + timedelta(hours=48, minutes=1))
    scan(due + timedelta(minutes=1))
    [plan] = deadlines_of(child_case, PLAN)
    assert (plan.status, plan.escalation_level) == (Status.MISSED, 0)
    assert plan.next_escalation_at == due + timedelta(hours=2)
    scan(due + timedelta(hours=1))  # too early for the focal point
    scan(due + timedelta(hours=2, minutes=1))
    scan(due + timedelta(hours=24, minutes=1))
    assert sent(PLAN) == [
        ("pmf.tirana", "reminder", 0),
        ("pmf.tirana", "missed", 0),
        ("apap.njmf.tirana", "escalation", 1),
        ("ap.secretariat", "escalation", 2),
    ]
    plan.refresh_from_db()
    assert (plan.escalation_level, plan.next_escalation_at) == (2, None)


def test_a_scan_after_a_long_pause_sends_every_step_once_in_order(child_case, scan, t0):
    scan(t0 + timedelta(days=10))
    assert sent(PLAN) == [
        ("pmf.tirana", "missed", 0),
        ("apap.njmf.tirana", "escalation", 1),
        ("ap.secretariat", "escalation", 2),
    ]


def test_a_rerun_of_the_scan_sends_nothing_twice(child_case, scan, t0):
    for moment in (
        t0 + timedelta(hours=50),
        t0 + timedelta(days=2, hours=1),
        t0 + timedelta(days=9),
    ):
        scan(moment)
        before = Notification.objects.count()
        again = scan(moment)
        assert again.total() == 0
        assert Notification.objects.count() == before
    assert Notification.objects.count() == 4
    scan(t0 + timedelta(days=30))
    assert Notification.objects.count() == 4


def test_the_database_refuses_a_second_identical_notification(child_case, scan, t0):
    from django.db import IntegrityError, transaction

    scan(t0 + timedelta(hours=50))
    n = Notification.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=n.recipient,
            deadline=n.deadline,
            kind=n.kind,
            level=n.level,
            created_at=n.created_at,
        )


def test_a_plan_made_in_time_is_neither_missed_nor_escalated(child_case, actor_of, scan, t0):
    event_emit(
        actor=actor_of("police.tirana"),
        case=child_case,
        event="child_protection_plan_prepared",
        at=t0 + timedelta(hours=30),
    )
    scan(t0 + timedelta(days=10))
    assert sent() == []
    assert deadlines_of(child_case, PLAN)[0].status == Status.MET


def test_a_plan_made_late_stays_missed_and_stops_escalating(child_case, actor_of, scan, t0):
    scan(t0 + timedelta(hours=73))
    event_emit(
        actor=actor_of("police.tirana"),
        case=child_case,
        event="child_protection_plan_prepared",
        at=t0 + timedelta(hours=74),
    )
    scan(t0 + timedelta(days=10))
    [plan] = deadlines_of(child_case, PLAN)
    assert plan.status == Status.MISSED
    assert plan.met_at == t0 + timedelta(hours=74)
    assert sent(PLAN) == [("pmf.tirana", "missed", 0)]


def test_closing_the_case_stops_the_escalation_of_what_was_missed(child_case, actor_of, scan, t0):
    scan(t0 + timedelta(hours=73))
    event_emit(actor=actor_of("police.tirana"), case=child_case, event="case_closed")
    scan(t0 + timedelta(days=10))
    assert sent(PLAN) == [("pmf.tirana", "missed", 0)]


def test_what_the_ap_secretariat_misses_goes_to_the_ap_head(
    case_at, actor_of, extra_users, scan, t0
):
    case = case_at(t0)
    event_emit(
        actor=actor_of("police.tirana"), case=case, event="no_consensus_file_sent_to_ap", at=t0
    )
    scan(t0 + timedelta(hours=26))
    assert sent("ap_disagreement_meeting") == [
        ("ap.secretariat", "missed", 0),
        ("ap.head", "escalation", 1),
    ]


def test_limits_and_windows_are_recorded_but_not_notified(case_at, actor_of, scan, t0):
    case = case_at(t0)
    police = actor_of("police.tirana")
    event_emit(actor=police, case=case, event="formal_interview_started", at=t0)
    event_emit(actor=police, case=case, event="formal_identification_decided", at=t0)
    event_emit(actor=police, case=case, event="decision_sent_to_ap", at=t0)
    # The appeal window runs from the notice of the decision (seed L838).
    event_emit(actor=police, case=case, event="decision_notified", at=t0)
    scan(t0 + timedelta(days=90))
    assert deadlines_of(case, "adult_formal_interview_duration")[0].status == Status.MISSED
    assert deadlines_of(case, "appeal_window")[0].status == Status.MISSED
    assert sent() == []


def test_a_missed_monthly_report_opens_the_next_month(case_at, actor_of, scan, t0):
    case = case_at(t0)
    event_emit(
        actor=actor_of("police.tirana"), case=case, event="reintegration_plan_decided", at=t0
    )
    scan(t0 + timedelta(days=40))
    first, second = deadlines_of(case, "reintegration_report")
    assert (first.status, second.status, second.occurrence) == (Status.MISSED, Status.OPEN, 2)


def test_a_jurisdiction_wide_deadline_is_escalated_too(reference, actor_of, extra_users, scan, t0):
    event_emit(actor=actor_of("ap.secretariat"), case=None, event="sop_entered_into_force", at=t0)
    scan(t0 + timedelta(days=40))
    assert sent("commission_appointment") == [
        ("ap.secretariat", "missed", 0),
        ("ap.head", "escalation", 1),
    ]
    assert Notification.objects.filter(case_reference="").count() == 2


def test_the_scan_keeps_its_high_water_mark_and_audits_what_it_changed(child_case, scan, t0):
    moment = t0 + timedelta(days=10)
    scan(moment)
    state = ScanState.objects.get()
    assert state.last_run_at == moment
    assert state.last_counts == {"reminded": 0, "missed": 1, "escalated": 1, "notifications": 3}
    [plan] = deadlines_of(child_case, PLAN)
    [event] = AuditEvent.objects.filter(code="deadline.scanned")
    assert event.data == {
        "reminded": [],
        "missed": [plan.pk],
        "escalated": [[plan.pk, 1], [plan.pk, 2]],
        "notifications": 3,
    }


def test_the_scan_only_reads_what_needs_it(child_case, scan, t0, django_assert_max_num_queries):
    scan(t0 + timedelta(days=10))
    # Nothing newly due: a constant handful of queries, however many deadlines exist.
    with django_assert_max_num_queries(12):
        scan(t0 + timedelta(days=10, minutes=1))


def test_e_mail_goes_after_commit_with_the_reference_and_a_link_and_no_name(
    case_at, actor_of, scan, t0, django_capture_on_commit_callbacks, settings
):
    from nrm.accounts.models import User

    settings.NRM_PUBLIC_URL = "https://nrm.example.al"
    User.objects.filter(username="pmf.tirana").update(email="pmf@example.al")
    case = case_at(t0, given_name="Drita", family_name="Kola", appears_to_be_child=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scan(t0 + timedelta(hours=49))
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["pmf@example.al"]
    assert case.reference in message.subject and case.reference in message.body
    assert f"https://nrm.example.al/cases/{case.pk}/" in message.body
    assert "Drita" not in message.body + message.subject
    assert "Kola" not in message.body + message.subject


def test_no_e_mail_for_a_user_who_wants_the_inbox_only(
    case_at, actor_of, scan, t0, django_capture_on_commit_callbacks
):
    from nrm.accounts.models import User

    User.objects.filter(username="pmf.tirana").update(email="pmf@example.al")
    notification_preference_set(actor=actor_of("pmf.tirana"), channel="in_app")
    case_at(t0, appears_to_be_child=True)
    with django_capture_on_commit_callbacks(execute=True):
        scan(t0 + timedelta(hours=49))
    assert mail.outbox == []
    assert Notification.objects.filter(recipient__username="pmf.tirana").count() == 1


@pytest.fixture
def signal_handlers():
    """The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    import signal

    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


# The worker closes stale connections as a long-running process must: real transactions.
@pytest.mark.django_db(transaction=True)
def test_nrm_worker_once_runs_the_scan(child_case, t0, signal_handlers):
    from io import StringIO

    from nrm.core import clock

    out = StringIO()
    with clock.override(t0 + timedelta(days=10)):
        call_command("worker", "--once", stdout=out)
    assert "deadline_scan: 2" in out.getvalue()  # one missed, one escalated
    assert Deadline.objects.filter(status=Status.MISSED).count() == 1
    assert ScanState.objects.get().last_run_at == t0 + timedelta(days=10)
