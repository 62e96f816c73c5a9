"""Fixtures of the appeals: a case whose status the group decided and the person was
notified of (through the real services), and the demo's Commission."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from nrm.core import clock

TIRANE = ZoneInfo("Europe/Tirane")
GEN = [f"GEN-{i:02d}" for i in range(1, 4)]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TIRANE)


@pytest.fixture
def decided(actors, make_case):
    """decided(to="not_recognised", decided_on=..., notified_on=..., **person) → a screened
    case (potential victim) whose group decision the AP secretariat recorded, and whose
    notice opened the appeal window (emitted as `decision_notified` on `notified_on`)."""
    from nrm.registry import services as registry
    from nrm.screening.services import screening_submit

    def make(
        to="not_recognised",
        decided_on=date(2026, 10, 20),
        notified_on: date | None = date(2026, 10, 21),
        **person,
    ):
        with clock.override(at(decided_on, 9)):
            case = make_case("police.tirana", **person)
            screening_submit(
                actor=actors["police.tirana"], case_id=case.pk, catalogue="AL-2025", indicators=GEN
            )
            case.refresh_from_db()
            case = registry.case_status_decide(
                actor=actors["ap.secretariat"],
                case_id=case.pk,
                to=to,
                decision=registry.DecisionRef(
                    kind="ap_decision", reference="B3-1", reason="Vendimi i grupit"
                ),
                expected_version=case.version,
            )
        if notified_on is not None:
            with clock.override(at(notified_on, 11)):
                registry.case_event(
                    actor=actors["ap.secretariat"],
                    case=case,
                    event="decision_notified",
                    at=at(notified_on, 11),
                )
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def commission(reference):
    """The demo's Commission: its institution and six appointed members (actors by ministry)."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.appeals.demo import commission_ensure, member_username

    with clock.override(at(date(2026, 1, 10))):
        institution = commission_ensure()
    members = {
        code: actor_for(User.objects.get(username=member_username(code)))
        for code in ("mpb", "md", "mshms", "ma", "mei", "mepj")
    }
    return institution, members


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401


def commission_decides(
    actor, appeal, outcome, votes_for, votes_against=0, abstentions=0, present=6, text="Arsyetimi."
):
    """The Commission's meeting on `appeal`: `present` of its voting members attend, then its
    decision (nrm.meetings' services, whose `on_decision` applies it)."""
    from nrm.appeals.models import Appeal
    from nrm.meetings.models import Attendee
    from nrm.meetings.services import meeting_attendance_record, meeting_decide

    appeal = Appeal.objects.get(pk=appeal.pk)
    voters = list(
        Attendee.objects.filter(meeting_id=appeal.meeting_id, votes=True).values_list(
            "pk", flat=True
        )
    )
    meeting_attendance_record(
        actor=actor, meeting_id=appeal.meeting_id, present=voters[:present], held_at=clock.now()
    )
    return meeting_decide(
        actor=actor,
        meeting_id=appeal.meeting_id,
        outcome=outcome,
        text=text,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
