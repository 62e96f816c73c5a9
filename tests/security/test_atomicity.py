"""Every service is one transaction (issue 5): a failure injected in the middle saves nothing.

For each public function of the services modules of registry, screening, deadlines and
accounts, and of the other modules that write (the consent registry, the person's rights,
retention, the audit-trail export), a scenario runs it once to count its writes (INSERT,
UPDATE, DELETE), rolls that back, then runs it again with the database refusing a write
part-way: at its last write (so every earlier one must be undone) and at one in the middle.
Every row of every table, every column, must then be as before. A new public function fails
`test_every_service_is_covered` until it gets a scenario here (or is named a helper).
"""

import importlib
import inspect
import pkgutil
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from nrm.core import clock
from nrm.deadlines.audit_codes import DeadlineCode
from nrm.registry.audit_codes import RegistryCode
from tests.security.snapshot import differences, table_snapshot

pytestmark = pytest.mark.django_db

SERVICE_PACKAGES = [
    "nrm.registry.services",
    "nrm.screening.services",
    "nrm.deadlines.services",
    "nrm.accounts.services",
    "nrm.consent.services",
    "nrm.registry.person_rights",
    "nrm.registry.retention",
    "nrm.oversight.export",
    "nrm.meetings.services",
    "nrm.identification.services",
    "nrm.directory.services",  # issue 12
    "nrm.referrals.services",  # issue 12
    "nrm.shelters.services",
    "nrm.plans.services",
    "nrm.reintegration.services",
    "nrm.emergency.services",  # issue 12 — emergency
    "nrm.casefile.services",
    "nrm.exchange.services",  # issue 14 — exchange
    "nrm.linkage.services",
    "nrm.statistics.releases",  # issue 14 — releases that reproduce
    "nrm.statistics.services",  # issue 14
    "nrm.actionplan.services",  # issue 16
]

# Public functions of those modules that are not services: pure or read-only helpers, parts
# called only inside another service's transaction, and a batch job of such services.
HELPERS = {
    "nrm.actionplan.services.rules": "read: the profile's action_plans block",
    "nrm.actionplan.services.resolve": "read: the institution a name of a plan is",
    "nrm.registry.services.person_fields": "pure: encrypted field values",
    "nrm.registry.services.profile_of": "read: the case's profile",
    "nrm.accounts.services.api_token_user": "read: the token's user",
    "nrm.accounts.services.api_token_actor": "read: the token's actor",
    "nrm.accounts.services.institution_fields_check": "pure: validation",
    "nrm.accounts.services.role_check": "pure: validation",
    "nrm.accounts.services.password_check": "pure: validation",
    "nrm.accounts.services.totp_user_enrolled": "read",
    "nrm.screening.services.common.case_for_update": "part: locks the case row",
    "nrm.screening.services.common.checklist_set": "part of the stage-A services",
    "nrm.screening.services.common.emit": "part: event_emit inside the caller's transaction",
    "nrm.screening.services.common.in_initial_stage": "pure: a check",
    "nrm.screening.services.common.person_of": "pure",
    "nrm.deadlines.services.events.calendar_for": "pure: the profile's calendar",
    "nrm.deadlines.services.notify.send_emails": "after commit: e-mail only, no database",
    "nrm.deadlines.services.notify.bilingual_email": "pure: builds one e-mail",
    "nrm.deadlines.services.notify.email_wanted": "read: who wants e-mail",
    "nrm.consent.services.holders": "read: who holds the case's data",
    "nrm.registry.person_rights.export.person_cases": "read: the person's visible cases",
    "nrm.registry.person_rights.export.person_data": "read: what the export holds",
    "nrm.registry.person_rights.export.export_pdf": "pure: renders the export",
    "nrm.registry.person_rights.correction.correction_list": "read",
    "nrm.registry.person_rights.requests.requesters": "pure: the profile's requesters",
    "nrm.registry.person_rights.requests.default_jurisdiction_languages": "pure",
    "nrm.registry.person_rights.export.iso": "pure: a date as ISO 8601",
    "nrm.registry.services.case_event": "part of the caller's transaction: tells the sinks",
    "nrm.registry.services.case_notice": "part of the caller's transaction: tells the sinks",
    "nrm.registry.services.may_close": "pure: who closes a case",
    "nrm.registry.services.may_correct_stage": "pure: who corrects a stage",
    "nrm.registry.services.status_kinds_for": "pure: the decisions an actor may record",
    "nrm.registry.retention.retention_ends": "pure",
    "nrm.registry.retention.age_group": "pure",
    "nrm.registry.retention.retention_due_ids": "read: the cases due",
    "nrm.registry.retention.retention_anonymise": (
        "batch job: each case in its own transaction on purpose, so one failing case does "
        "not undo the others; each is case_anonymise, covered"
    ),
    "nrm.identification.services.ap_attendees": "read: who must attend the AP's meeting",
    "nrm.identification.services.ap_outcomes": "pure: the profile's outcomes",
    "nrm.identification.services.ap_meeting_held": (
        "part of meeting_attendance_record's transaction (the purpose's on_held)"
    ),
    "nrm.identification.services.ap_meeting_decided": (
        "part of meeting_decide's transaction (the purpose's on_decision)"
    ),
    "nrm.oversight.export.verification_out": "pure",
    "nrm.oversight.export.trail_dict": "pure",
    "nrm.oversight.export.trail_csv": "pure",
    "nrm.oversight.export.trail_rows_human": "pure",
    "nrm.referrals.services.referral_rules": "read: the case profile's referrals block",
    "nrm.referrals.services.person_age": "pure: the age from the date of birth",
    "nrm.statistics.services.period_of": "pure: a period code read, or a field error",
}

# person_export records a refused request (a suspected parent or guardian) in a transaction
# of its own before raising Forbidden, on purpose: the refusal must stay on record. That path
# is documented in nrm/registry/person_rights/; the scenario below covers the export itself.


def _modules():
    for name in SERVICE_PACKAGES:
        module = importlib.import_module(name)
        yield module
        if hasattr(module, "__path__"):
            for info in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{name}.{info.name}")


def discovered() -> set[str]:
    return {
        f"{module.__name__}.{fn_name}"
        for module in _modules()
        for fn_name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not fn_name.startswith("_")
    }


# --- failure injection --------------------------------------------------------------------


class InjectedFailure(Exception):
    pass


def _is_write(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))


class _Writes:
    """A database execute wrapper: counts write statements; raises at the `fail_at`-th."""

    def __init__(self, fail_at: int | None = None):
        self.count = 0
        self.fail_at = fail_at

    def __call__(self, execute, sql, params, many, context):
        if _is_write(sql):
            self.count += 1
            if self.count == self.fail_at:
                raise InjectedFailure(sql[:80])
        return execute(sql, params, many, context)


def _count_writes(call) -> int:
    """Runs the service and undoes it: how many writes it makes."""
    counter = _Writes()
    sid = transaction.savepoint()
    try:
        with connection.execute_wrapper(counter):
            call()
    finally:
        transaction.savepoint_rollback(sid)
    return counter.count


# --- the world and one scenario per service -----------------------------------------------

SCENARIOS = {}


def scenario(name):
    def register(fn):
        SCENARIOS[name] = fn
        return fn

    return register


class World:
    def __init__(self, actors, make_case):
        from nrm.accounts.policy import system_actor

        self.actors = actors
        self.police = actors["police.tirana"]
        self.ap = actors["ap.secretariat"]
        self.system = system_actor()
        self.make_case = make_case

    def user_actor(self, username):
        from nrm.accounts.models import User
        from nrm.accounts.policy import actor_for

        return actor_for(User.objects.get(username=username))

    def institution(self, code):
        from nrm.accounts.models import Institution

        return Institution.objects.get(code=code)

    def screened(self):
        from nrm.screening.services import screening_submit

        case = self.make_case()
        screening_submit(
            actor=self.police,
            case_id=case.pk,
            catalogue="AL-2025",
            indicators=["GEN-01", "GEN-02", "GEN-03"],
        )
        return case

    def interview(self, case, *, signed=True):
        from nrm.screening import services

        interview = services.interview_plan(
            actor=self.police,
            case_id=case.pk,
            scheduled_at=clock.now() - timedelta(hours=2),
            place="Tiranë",
        )
        participant = services.participant_add(
            actor=self.police,
            interview_id=interview.pk,
            role="interviewer",
            name="A. B.",
            declaration_signed_on=clock.today() if signed else None,
        )
        return interview, participant


@pytest.fixture
def world(actors, make_case):
    return World(actors, make_case)


R, S, D, A = (
    "nrm.registry.services",
    "nrm.screening.services",
    "nrm.deadlines.services",
    "nrm.accounts.services",
)


@scenario(f"{R}.case_create")
def _(w):
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    # A foreign child: the case, the person, history, tallies, deadlines, audit.
    person = PersonInput(given_name="Arta", estimated_age=15, citizenship="XK")
    return lambda: case_create(actor=w.police, person=person)


@scenario(f"{R}.case_assign")
def _(w):
    from nrm.registry.services import case_assign

    case, shelter = w.make_case(), w.institution("shelter-tirana")
    return lambda: case_assign(actor=w.police, case_id=case.pk, institution=shelter, reason="r")


@scenario(f"{R}.case_grant_revoke")
def _(w):
    from nrm.registry.services import case_assign, case_grant_revoke

    case = w.make_case()
    grant = case_assign(
        actor=w.police, case_id=case.pk, institution=w.institution("shelter-tirana"), reason="r"
    )
    return lambda: case_grant_revoke(actor=w.police, grant_id=grant.pk, reason="r")


@scenario(f"{R}.case_list_export")
def _(w):
    from nrm.registry.selectors import CaseFilters
    from nrm.registry.services import case_list_export

    w.make_case()
    return lambda: case_list_export(actor=w.police, filters=CaseFilters())


@scenario(f"{R}.case_open")
def _(w):
    from nrm.registry.services import case_open

    case = w.make_case()
    return lambda: case_open(actor=w.police, case_id=case.pk, action=RegistryCode.CASE_VIEW)


@scenario(f"{R}.procedure_open")
def _(w):
    from nrm.registry.services import procedure_open

    case = w.make_case(estimated_age=15)
    return lambda: procedure_open(
        actor=w.police, case_id=case.pk, code="protection", reason="r", expected_version=1
    )


@scenario(f"{R}.procedure_move")
def _(w):
    from nrm.registry.services import procedure_move

    case = w.make_case()
    return lambda: procedure_move(
        actor=w.police,
        case_id=case.pk,
        code="identification",
        to="formal",
        reason="r",
        expected_version=1,
    )


@scenario(f"{R}.procedure_end")
def _(w):
    from nrm.registry.services import procedure_end

    case = w.make_case()
    return lambda: procedure_end(
        actor=w.police, case_id=case.pk, code="identification", reason="r", expected_version=1
    )


@scenario(f"{R}.case_status_screened")
def _(w):
    from nrm.registry.services import case_status_screened

    case = w.make_case()
    return lambda: case_status_screened(
        actor=w.police, case_id=case.pk, to="potential_victim", reason="r", expected_version=1
    )


@scenario(f"{R}.case_status_decide")
def _(w):
    from nrm.registry.services import DecisionRef, case_status_decide

    case = w.make_case()
    return lambda: case_status_decide(
        actor=w.ap,
        case_id=case.pk,
        to="potential_victim",
        decision=DecisionRef(kind="status_correction", reference="AP-1", reason="r"),
        expected_version=1,
    )


@scenario(f"{R}.case_close")
def _(w):
    from nrm.registry.services import case_close

    case = w.make_case(estimated_age=15)  # closing cancels the child's open deadlines
    return lambda: case_close(
        actor=w.police, case_id=case.pk, reason_code="duplicate", note="r", expected_version=1
    )


@scenario(f"{R}.case_exploitation_set")
def _(w):
    from nrm.registry.services import case_exploitation_set

    case = w.make_case()
    return lambda: case_exploitation_set(
        actor=w.police, case_id=case.pk, forms=["forced_criminality"], expected_version=1
    )


@scenario(f"{R}.case_reopen")
def _(w):
    from nrm.registry.services import case_close, case_reopen

    case = w.make_case()
    case_close(actor=w.police, case_id=case.pk, reason_code="duplicate", expected_version=1)
    return lambda: case_reopen(actor=w.police, case_id=case.pk, reason="r", expected_version=2)


@scenario(f"{R}.procedure_correct")
def _(w):
    from nrm.registry.services import DecisionRef, procedure_correct

    case = w.make_case()
    return lambda: procedure_correct(
        actor=w.ap,
        case_id=case.pk,
        code="protection",
        to="placed",
        decision=DecisionRef(kind="", reference="AP-2", reason="r"),
        expected_version=1,
    )


# --- accounts -----------------------------------------------------------------------------


@scenario(f"{A}.api_token_issue")
def _(w):
    from nrm.accounts.services import api_token_issue

    return lambda: api_token_issue(actor=w.police)


@scenario(f"{A}.api_token_revoke")
def _(w):
    from nrm.accounts.models import ApiToken
    from nrm.accounts.services import api_token_issue, api_token_revoke

    api_token_issue(actor=w.police)
    token = ApiToken.objects.filter(user=w.police.user).latest("id")
    return lambda: api_token_revoke(actor=w.police, token_id=token.pk)


@scenario(f"{A}.sessions_end_all")
def _(w):
    from django.contrib.sessions.backends.db import SessionStore

    from nrm.accounts.services import api_token_issue, sessions_end_all

    api_token_issue(actor=w.police)
    session = SessionStore()
    session["_auth_user_id"] = str(w.police.user.pk)
    session.create()
    return lambda: sessions_end_all(actor=w.police)


@scenario(f"{A}.institution_save")
def _(w):
    from nrm.accounts.services import institution_save

    like = w.institution("shelter-tirana")
    return lambda: institution_save(
        actor=w.system, code="new-shelter", name="N", type=like.type, county=like.county
    )


@scenario(f"{A}.user_create")
def _(w):
    from nrm.accounts.services import user_create

    return lambda: user_create(actor=w.system, username="new.user", password="x" * 16)


@scenario(f"{A}.membership_create")
def _(w):
    from nrm.accounts.models import Membership, User
    from nrm.accounts.services import membership_create

    police = Membership.objects.get(user=w.police.user, is_primary=True)
    user = w.police.user  # a second, primary membership: the first stops being primary
    assert User.objects.filter(pk=user.pk).exists()
    return lambda: membership_create(
        actor=w.system, user=user, institution=w.institution("shelter-tirana"), role=police.role
    )


@scenario(f"{A}.membership_set")
def _(w):
    from nrm.accounts.models import Membership, User
    from nrm.accounts.services import membership_create, membership_set

    # A second role at the same institution, then a change that replaces both: the
    # primary flag moves, one row is updated and the other deleted.
    police = Membership.objects.get(user=w.police.user, is_primary=True)
    user = User.objects.get(pk=w.police.user.pk)
    membership_create(
        actor=w.system, user=user, institution=police.institution, role="viewer", is_primary=False
    )
    return lambda: membership_set(
        actor=w.system, user=user, institution=police.institution, role="focal_point"
    )


@scenario(f"{A}.membership_remove")
def _(w):
    from nrm.accounts.models import Membership
    from nrm.accounts.services import membership_remove

    police = Membership.objects.get(user=w.police.user, is_primary=True)
    return lambda: membership_remove(actor=w.system, membership=police)


@scenario(f"{A}.user_update")
def _(w):
    from nrm.accounts.models import User
    from nrm.accounts.services import user_update

    user = User.objects.get(pk=w.police.user.pk)
    return lambda: user_update(
        actor=w.system, user=user, is_active=False, email="new@example.org", password="y" * 16
    )


@scenario(f"{A}.system_user_ensure")
def _(w):
    from nrm.accounts.models import User
    from nrm.accounts.policy import SYSTEM_USERNAME
    from nrm.accounts.services import system_user_ensure

    # A fresh database: the named system user is made, then its password made unusable.
    User.objects.filter(username=SYSTEM_USERNAME).update(username="system-before")
    return system_user_ensure


@scenario(f"{A}.totp_device_start")
def _(w):
    from nrm.accounts.services import totp_device_start

    return lambda: totp_device_start(actor=w.police)


def _totp_now(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


@scenario(f"{A}.totp_device_confirm")
def _(w):
    from nrm.accounts.services import totp_device_confirm, totp_device_start

    device = totp_device_start(actor=w.police)
    return lambda: totp_device_confirm(actor=w.police, token=_totp_now(device))


@scenario(f"{A}.totp_verify")
def _(w):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from nrm.accounts.services import totp_verify

    TOTPDevice.objects.create(user=w.police.user, name="nrm", confirmed=True)
    # A wrong code: the device's throttling and the `otp.failed` event.
    return lambda: totp_verify(actor=w.police, token="000000")


# --- screening ----------------------------------------------------------------------------


@scenario(f"{S}.screening.identification_start")
def _(w):
    from nrm.registry.rules import PersonInput
    from nrm.screening.services import identification_start

    person = PersonInput(given_name="Arta", estimated_age=15, citizenship="XK")
    return lambda: identification_start(
        actor=w.police,
        person=person,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )


@scenario(f"{S}.screening.screening_submit")
def _(w):
    from nrm.screening.services import screening_submit

    case = w.make_case()
    return lambda: screening_submit(
        actor=w.police,
        case_id=case.pk,
        catalogue="AL-2025",
        indicators=["GEN-01", "GEN-02", "GEN-03"],
    )


@scenario(f"{S}.screening.checklist_record")
def _(w):
    from nrm.screening.services import checklist_record

    case = w.screened()
    return lambda: checklist_record(
        actor=w.police, case_id=case.pk, kind="need", code="food", note="n"
    )


@scenario(f"{S}.screening.checklist_save")
def _(w):
    from nrm.screening.services import checklist_save

    case = w.screened()
    return lambda: checklist_save(
        actor=w.police, case_id=case.pk, done={"action": ["assess_indicators"], "need": ["food"]}
    )


@scenario(f"{S}.interview.interview_plan")
def _(w):
    from nrm.screening.services import interview_plan

    case = w.screened()
    return lambda: interview_plan(
        actor=w.police, case_id=case.pk, scheduled_at=clock.now(), place="Tiranë"
    )


@scenario(f"{S}.interview.interview_prepare")
def _(w):
    from nrm.screening.services import interview_prepare

    case = w.screened()
    return lambda: interview_prepare(
        actor=w.police,
        case_id=case.pk,
        scheduled_at=clock.now(),
        place="Tiranë",
        participants=[
            {"role": "interviewer", "name": "Insp. B", "declaration_signed_on": clock.today()}
        ],
    )


@scenario(f"{S}.interview.participant_add")
def _(w):
    from nrm.screening.services import participant_add

    interview, _participant = w.interview(w.screened())
    return lambda: participant_add(
        actor=w.police,
        interview_id=interview.pk,
        role="psychologist",
        name="C. D.",
        declaration_signed_on=clock.today(),
    )


@scenario(f"{S}.interview.participant_remove")
def _(w):
    from nrm.screening.services import participant_remove

    _interview, participant = w.interview(w.screened())
    return lambda: participant_remove(actor=w.police, participant_id=participant.pk)


@scenario(f"{S}.interview.declaration_record")
def _(w):
    from nrm.screening.services import declaration_record

    _interview, participant = w.interview(w.screened(), signed=False)
    return lambda: declaration_record(
        actor=w.police, participant_id=participant.pk, signed_on=clock.today()
    )


@scenario(f"{S}.interview.interview_hold")
def _(w):
    from nrm.screening.services import interview_hold

    interview, _participant = w.interview(w.screened())
    return lambda: interview_hold(actor=w.police, interview_id=interview.pk, subject="s")


@scenario(f"{S}.interview.interview_log_record")
def _(w):
    from nrm.screening.services import interview_log_record

    case = w.screened()
    return lambda: interview_log_record(
        actor=w.police, case_id=case.pk, at=clock.now(), purpose="p", subject="s"
    )


@scenario(f"{S}.request.a2_record")
def _(w):
    from nrm.screening.services import a2_record

    case = w.screened()
    return lambda: a2_record(
        actor=w.police, case_id=case.pk, given=True, given_by="person", signed_on=clock.today()
    )


@scenario(f"{S}.request.formal_identification_request")
def _(w):
    from nrm.screening.services import (
        a2_record,
        formal_identification_request,
        interview_hold,
    )

    case = w.screened()
    interview, _participant = w.interview(case)
    interview_hold(actor=w.police, interview_id=interview.pk, subject="s")
    a2_record(
        actor=w.police, case_id=case.pk, given=True, given_by="person", signed_on=clock.today()
    )
    # Stage change, grants to the group, recipients, deadlines, audit.
    return lambda: formal_identification_request(actor=w.police, case_id=case.pk, grounds="g")


@scenario(f"{S}.request.investigation_information_record")
def _(w):
    from nrm.screening.services import investigation_information_record

    case = w.screened()
    return lambda: investigation_information_record(actor=w.police, case_id=case.pk, content="c")


@scenario(f"{S}.request.investigation_information_open")
def _(w):
    from nrm.screening.services import investigation_information_open

    case = w.screened()
    return lambda: investigation_information_open(
        actor=w.ap, case_id=case.pk, action=RegistryCode.CASE_VIEW
    )


# --- deadlines ----------------------------------------------------------------------------


@scenario(f"{D}.events.event_emit")
def _(w):
    from nrm.deadlines.services import event_emit

    case = w.make_case(estimated_age=15)
    return lambda: event_emit(actor=w.police, case=case, event="potential_victim_identified")


@scenario(f"{D}.figures.deadline_figures_export")
def _(w):
    from nrm.deadlines.services.figures import deadline_figures_export

    w.make_case(estimated_age=15)
    return lambda: deadline_figures_export(actor=w.ap)


@scenario(f"{D}.inbox.closure_day_save")
def _(w):
    from nrm.deadlines.services.inbox import closure_day_save

    return lambda: closure_day_save(actor=w.system, day=date(2030, 1, 2), reason="r")


@scenario(f"{D}.inbox.closure_day_delete")
def _(w):
    from nrm.deadlines.services.inbox import closure_day_delete, closure_day_save

    closure_day_save(actor=w.system, day=date(2030, 1, 2), reason="r")
    return lambda: closure_day_delete(actor=w.system, day=date(2030, 1, 2))


def _notices(w, *users):
    from nrm.deadlines.services.inbox import notice_send

    return notice_send(recipients=list(users), kind="consent_withdrawn", case=w.make_case())


@scenario(f"{D}.inbox.notice_send")
def _(w):
    from nrm.deadlines.services.inbox import notice_send

    case, users = w.make_case(), [w.police.user, w.ap.user]
    return lambda: notice_send(recipients=users, kind="consent_withdrawn", case=case)


@scenario(f"{D}.inbox.notice_to_addressees")
def _(w):
    from nrm.deadlines.services.inbox import notice_to_addressees

    # A child's case and its unit's access first; the call then writes the notices again.
    case = w.make_case(estimated_age=16)
    return lambda: notice_to_addressees(actor=w.police, case=case, kind="new_child")


@scenario(f"{D}.inbox.notification_mark_read")
def _(w):
    from nrm.deadlines.services.inbox import notification_mark_read

    _notices(w, w.police.user)
    _notices(w, w.police.user)
    return lambda: notification_mark_read(actor=w.police)


@scenario(f"{D}.inbox.notification_preference_set")
def _(w):
    from nrm.deadlines.models import Channel
    from nrm.deadlines.services.inbox import notification_preference_set

    return lambda: notification_preference_set(actor=w.police, channel=Channel.IN_APP_EMAIL)


@scenario(f"{D}.retention.notification_purge")
def _(w):
    from nrm.deadlines.services.retention import notification_purge

    _notices(w, w.police.user, w.ap.user)
    return lambda: notification_purge(actor=w.system, before=clock.now() + timedelta(days=1))


@scenario(f"{D}.scan.deadline_scan")
def _(w):
    from nrm.deadlines.services.scan import deadline_scan

    for _i in range(2):  # children: deadlines due at once and within 72 hours
        w.make_case(estimated_age=15, citizenship="XK")
    # Ten days on: reminders, missed deadlines, escalations, notifications.
    return lambda: deadline_scan(actor=w.system, now=clock.now() + timedelta(days=10))


# --- consent registry ---------------------------------------------------------------------

C = "nrm.consent.services"


@scenario(f"{C}.consent_record")
def _(w):
    from nrm.consent.services import consent_record

    case = w.make_case()
    # Refusing statistics, allowed until withdrawn: the record, the holders' notices, audit.
    return lambda: consent_record(
        actor=w.police,
        case_id=case.pk,
        purpose="statistics",
        given=False,
        given_by="person",
        signed_on=clock.today(),
    )


@scenario(f"{C}.consent_withdraw")
def _(w):
    from nrm.consent.services import consent_record, consent_withdraw
    from nrm.registry.services import case_assign

    case = w.make_case()
    case_assign(
        actor=w.police, case_id=case.pk, institution=w.institution("shssh-tirana"), reason="r"
    )
    given = consent_record(
        actor=w.police,
        case_id=case.pk,
        purpose="sharing",
        given=True,
        given_by="person",
        signed_on=clock.today(),
        institution="shelter-tirana",
    )
    # The withdrawal, a notice to every holder of both institutions, audit.
    return lambda: consent_withdraw(actor=w.police, record_id=given.pk, reason="r")


@scenario(f"{C}.giver_suspicion_record")
def _(w):
    from nrm.consent.services import giver_suspicion_record

    child = w.make_case(estimated_age=11)
    return lambda: giver_suspicion_record(
        actor=w.police, case_id=child.pk, giver="parent", suspected=True, note="n"
    )


# --- the person's rights, retention, the audit-trail export -------------------------------

P, T, X = "nrm.registry.person_rights", "nrm.registry.retention", "nrm.oversight.export"
FOCAL = "apap.police.tirana"  # person rights, in the institution owning police's cases


@scenario(f"{P}.export.person_export")
def _(w):
    from nrm.registry.person_rights import person_export

    case = w.screened()
    focal = w.user_actor(FOCAL)
    # The normal path: the request, an access-log row per case, audit.
    return lambda: person_export(actor=focal, case_id=case.pk, requester="person")


@scenario(f"{P}.correction.person_correct")
def _(w):
    from nrm.registry.person_rights import person_correct

    case = w.make_case(date_of_birth=date(2000, 5, 1), citizenship="AL")
    focal = w.user_actor(FOCAL)
    # Now a child: the person, the case's is_child and version, tallies, the child's
    # deadlines, the correction, audit.
    return lambda: person_correct(
        actor=focal,
        case_id=case.pk,
        field="date_of_birth",
        value="2012-03-04",
        reason="r",
        requested_by="lawyer",
        expected_version=case.version,
    )


@scenario(f"{T}.case_anonymise")
def _(w):
    from nrm.registry.retention import case_anonymise
    from nrm.screening.services import a2_record, interview_hold
    from tests.registry.changes import case_stage_change, case_status_change

    case = w.screened()
    interview, _participant = w.interview(case)
    interview_hold(actor=w.police, interview_id=interview.pk, subject="s")
    a2_record(
        actor=w.police, case_id=case.pk, given=True, given_by="person", signed_on=clock.today()
    )
    case_status_change(actor=w.police, case_id=case.pk, to="victim", reason="r")
    case_stage_change(actor=w.police, case_id=case.pk, to="closed", reason="r")
    later = clock.now() + timedelta(days=366 * 10 + 3)

    # Every encrypted text of the case's records, the case, then the person, audit.
    def call():
        with clock.override(later):
            return case_anonymise(actor=w.system, case_id=case.pk)

    return call


@scenario(f"{X}.audit_trail_export")
def _(w):
    from nrm.oversight.export import audit_trail_export

    case = w.make_case()
    return lambda: audit_trail_export(actor=w.ap, case_id=case.pk, format="csv")


# --- meetings (nrm.meetings) --------------------------------------------------------------

M = "nrm.meetings.services"


def _meeting(w, *, held=False, task=False):
    """A general meeting of the AP about a case: the secretariat convenes and chairs, a
    focal point is a member; held (both present) and with a task when asked."""
    from nrm.meetings import services as m

    case = w.make_case()
    focal = w.user_actor("apap.police.tirana")
    meeting = m.meeting_convene(
        actor=w.ap,
        body="ap",
        purpose="general",
        case_id=case.pk,
        scheduled_for=clock.now() - timedelta(hours=1),
        agenda=["a"],
        attendees=[
            m.AttendeeIn(capacity="chair", user_id=w.ap.user.pk),
            m.AttendeeIn(capacity="member", user_id=focal.user.pk),
            m.AttendeeIn(capacity="expert", name="E. K."),
        ],
        place="p",
    )
    if held:
        m.meeting_attendance_record(
            actor=w.ap,
            meeting_id=meeting.pk,
            present=list(meeting.attendees.values_list("pk", flat=True)),
            held_at=clock.now(),
        )
    if task:
        return meeting, m.meeting_task_assign(
            actor=w.ap,
            meeting_id=meeting.pk,
            institution_id=focal.institution_id,
            text="t",
            due_on=clock.today() + timedelta(days=3),
        )
    return meeting


@scenario(f"{M}.meeting_convene")
def _(w):
    from nrm.meetings import services as m

    case = w.make_case()

    # The meeting, its agenda and attendees, audit.
    return lambda: m.meeting_convene(
        actor=w.ap,
        body="ap",
        purpose="general",
        case_id=case.pk,
        scheduled_for=clock.now() + timedelta(hours=1),
        agenda=["a", "b"],
        attendees=[m.AttendeeIn(capacity="chair", user_id=w.ap.user.pk)],
    )


@scenario(f"{M}.meeting_attendance_record")
def _(w):
    from nrm.meetings.services import meeting_attendance_record

    meeting = _meeting(w)
    present = list(meeting.attendees.values_list("pk", flat=True))
    return lambda: meeting_attendance_record(
        actor=w.ap, meeting_id=meeting.pk, present=present, held_at=clock.now()
    )


@scenario(f"{M}.meeting_decide")
def _(w):
    from nrm.meetings.services import meeting_decide

    meeting = _meeting(w, held=True)
    return lambda: meeting_decide(
        actor=w.ap,
        meeting_id=meeting.pk,
        outcome="approved",
        text="r",
        votes_for=2,
        votes_against=0,
        abstentions=0,
    )


@scenario(f"{M}.meeting_minutes_record")
def _(w):
    from nrm.meetings.services import meeting_minutes_record

    meeting = _meeting(w, held=True)
    return lambda: meeting_minutes_record(
        actor=w.ap, meeting_id=meeting.pk, minutes="m", reference="1"
    )


@scenario(f"{M}.meeting_task_assign")
def _(w):
    from nrm.meetings.services import meeting_task_assign

    meeting = _meeting(w, held=True)
    institution = w.institution("police-slktp-tirana")

    # The task, its deadline, the focal points' notices, audit.
    return lambda: meeting_task_assign(
        actor=w.ap,
        meeting_id=meeting.pk,
        institution_id=institution.pk,
        text="t",
        due_on=clock.today() + timedelta(days=3),
    )


@scenario(f"{M}.meeting_task_done")
def _(w):
    from nrm.meetings.services import meeting_task_done

    _m, task = _meeting(w, held=True, task=True)
    return lambda: meeting_task_done(actor=w.ap, task_id=task.pk, note="n")


@scenario(f"{M}.meeting_cancel")
def _(w):
    from nrm.meetings.services import meeting_cancel

    meeting = _meeting(w)
    return lambda: meeting_cancel(actor=w.ap, meeting_id=meeting.pk, reason="r")


@scenario(f"{M}.meeting_open")
def _(w):
    from nrm.meetings.services import meeting_open

    meeting = _meeting(w)
    return lambda: meeting_open(actor=w.ap, id=meeting.pk)


# --- formal identification (nrm.identification) ------------------------------------------


FI = "nrm.identification.services"


def _a5(w):
    """An adult Tirana case after its A5 (screened, interviewed, A2), for the group."""
    from nrm.screening.services import a2_record, formal_identification_request, interview_hold

    case = w.screened()
    interview, _participant = w.interview(case)
    interview_hold(actor=w.police, interview_id=interview.pk, subject="s")
    a2_record(
        actor=w.police, case_id=case.pk, given=True, given_by="person", signed_on=clock.today()
    )
    formal_identification_request(actor=w.police, case_id=case.pk)
    return case


def _formed(w):
    from nrm.identification import services as f

    case = _a5(w)
    f.seat_take(actor=w.police, case_id=case.pk)
    f.seat_take(actor=w.user_actor("social.tirana"), case_id=case.pk)
    return case


FORMAL_ROLES = ("police_officer", "social_worker", "counsel")


def _planned(w, case):
    from nrm.identification import services as f

    interview = f.interview_plan(
        actor=w.police, case_id=case.pk, scheduled_at=clock.now(), place="p"
    )
    for role in FORMAL_ROLES:
        f.participant_add(
            actor=w.police,
            interview_id=interview.pk,
            role=role,
            name="N",
            declaration_signed_on=clock.today(),
        )
    return interview


def _started(w, case):
    from nrm.identification import rules
    from nrm.identification import services as f
    from nrm.registry.services import profile_of

    stage = rules.stage_rules(profile_of(case))
    interview = _planned(w, case)
    f.interview_start(
        actor=w.police,
        interview_id=interview.pk,
        conditions=[c.code for c in stage.conditions if c.applies_to != "child"],
        rights=[r.code for r in stage.rights],
        started_at=clock.now() - timedelta(minutes=30),
    )
    return interview


@scenario(f"{FI}.seat_take")
def _(w):
    from nrm.identification import services as f

    case = _a5(w)
    f.seat_take(actor=w.police, case_id=case.pk)
    # The group forms: seat, intervention event, notices.
    return lambda: f.seat_take(actor=w.user_actor("social.tirana"), case_id=case.pk)


@scenario(f"{FI}.identification_open")
def _(w):
    from nrm.identification import services as f

    case = w.screened()
    return lambda: f.identification_open(actor=w.police, case_id=case.pk)


@scenario(f"{FI}.interview_plan")
def _(w):
    from nrm.identification import services as f

    case = _formed(w)
    return lambda: f.interview_plan(
        actor=w.police, case_id=case.pk, scheduled_at=clock.now(), place="p"
    )


@scenario(f"{FI}.participant_add")
def _(w):
    from nrm.identification import services as f

    interview = _planned(w, _formed(w))
    return lambda: f.participant_add(
        actor=w.police, interview_id=interview.pk, role="psychologist", name="P"
    )


@scenario(f"{FI}.interview_start")
def _(w):
    from nrm.identification import rules
    from nrm.identification import services as f
    from nrm.registry.services import profile_of

    case = _formed(w)
    interview = _planned(w, case)
    stage = rules.stage_rules(profile_of(case))
    return lambda: f.interview_start(
        actor=w.police,
        interview_id=interview.pk,
        conditions=[c.code for c in stage.conditions if c.applies_to != "child"],
        rights=[r.code for r in stage.rights],
    )


@scenario(f"{FI}.interview_end")
def _(w):
    from nrm.identification import services as f

    interview = _started(w, _formed(w))
    return lambda: f.interview_end(actor=w.police, interview_id=interview.pk, facts="f")


@scenario(f"{FI}.needs_assess")
def _(w):
    from nrm.identification import services as f

    interview = _started(w, _formed(w))
    social = w.user_actor("social.tirana")
    return lambda: f.needs_assess(actor=social, interview_id=interview.pk, assessment="a")


def _decided(w, consensus: bool):
    from nrm.identification import services as f

    case = _formed(w)
    return f.decision_record(
        actor=w.police,
        case_id=case.pk,
        outcome=None,
        consensus=consensus,
        decided_on=clock.today(),
        reasoning="r",
    )


@scenario(f"{FI}.decision_record")
def _(w):
    from nrm.identification import services as f

    case = _formed(w)
    # Without consensus (the status stays; the group's decision path is the lead's):
    # decision, group state, file to the AP, two events.
    return lambda: f.decision_record(
        actor=w.police,
        case_id=case.pk,
        outcome=None,
        consensus=False,
        decided_on=clock.today(),
        reasoning="r",
    )


@scenario(f"{FI}.decision_send_to_ap")
def _(w):
    from nrm.identification import services as f
    from nrm.identification.models import GroupDecision

    decision = _decided(w, consensus=False)
    # A decision with consensus not yet sent (written directly: the consensus path needs the
    # registry's group decision path).
    GroupDecision.objects.filter(pk=decision.pk).update(
        consensus=True, outcome="potential_victim", sent_to_ap_at=None
    )
    return lambda: f.decision_send_to_ap(actor=w.police, decision_id=decision.pk)


@scenario(f"{FI}.decision_notice_record")
def _(w):
    from nrm.identification import services as f
    from nrm.identification.models import GroupDecision

    decision = _decided(w, consensus=False)
    GroupDecision.objects.filter(pk=decision.pk).update(consensus=True, outcome="potential_victim")
    return lambda: f.decision_notice_record(
        actor=w.police, decision_id=decision.pk, notified_on=clock.today()
    )


@scenario(f"{FI}.ap_meeting_convene")
def _(w):
    from nrm.identification import services as f

    decision = _decided(w, consensus=False)
    return lambda: f.ap_meeting_convene(
        actor=w.ap, case_id=decision.case_id, scheduled_for=clock.now() + timedelta(hours=2)
    )


# --- issue 12: the directory, referrals and the registry's referral grants ------------------


def _shelter_service():
    from nrm.directory.models import Service

    return Service.objects.get(organization__institution__code="shelter-tirana", need="shelter")


def _woman(w):
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    return case_create(
        actor=w.police,
        person=PersonInput(
            given_name="Arta", family_name="Hoxha", sex="female", date_of_birth=date(1994, 3, 1)
        ),
    )


def _referral(w, *, status="pending"):
    from nrm.referrals import services as r

    case = _woman(w)
    referral = r.referral_create(
        actor=w.police,
        case_id=case.pk,
        to_institution="shelter-tirana",
        service=_shelter_service(),
        consent_given_by="person",
        consent_form="general",
    )
    shelter = w.user_actor("shelter.tirana")
    if status in ("accepted", "in_progress"):
        r.referral_accept(actor=shelter, referral_id=referral.pk)
    if status == "in_progress":
        r.referral_start(actor=shelter, referral_id=referral.pk)
    return referral, shelter


@scenario("nrm.directory.services.organization_save")
def _(w):
    from nrm.directory.services import organization_save

    inst = w.institution("njmf-durres")
    return lambda: organization_save(
        actor=w.system,
        institution=inst,
        provider="state",
        locations=[{"name": "NJMF Durrës", "county": "durres", "municipality": "Durrës"}],
    )


@scenario("nrm.directory.services.service_save")
def _(w):
    from nrm.directory.models import Organization
    from nrm.directory.services import service_save

    org = Organization.objects.get(institution__code="legal-aid-tirana")
    return lambda: service_save(
        actor=w.system,
        organization=org,
        name="Strehim",
        need="shelter",
        locations=list(org.locations.all()),
        beds=4,
    )


@scenario("nrm.directory.services.capacity_set")
def _(w):
    from nrm.directory.services import capacity_set

    service = _shelter_service()
    return lambda: capacity_set(actor=w.system, service=service, maximum=15, available=7)


@scenario("nrm.directory.services.capacity_take")
def _(w):
    from nrm.directory.services import capacity_take

    service = _shelter_service()
    return lambda: capacity_take(actor=w.user_actor("shelter.tirana"), service=service)


@scenario("nrm.directory.services.capacity_release")
def _(w):
    from nrm.directory.services import capacity_release, capacity_set

    service = _shelter_service()
    capacity_set(actor=w.system, service=service, maximum=12, available=5)
    return lambda: capacity_release(actor=w.user_actor("shelter.tirana"), service=service)


@scenario("nrm.referrals.services.referral_create")
def _(w):
    from nrm.referrals.services import referral_create

    case = _woman(w)
    return lambda: referral_create(
        actor=w.police,
        case_id=case.pk,
        to_institution="shelter-tirana",
        service=_shelter_service(),
        emergency=True,
        consent_given_by="person",
        consent_form="general",
        note="Shënim",
    )


@scenario("nrm.referrals.services.referral_accept")
def _(w):
    from nrm.referrals.services import referral_accept

    referral, shelter = _referral(w)
    return lambda: referral_accept(actor=shelter, referral_id=referral.pk, note="Po")


@scenario("nrm.referrals.services.referral_decline")
def _(w):
    from nrm.referrals.services import referral_decline

    referral, shelter = _referral(w)
    return lambda: referral_decline(actor=shelter, referral_id=referral.pk, note="Pa vend")


@scenario("nrm.referrals.services.referral_start")
def _(w):
    from nrm.referrals.services import referral_start

    referral, shelter = _referral(w, status="accepted")
    return lambda: referral_start(actor=shelter, referral_id=referral.pk)


@scenario("nrm.referrals.services.referral_complete")
def _(w):
    from nrm.referrals.services import referral_complete

    referral, shelter = _referral(w, status="in_progress")
    return lambda: referral_complete(actor=shelter, referral_id=referral.pk, note="U krye")


@scenario("nrm.referrals.services.referral_cancel")
def _(w):
    from nrm.referrals.services import referral_cancel

    referral, _shelter = _referral(w, status="accepted")
    return lambda: referral_cancel(actor=w.police, referral_id=referral.pk, note="Gjetkë")


def _grant(w, *, accepted=False):
    from nrm.registry.services import case_grant_answer, case_grant_offer

    case = w.make_case()
    grant = case_grant_offer(
        actor=w.police, case_id=case.pk, institution=w.institution("njmf-tirana"), reason=""
    )
    if accepted:
        case_grant_answer(actor=w.user_actor("pmf.tirana"), grant_id=grant.pk, accept=True)
    return grant


@scenario(f"{R}.case_grant_offer")
def _(w):
    from nrm.registry.services import case_grant_offer

    case = w.make_case()
    inst = w.institution("njmf-tirana")
    return lambda: case_grant_offer(actor=w.police, case_id=case.pk, institution=inst, reason="r")


@scenario(f"{R}.case_grant_answer")
def _(w):
    from nrm.registry.services import case_grant_answer

    grant = _grant(w)
    pmf = w.user_actor("pmf.tirana")
    return lambda: case_grant_answer(actor=pmf, grant_id=grant.pk, accept=True)


@scenario(f"{R}.case_grant_end")
def _(w):
    from nrm.registry.services import case_grant_end

    grant = _grant(w, accepted=True)
    return lambda: case_grant_end(actor=w.police, grant_id=grant.pk, reason="r")


# --- shelters (issue 12) -------------------------------------------------------------------

SH = "nrm.shelters.services"


def _shelter_case(w, *, admitted=False, **person):
    from nrm.accounts.models import Institution
    from nrm.directory.models import Organization, Service, ServiceCapacity
    from nrm.registry.services import case_assign
    from nrm.shelters.services import admission_record

    shelter = Institution.objects.get(code="shelter-tirana")
    org, _ = Organization.objects.get_or_create(institution=shelter, defaults={"provider": "ngo"})
    service = Service.objects.create(organization=org, name="Strehim", need="shelter")
    ServiceCapacity.objects.create(
        service=service, unit="bed", available=2, maximum=2, updated=clock.now()
    )
    case = w.make_case(**person)
    case_assign(actor=w.police, case_id=case.pk, institution=shelter, reason="Strehëz")
    staff = w.actors["shelter.tirana"]
    residence = (
        admission_record(actor=staff, case_id=case.pk, service_id=service.pk) if admitted else None
    )
    return case, service, staff, residence


@scenario(f"{SH}.admission_record")
def _(w):
    from nrm.shelters.services import admission_record

    case, service, staff, _r = _shelter_case(w, citizenship="XK")
    return lambda: admission_record(
        actor=staff, case_id=case.pk, service_id=service.pk, caseworker_id=staff.user.pk
    )


@scenario(f"{SH}.admission_medical_record")
def _(w):
    from nrm.shelters.services import admission_medical_record

    _c, _s, staff, residence = _shelter_case(w, admitted=True)
    return lambda: admission_medical_record(
        actor=staff, residence_id=residence.pk, examined_on=clock.today(), examined_by="Mjeku"
    )


@scenario(f"{SH}.admission_caseworker_assign")
def _(w):
    from nrm.shelters.services import admission_caseworker_assign

    _c, _s, staff, residence = _shelter_case(w, admitted=True)
    return lambda: admission_caseworker_assign(
        actor=staff, residence_id=residence.pk, user_id=staff.user.pk
    )


@scenario(f"{SH}.interview_information_record")
def _(w):
    from nrm.shelters.services import interview_information_record

    _c, _s, staff, residence = _shelter_case(w, admitted=True)
    return lambda: interview_information_record(actor=staff, residence_id=residence.pk)


@scenario(f"{SH}.admission_exit")
def _(w):
    from nrm.shelters.services import admission_exit

    _c, _s, staff, residence = _shelter_case(w, admitted=True)
    return lambda: admission_exit(actor=staff, residence_id=residence.pk, reason="family_community")


@scenario(f"{SH}.incident_record")
def _(w):
    from nrm.shelters.services import incident_record

    case, _s, staff, _r = _shelter_case(w, admitted=True)
    return lambda: incident_record(actor=staff, case_id=case.pk, kind="absconded")


@scenario(f"{SH}.incident_notify")
def _(w):
    from nrm.shelters.services import incident_notify, incident_record

    case, _s, staff, _r = _shelter_case(w, admitted=True)
    incident = incident_record(actor=staff, case_id=case.pk, kind="absconded")
    return lambda: incident_notify(actor=staff, incident_id=incident.pk)


# --- needs assessment and plans (issue 12 — plans) ------------------------------------------

PL = "nrm.plans.services"


def _plans_case(w):
    from nrm.registry.services import case_assign

    case = w.make_case("social.tirana", estimated_age=30)
    case_assign(
        actor=w.actors["social.tirana"],
        case_id=case.pk,
        institution=w.institution("shelter-tirana"),
        reason="r",
    )
    return case


def _plans_plan(w, kind="assistance", template="adult_labour_exploitation"):
    from nrm.plans import services as p

    who = "shelter.tirana" if kind == "assistance" else "social.tirana"
    case = _plans_case(w)
    return p.plan_create(actor=w.actors[who], case_id=case.pk, kind=kind, template=template)


@scenario(f"{PL}.assessment_record")
def _(w):
    from nrm.plans import services as p

    case = _plans_case(w)
    shelter = w.actors["shelter.tirana"]
    p.assessment_record(
        actor=shelter,
        case_id=case.pk,
        assessed_on=clock.today(),
        findings=[p.FindingIn(domain="health", need_found=True, level="high")],
    )
    # The second supersedes the first: assessment, findings, the old one's update, audit.
    return lambda: p.assessment_record(
        actor=shelter,
        case_id=case.pk,
        assessed_on=clock.today(),
        findings=[
            p.FindingIn(domain="health", need_found=True, level="low", notes="n"),
            p.FindingIn(domain="legal"),
        ],
        views="v",
    )


@scenario(f"{PL}.plan_create")
def _(w):
    from nrm.plans import services as p

    case = _plans_case(w)
    return lambda: p.plan_create(
        actor=w.actors["shelter.tirana"],
        case_id=case.pk,
        kind="assistance",
        template="adult_labour_exploitation",
    )


@scenario(f"{PL}.plan_item_add")
def _(w):
    from nrm.plans import services as p

    plan = _plans_plan(w)
    p.plan_approve(actor=w.actors["shelter.tirana"], plan_id=plan.pk)
    # On a plan in force: the item, its task (deadline, notice), the revision, audit.
    return lambda: p.plan_item_add(
        actor=w.actors["shelter.tirana"],
        plan_id=plan.pk,
        domain="housing",
        action="a",
        institution_id=w.institution("shssh-tirana").pk,
        due_on=clock.today() + timedelta(days=5),
    )


@scenario(f"{PL}.plan_item_update")
def _(w):
    from nrm.plans import services as p

    plan = _plans_plan(w)
    p.plan_approve(actor=w.actors["shelter.tirana"], plan_id=plan.pk)
    item = plan.items.order_by("number").first()
    # A new institution: the task withdrawn and given again, the revision, audit.
    return lambda: p.plan_item_update(
        actor=w.actors["shelter.tirana"],
        item_id=item.pk,
        institution_id=w.institution("shssh-tirana").pk,
    )


@scenario(f"{PL}.item_progress_record")
def _(w):
    from nrm.plans import services as p

    plan = _plans_plan(w)
    p.plan_approve(actor=w.actors["shelter.tirana"], plan_id=plan.pk)
    item = plan.items.order_by("number").first()
    # Done, as a D2 reports it: the item, its task's deadline met, the revision, audit.
    return lambda: p.item_progress_record(
        actor=w.actors["shelter.tirana"],
        item_id=item.pk,
        status="done",
        source="monitoring_report:1",
    )


@scenario(f"{PL}.plan_approve")
def _(w):
    from nrm.plans import services as p

    plan = _plans_plan(w)
    return lambda: p.plan_approve(actor=w.actors["shelter.tirana"], plan_id=plan.pk)


@scenario(f"{PL}.plan_submit")
def _(w):
    from nrm.plans import services as p

    plan = _plans_plan(w, kind="reintegration")
    return lambda: p.plan_submit(actor=w.actors["social.tirana"], plan_id=plan.pk)


@scenario(f"{PL}.plan_decide")
def _(w):
    from nrm.plans import services as p

    plan = _plans_plan(w, kind="reintegration")
    p.plan_submit(actor=w.actors["social.tirana"], plan_id=plan.pk)
    return lambda: p.plan_decide(
        actor=w.ap, plan_id=plan.pk, outcome="approve", decided_on=clock.today()
    )


# --- issue 12 — reintegration ---------------------------------------------------------------

RI = "nrm.reintegration.services"


def _monitored(w):
    """A case whose reintegration plan the AP decided a month and a half ago (nrm.plans
    emits `reintegration_plan_decided`: its declaration is stood in for until it merges)."""
    from unittest import mock

    from nrm.deadlines import producers
    from nrm.deadlines.services import event_emit

    case = w.screened()
    moment = clock.now() - timedelta(days=45)
    real = producers.produced_events
    plans = mock.patch.object(
        producers,
        "produced_events",
        lambda p: {**real(p), "reintegration_plan_decided": ["nrm.plans"]},
    )
    with clock.override(moment), plans:
        event_emit(actor=w.ap, case=case, event="reintegration_plan_decided", at=moment)
    return case


def _provider(w, kind):
    from nrm.reintegration.demo import providers_ensure

    return providers_ensure()[kind]


def _report(period, met=False):
    from nrm.reintegration.services import ReportIn

    return ReportIn(
        period=period,
        reported_on=clock.today(),
        criteria={"employment": met, "housing": met, "health": met},
        situations={"housing": "x"},
    )


@scenario(f"{RI}.monitoring_report_submit")
def _(w):
    from nrm.reintegration import services as ri

    case = _monitored(w)
    return lambda: ri.monitoring_report_submit(actor=w.police, case_id=case.pk, report=_report(1))


@scenario(f"{RI}.reevaluation_proposal_file")
def _(w):
    from nrm.reintegration import services as ri

    case = _monitored(w)
    ri.monitoring_report_submit(actor=w.police, case_id=case.pk, report=_report(1, met=True))
    return lambda: ri.reevaluation_proposal_file(
        actor=w.police, case_id=case.pk, reasoning="x", proposed_on=clock.today()
    )


@scenario(f"{RI}.monitoring_end")
def _(w):
    from nrm.reintegration import services as ri

    case = _monitored(w)
    return lambda: ri.monitoring_end(actor=w.ap, case_id=case.pk, reason="x")


@scenario(f"{RI}.service_line_open")
def _(w):
    from nrm.reintegration import services as ri

    case = w.screened()
    legal = _provider(w, "legal_aid")
    return lambda: ri.service_line_open(
        actor=w.police,
        case_id=case.pk,
        kind="legal_aid",
        institution_id=legal.pk,
        requested_on=clock.today(),
    )


@scenario(f"{RI}.service_line_status_set")
def _(w):
    from nrm.reintegration import services as ri

    case = w.screened()
    line = ri.service_line_open(
        actor=w.police,
        case_id=case.pk,
        kind="legal_aid",
        institution_id=_provider(w, "legal_aid").pk,
        requested_on=clock.today(),
    )
    return lambda: ri.service_line_status_set(
        actor=w.police, line_id=line.pk, status="provided", on=clock.today()
    )


# --- issue 12 — emergency (nrm.emergency) ----------------------------------------------------

EM = "nrm.emergency.services"


def _em_measure(w, upto: int):
    """A child of the Tirana child protection unit, its measure walked `upto` steps."""
    from nrm.emergency import services as e

    pmf = w.actors["pmf.tirana"]
    case = w.make_case("pmf.tirana", date_of_birth=date(2012, 5, 1))
    today = clock.today()
    director = "social_services_director"
    steps = [
        lambda: e.measure_initiate(actor=pmf, case_id=case.pk, grounds="g"),
        lambda: e.measure_director_inform(actor=pmf, case_id=case.pk),
        lambda: e.measure_decide(
            actor=pmf, case_id=case.pk, decision="approved", decided_on=today,
            director_role=director, reasoning="r",
        ),
        lambda: e.measure_place(
            actor=pmf, case_id=case.pk, kind="emergency_centre", placed_on=today,
            municipality="Tiranë",
        ),
        lambda: e.measure_change_draft(
            actor=pmf, case_id=case.pk, kind="foster_family", drafted_on=today
        ),
        lambda: e.measure_change_approve(
            actor=pmf, case_id=case.pk, approved_on=today, director_role=director
        ),
        lambda: e.measure_change_send(actor=pmf, case_id=case.pk, sent_on=today),
        lambda: e.measure_change_rule(
            actor=pmf, case_id=case.pk, decision="approved", decided_on=today
        ),
    ]  # fmt: skip
    for step in steps[:upto]:
        step()
    return case, steps[upto]


for _name, _upto in (
    ("measure_initiate", 0),
    ("measure_director_inform", 1),
    ("measure_decide", 2),
    ("measure_place", 3),
    ("measure_change_draft", 4),
    ("measure_change_approve", 5),
    ("measure_change_send", 6),
    ("measure_change_rule", 7),
):
    scenario(f"{EM}.{_name}")(lambda w, upto=_upto: _em_measure(w, upto)[1])


@scenario(f"{EM}.measure_gtn_request")
def _(w):
    from nrm.emergency import services as e

    case, _next = _em_measure(w, 1)
    return lambda: e.measure_gtn_request(actor=w.actors["pmf.tirana"], case_id=case.pk)


@scenario(f"{EM}.measure_police_contact")
def _(w):
    from nrm.emergency import services as e

    case, _next = _em_measure(w, 1)
    return lambda: e.measure_police_contact(
        actor=w.actors["pmf.tirana"], case_id=case.pk, contacted_on=clock.today(), note="n"
    )


def _em_non_response(w):
    from nrm.emergency import services as e
    from nrm.emergency.demo import agency_ensure
    from nrm.jurisdictions import get_profile

    agency_ensure(get_profile("AL").emergency)
    case = w.make_case("pmf.tirana", date_of_birth=date(2012, 5, 1))
    return case, lambda: e.non_response_report(
        actor=w.actors["pmf.tirana"],
        case_id=case.pk,
        institution_id=w.police.institution_id,
        asked="a",
        since=clock.today(),
    )


@scenario(f"{EM}.non_response_report")
def _(w):
    return _em_non_response(w)[1]


@scenario(f"{EM}.non_response_escalate")
def _(w):
    from nrm.emergency import services as e

    _case, report = _em_non_response(w)
    nr = report()
    return lambda: e.non_response_escalate(actor=w.user_actor("apap.ashdmf"), non_response_id=nr.pk)


def _em_foreign(w, child=False):
    if child:
        return w.make_case("pmf.tirana", date_of_birth=date(2011, 1, 1), citizenship="UA")
    return w.make_case("shelter.tirana", date_of_birth=date(1990, 1, 1), citizenship="UA")


@scenario(f"{EM}.residence_permit_start")
def _(w):
    from nrm.emergency import services as e

    case = _em_foreign(w, child=True)
    return lambda: e.residence_permit_start(
        actor=w.actors["pmf.tirana"], case_id=case.pk, requested_on=clock.today()
    )


@scenario(f"{EM}.permit_decide")
def _(w):
    from nrm.emergency import services as e

    shelter = w.actors["shelter.tirana"]
    case = _em_foreign(w)
    rows = e.residence_permit_start(actor=shelter, case_id=case.pk, requested_on=clock.today())
    return lambda: e.permit_decide(
        actor=shelter, permit_id=rows[0].pk, outcome="granted", decided_on=clock.today()
    )


@scenario(f"{EM}.mission_request")
def _(w):
    from nrm.emergency import services as e

    case = _em_foreign(w)
    return lambda: e.mission_request(
        actor=w.actors["shelter.tirana"], case_id=case.pk, country="UA", requested_on=clock.today()
    )


@scenario(f"{EM}.mission_answer")
def _(w):
    from nrm.emergency import services as e

    shelter = w.actors["shelter.tirana"]
    case = _em_foreign(w)
    request = e.mission_request(
        actor=shelter, case_id=case.pk, country="UA", requested_on=clock.today()
    )
    return lambda: e.mission_answer(
        actor=shelter, request_id=request.pk, outcome="granted", answered_on=clock.today()
    )


@scenario(f"{EM}.documentation_notify")
def _(w):
    from nrm.emergency import services as e

    case = _em_foreign(w, child=True)
    return lambda: e.documentation_notify(actor=w.actors["pmf.tirana"], case_id=case.pk)


@scenario(f"{EM}.documentation_meeting_request")
def _(w):
    from nrm.emergency import services as e

    case = _em_foreign(w, child=True)
    e.documentation_notify(actor=w.actors["pmf.tirana"], case_id=case.pk)
    return lambda: e.documentation_meeting_request(actor=w.ap, case_id=case.pk)


@scenario(f"{EM}.reflection_start")
def _(w):
    from nrm.emergency import services as e

    case = _em_foreign(w)
    return lambda: e.reflection_start(
        actor=w.actors["shelter.tirana"], case_id=case.pk, starts_on=clock.today()
    )


@scenario(f"{EM}.reflection_extend")
def _(w):
    from nrm.emergency import services as e

    shelter = w.actors["shelter.tirana"]
    case = _em_foreign(w)
    e.reflection_start(actor=shelter, case_id=case.pk, starts_on=clock.today())
    return lambda: e.reflection_extend(actor=shelter, case_id=case.pk, days=10, reason="r")


# --- case notes and documents (nrm.casefile) ------------------------------------------------

CF = "nrm.casefile.services"


def _in_media(call):
    """Runs `call` with MEDIA_ROOT in a throw-away folder (the sealed files go there)."""
    import tempfile

    from django.test import override_settings

    def run():
        with tempfile.TemporaryDirectory() as folder, override_settings(MEDIA_ROOT=folder):
            return call()

    return run


class _File:
    def __init__(self, name, data):
        self.name, self._data, self.size = name, data, len(data)

    def read(self, *args):
        return self._data


def _document(w, case):
    from nrm.casefile import services as cf
    from nrm.casefile.demo import tiny_pdf

    return _in_media(
        lambda: cf.document_upload(
            actor=w.police, case_id=case.pk, kind="other", file=_File("a.pdf", tiny_pdf("a"))
        )
    )


@scenario(f"{CF}.note_write")
def _(w):
    from nrm.casefile.services import note_write

    case = w.make_case()
    return lambda: note_write(
        actor=w.police, case_id=case.pk, noted_on=clock.today(), kind="visit", text="t"
    )


@scenario(f"{CF}.note_correct")
def _(w):
    from nrm.casefile.services import note_correct, note_write

    case = w.make_case()
    old = note_write(
        actor=w.police, case_id=case.pk, noted_on=clock.today(), kind="visit", text="t"
    )
    return lambda: note_correct(
        actor=w.police, note_id=old.pk, noted_on=clock.today(), kind="visit", text="u"
    )


@scenario(f"{CF}.document_upload")
def _(w):
    return _document(w, w.make_case())


@scenario(f"{CF}.document_withdraw")
def _(w):
    from nrm.casefile.services import document_withdraw

    doc = _document(w, w.make_case())()
    return lambda: document_withdraw(actor=w.police, document_id=doc.pk, reason="r")


@scenario(f"{CF}.document_open")
def _(w):
    import tempfile

    from django.test import override_settings

    from nrm.casefile import services as cf
    from nrm.casefile.demo import tiny_pdf

    folder = tempfile.mkdtemp()
    with override_settings(MEDIA_ROOT=folder):
        doc = cf.document_upload(
            actor=w.police,
            case_id=w.make_case().pk,
            kind="other",
            file=_File("a.pdf", tiny_pdf("a")),
        )

    def read():
        with override_settings(MEDIA_ROOT=folder):
            return cf.document_open(actor=w.police, document_id=doc.pk)

    return read


# --- issue 14 — the HTCDS exchange and the CTDC extract (nrm.exchange) ----------------------


@scenario("nrm.exchange.services.case_import_htcds")
def _htcds_import(w):
    from nrm.exchange.services import case_import_htcds

    document = {
        "prs_Gender": "Feminine",
        "prs_FirstName": "Arta",
        "cas_Status": "Active",
        "vic_TypeOfExploitation": ["SexualExploitation"],
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
    }
    return lambda: case_import_htcds(actor=w.police, document=document)


@scenario("nrm.exchange.services.ctdc_extract")
def _ctdc_extract(w):
    from nrm.exchange.services import ctdc_extract

    return lambda: ctdc_extract(actor=w.ap)


# --- unique persons (nrm.linkage) ----------------------------------------------------------

LK = "nrm.linkage.services"


def _twice(w):
    from datetime import date

    police = w.make_case(given_name="Engjëll", family_name="Marku", date_of_birth=date(2004, 5, 14))
    shelter = w.make_case(
        "shelter.tirana", given_name="Engjell", family_name="Marku", date_of_birth=date(2004, 5, 14)
    )
    return police, shelter


@scenario(f"{LK}.linkage_scan")
def _(w):
    from nrm.linkage.services import linkage_scan

    _twice(w)
    return lambda: linkage_scan(actor=w.ap)


@scenario(f"{LK}.person_link_decide")
def _(w):
    from nrm.linkage.services import person_link_decide

    police, shelter = _twice(w)
    return lambda: person_link_decide(
        actor=w.ap,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision="same",
        reason="r",
    )


@scenario(f"{LK}.person_link_undo")
def _(w):
    from nrm.linkage.services import person_link_decide, person_link_undo

    police, shelter = _twice(w)
    link = person_link_decide(
        actor=w.ap,
        person_a=police.person_id,
        person_b=shelter.person_id,
        decision="same",
        reason="r",
    )
    return lambda: person_link_undo(actor=w.ap, link=link.pk, reason="r")


@scenario(f"{LK}.pair_open")
def _(w):
    from nrm.linkage.models import MatchCandidate
    from nrm.linkage.services import linkage_scan, pair_open

    _twice(w)
    linkage_scan(actor=w.ap)
    candidate = MatchCandidate.objects.get()
    return lambda: pair_open(actor=w.ap, candidate_id=candidate.pk)


# issue 14 — statistics releases (a toy table builder, registered only while called)


def _period_2024():
    from nrm.statistics.selectors import period_make

    return period_make("year", 2024)


@scenario("nrm.statistics.releases.statistics_release")
def _(w):
    from nrm.statistics.releases import statistics_release
    from tests.statistics.toy import CODE, registered

    def call():
        with registered():
            return statistics_release(actor=w.ap, code=CODE, period=_period_2024(), tier=2)

    return call


@scenario("nrm.statistics.releases.release_reproduce")
def _(w):
    from nrm.statistics.releases import release_reproduce, statistics_release
    from tests.statistics.toy import CODE, registered

    with registered():
        release = statistics_release(actor=w.ap, code=CODE, period=_period_2024(), tier=1)

    def call():
        with registered():
            return release_reproduce(actor=w.ap, release=release)

    return call


# --- statistics (issue 14) ------------------------------------------------------------------
ST = "nrm.statistics.services"


@scenario(f"{ST}.tables_show")
def _(w):
    from nrm.statistics.periods import year
    from nrm.statistics.services import tables_show

    w.make_case(estimated_age=15)
    return lambda: tables_show(actor=w.ap, codes=["T01", "T06"], period=year(2026))


@scenario(f"{ST}.table_export")
def _(w):
    from nrm.statistics.periods import year
    from nrm.statistics.services import table_export

    return lambda: table_export(actor=w.ap, code="T01", period=year(2026), file_format="csv")


# --- issue 16 — action plans ---------------------------------------------------------------

AP = "nrm.actionplan.services"


def _ap_plan(w):
    from nrm.actionplan.services import alias_map, plan_import
    from tests.actionplan.conftest import SEED

    plan = plan_import(actor=w.ap, raw=SEED.read_bytes(), code="xk-2015").plan
    alias_map(actor=w.ap, name="PK", institution_id=w.institution("police-slktp-tirana").pk)
    return plan


def _ap_report(w):
    from nrm.actionplan.services import period_open, report_submit

    plan = _ap_plan(w)
    period = period_open(actor=w.ap, plan_id=plan.pk, year=2016, quarter=1)
    activity = plan.activities.filter(parties__role="lead", parties__name="PK").first()
    focal = w.user_actor("apap.police.tirana")
    return report_submit(
        actor=focal,
        activity_id=activity.pk,
        period_id=period.pk,
        status="implemented",
        narrative="Done.",
    )


@scenario(f"{AP}.plan_import")
def _(w):
    from nrm.actionplan.services import plan_import
    from tests.actionplan.conftest import SEED

    raw = SEED.read_bytes()
    return lambda: plan_import(actor=w.ap, raw=raw, code="xk-2015")


@scenario(f"{AP}.alias_map")
def _(w):
    from nrm.actionplan.services import alias_map

    _ap_plan(w)
    institution = w.institution("ap-secretariat")
    return lambda: alias_map(actor=w.ap, name="ZKNKT", institution_id=institution.pk)


@scenario(f"{AP}.activity_edit")
def _(w):
    from nrm.actionplan.services import activity_edit

    activity = _ap_plan(w).activities.get(code="1.1.1")
    return lambda: activity_edit(
        actor=w.ap,
        activity_id=activity.pk,
        expected_version=1,
        reason="r",
        timeframe_text="2016",
    )


@scenario(f"{AP}.objective_edit")
def _(w):
    from nrm.actionplan.services import objective_edit

    objective = _ap_plan(w).objectives.get(code="2")
    return lambda: objective_edit(actor=w.ap, objective_id=objective.pk, reason="r", weight=3)


@scenario(f"{AP}.period_open")
def _(w):
    from nrm.actionplan.services import period_open

    plan = _ap_plan(w)
    return lambda: period_open(actor=w.ap, plan_id=plan.pk, year=2016, quarter=2)


@scenario(f"{AP}.report_submit")
def _(w):
    from nrm.actionplan.services import period_open, report_submit

    plan = _ap_plan(w)
    period = period_open(actor=w.ap, plan_id=plan.pk, year=2016, quarter=1)
    activity = plan.activities.filter(parties__role="lead", parties__name="PK").first()
    focal = w.user_actor("apap.police.tirana")
    return lambda: report_submit(
        actor=focal,
        activity_id=activity.pk,
        period_id=period.pk,
        status="implemented",
        narrative="Done.",
    )


@scenario(f"{AP}.report_review")
def _(w):
    from nrm.actionplan.services import report_review

    report = _ap_report(w)
    return lambda: report_review(actor=w.ap, report_id=report.pk, accept=True)


# --- the tests ----------------------------------------------------------------------------


def test_every_service_is_covered():
    found = discovered()
    missing = found - set(SCENARIOS) - set(HELPERS)
    stale = (set(SCENARIOS) | set(HELPERS)) - found
    assert not missing, f"services without an atomicity scenario: {sorted(missing)}"
    assert not stale, f"scenarios or helpers of functions that are gone: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_failure_in_the_middle_of_a_service_saves_nothing(world, name):
    call = SCENARIOS[name](world)
    writes = _count_writes(call)
    assert writes >= 1, f"{name} wrote nothing: the scenario does not exercise it"

    # At the last write (every earlier one must be undone) and at one in the middle.
    for fail_at in sorted({writes, (writes + 1) // 2}):
        before = table_snapshot(framework=True)
        with pytest.raises(InjectedFailure), connection.execute_wrapper(_Writes(fail_at)):
            call()
        assert not connection.needs_rollback, f"{name} is not one transaction of its own"
        changed = differences(before, table_snapshot(framework=True))
        assert not changed, f"{name}: failing at write {fail_at} of {writes} left {changed}"


def test_the_check_catches_a_service_that_is_not_one_transaction(world):
    """Control: two writes outside a transaction, the second refused, leave the first."""
    from nrm.audit.services import event_record
    from nrm.deadlines.models import ClosureDay

    def not_atomic():
        ClosureDay.objects.create(
            day=date(2030, 1, 3), reason="r", created_at=clock.now(), created_by=world.system.user
        )
        event_record(actor=world.system, code=DeadlineCode.CLOSURE_DAY_CREATED)

    writes = _count_writes(not_atomic)
    before = table_snapshot(framework=True)
    with pytest.raises(InjectedFailure), connection.execute_wrapper(_Writes(writes)):
        not_atomic()

    assert differences(before, table_snapshot(framework=True)) == ["deadlines_closureday"]
