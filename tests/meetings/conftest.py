"""Fixtures of the meetings' tests: members of the AP and of the Commission, and a
throw-away purpose about a case (the real ones belong to identification and appeals)."""

from datetime import timedelta

import pytest

from nrm.accounts.models import Institution, User
from nrm.accounts.policy import actor_for, system_actor
from nrm.accounts.services import institution_save, membership_create, user_create
from nrm.core import clock
from nrm.core.doors import doors_open_for_test
from nrm.meetings.doors import MeetingPurpose, meeting_purposes
from nrm.meetings.services import AttendeeIn, meeting_convene

PURPOSE = "tests.case_review"


def _user(username: str, institution: Institution, role: str):
    actor = system_actor()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=actor, username=username, password="demo", is_demo=True)
        membership_create(actor=actor, user=user, institution=institution, role=role)
    return actor_for(user)


@pytest.fixture
def people(actors):
    """The AP's secretariat and head, three focal points (AP members), two Commission
    members and a caseworker who belongs to no body."""
    system = system_actor()
    secretariat = Institution.objects.get(code="ap-secretariat")
    commission = institution_save(
        actor=system,
        code="commission",
        name="Komisioni i Posaçëm Ndërinstitucional",
        type="appeals_commission",
    )
    found = {
        "secretariat": actors["ap.secretariat"],
        "caseworker": actors["police.tirana"],
        "other_caseworker": actors["police.shkoder"],
        "head": _user("ap.head", secretariat, "ap_head"),
        "commission_chair": _user("commission.chair", commission, "commission_member"),
        "commission_member": _user("commission.member", commission, "commission_member"),
    }
    for username, code in (
        ("apap.police.tirana", "police-slktp-tirana"),
        ("apap.njmf.tirana", "njmf-tirana"),
        ("apap.shssh.tirana", "shssh-tirana"),
    ):
        found[username] = _user(username, Institution.objects.get(code=code), "focal_point")
    return found


@pytest.fixture
def decided():
    """A purpose about a case, for the AP, that records what its on_decision saw."""
    seen: list[tuple] = []

    def on_decision(*, actor, meeting, decision):
        seen.append(("decision", meeting.pk, decision.outcome))

    def on_held(*, actor, meeting):
        seen.append(("held", meeting.pk))

    with doors_open_for_test():
        meeting_purposes.add(
            MeetingPurpose(
                body="ap",
                label=lambda: "Case review",
                outcomes=lambda meeting: [("victim", "Victim"), ("not_recognised", "No")],
                on_decision=on_decision,
                on_held=on_held,
            ),
            code=PURPOSE,
            app="tests",
        )
    try:
        yield seen
    finally:
        meeting_purposes.remove(PURPOSE)


def ap_attendees(people, *, chair="head"):
    """The AP head chairs; three focal points are voting members; a caseworker attends as
    the initial identifier (no vote)."""
    return [
        AttendeeIn(capacity="chair", user_id=people[chair].user.pk),
        AttendeeIn(capacity="member", user_id=people["apap.police.tirana"].user.pk),
        AttendeeIn(capacity="member", user_id=people["apap.njmf.tirana"].user.pk),
        AttendeeIn(capacity="member", user_id=people["apap.shssh.tirana"].user.pk),
        AttendeeIn(capacity="initial_identifier", user_id=people["caseworker"].user.pk),
        AttendeeIn(capacity="expert", name="Dr. Elira Kola", votes=True, required=False),
    ]


@pytest.fixture
def convene(people, decided, make_case):
    """convene(**overrides) → an AP meeting about a new case, convened by the secretariat."""

    def make(**overrides):
        if "case_id" not in overrides:
            overrides["case_id"] = make_case().pk
        args = {
            "actor": people["secretariat"],
            "body": "ap",
            "purpose": PURPOSE,
            "scheduled_for": clock.now() + timedelta(hours=2),
            "agenda": ["The group's file without consensus"],
            "attendees": ap_attendees(people),
            "place": "Ministria e Punëve të Brendshme, salla 2",
        }
        args.update(overrides)
        return meeting_convene(**args)

    return make


def voters(meeting):
    return list(meeting.attendees.filter(votes=True).order_by("id").values_list("pk", flat=True))


def everyone(meeting):
    return list(meeting.attendees.order_by("id").values_list("pk", flat=True))


# The browser fixtures of tests/browser (Debian's Chromium through Playwright), reused.
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
