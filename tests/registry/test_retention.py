"""Retention: closed cases past their period are anonymised by the worker; the figures stay."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.clock import add_months
from nrm.core.errors import Conflict, Forbidden
from nrm.jurisdictions.registry import ProfileError, load_profile
from nrm.registry import retention
from nrm.registry.models import Case, CaseTally, Person
from nrm.registry.retention import age_group, case_anonymise, retention_anonymise
from tests.jurisdictions.test_profile import _broken_copy
from tests.pages import case_page
from tests.registry.changes import case_stage_change, case_status_change

GEN = [f"GEN-{i:02d}" for i in range(1, 41)]
TEN_YEARS = timedelta(days=366 * 10 + 3)


# --- the profile --------------------------------------------------------------------------


def test_the_profile_keeps_closed_cases_ten_years_and_unrecognised_three():
    from nrm.jurisdictions import get_profile

    r = get_profile("AL").retention
    assert r.closing_stage == "closed"
    assert r.period_for("victim").total_months == 120
    assert r.period_for("potential_victim").total_months == 120
    assert r.period_for("not_recognised").total_months == 36
    assert r.audit_trail.total_months >= 120
    assert r.notifications.total_months == 24


BROKEN = {
    "unknown-closing-stage": ("closing_stage: closed", "closing_stage: archived", "nrm.E040"),
    "unknown-status": ("    not_recognised: {years: 3}", "    forgotten: {years: 3}", "nrm.E040"),
    "zero-period": ("notifications: {years: 2}", "notifications: {years: 0}", "nrm.E040"),
    "audit-shorter-than-cases": ("audit_trail: {years: 15}", "audit_trail: {years: 5}", "nrm.E040"),
    "age-groups-not-rising": (
        "age_groups: [0, 12, 15, 18, 25, 35, 50, 65]",
        "age_groups: [0, 18, 12]",
        "nrm.E040",
    ),
    "duplicate-requester": (
        "    - {code: lawyer,",
        "    - {code: person,",
        "nrm.E041",
    ),
}


@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_a_broken_retention_block_is_refused_with_its_code_and_line(tmp_path, fault):
    old, new, code = BROKEN[fault]
    path, _changed, line = _broken_copy(tmp_path, "profile.yaml", old, new)

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    problems = raised.value.problems
    assert [p.code for p in problems] == [code], problems
    assert problems[0].line == line


# --- pure ---------------------------------------------------------------------------------


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    moment = datetime(2024, 1, 31, 10, 0, tzinfo=UTC)
    assert add_months(moment, 1) == datetime(2024, 2, 29, 10, 0, tzinfo=UTC)
    assert add_months(moment, 120) == datetime(2034, 1, 31, 10, 0, tzinfo=UTC)
    assert add_months(moment, -2) == datetime(2023, 11, 30, 10, 0, tzinfo=UTC)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=-600, max_value=600),
)
def test_add_months_moves_by_whole_months(moment, months):
    moved = add_months(moment, months)
    assert (moved.year * 12 + moved.month) - (moment.year * 12 + moment.month) == months
    assert moved.day <= moment.day
    assert moved.time() == moment.time()


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (None, ""),
        (0, "0-11"),
        (11, "0-11"),
        (17, "15-17"),
        (18, "18-24"),
        (64, "50-64"),
        (90, "65+"),
    ],
)
def test_age_group(age, group):
    assert age_group(age, (0, 12, 15, 18, 25, 35, 50, 65)) == group


def test_every_encrypted_text_is_found_with_its_way_to_the_case():
    by_case, _by_person = retention.holders()
    found = {h.label: (h.path, set(h.fields)) for h in by_case}
    assert found["screening.Screening"] == ("case", {"justification", "notes"})
    assert found["screening.Participant"] == ("interview__case", {"name", "organisation"})
    assert found["screening.Interview"] == ("case", {"place", "repeat_reason", "summary"})
    assert found["screening.ChecklistEntry"] == ("case", {"note"})
    assert found["screening.FormalIdentificationRequest"] == ("case", {"grounds", "placement"})
    assert found["registry.CaseStatusChange"] == ("case", {"reason", "decision_reference"})
    assert found["registry.CaseGrant"] == ("case", {"reason"})
    assert found["consent.ConsentRecord"][1] >= {"signatory", "note"}
    assert found["screening.InvestigationInformation"] == ("case", {"content"})
    assert found["screening.InterviewLogEntry"] == ("case", {"subject", "purpose"})
    assert found["registry.PersonCorrection"] == ("case", {"old_value", "new_value", "reason"})
    assert found["registry.PersonDataRequest"] == ("case", {"requester_name"})
    assert "registry.Person" not in found


# --- a case with everything ----------------------------------------------------------------


@pytest.fixture
def full_case(actors, make_case):
    """A case with a screening, a held interview, a consent, investigation information and
    an interview log entry; the person born 2000-05-01 (an adult), Albanian, speaking sq."""
    from nrm.screening import services as s

    def make(username="police.tirana", **person):
        actor = actors[username]
        person.setdefault("date_of_birth", datetime(2000, 5, 1).date())
        person.setdefault("citizenship", "AL")
        person.setdefault("languages", ["sq"])
        person.setdefault("phone", "+355 69 123 4567")
        person.setdefault("address", "Rruga e Durrësit 10, Tiranë")
        case = make_case(username, **person)
        s.screening_submit(
            actor=actor, case_id=case.pk, catalogue="AL-2025", indicators=GEN[:4], notes="Notes"
        )
        interview = s.interview_plan(
            actor=actor,
            case_id=case.pk,
            scheduled_at=clock.now() - timedelta(hours=2),
            place="Drejtoria e Policisë, Tiranë",
            conditions=["safe_environment"],
        )
        s.participant_add(
            actor=actor,
            interview_id=interview.pk,
            role="interviewer",
            name="Besa Interviewer",
            declaration_signed_on=clock.today(),
        )
        s.interview_hold(actor=actor, interview_id=interview.pk, subject="Facts of March")
        s.a2_record(
            actor=actor,
            case_id=case.pk,
            given=True,
            given_by="person",
            signatory="Arta Hoxha",
            signed_on=clock.today(),
            note="Signed calmly",
        )
        s.investigation_information_record(
            actor=actor, case_id=case.pk, content="The recruiter drives a red car"
        )
        case.refresh_from_db()
        return case

    return make


def close(actors, case, status="victim", username="police.tirana"):
    actor = actors[username]
    case.refresh_from_db()
    # The group decides on a potential victim (the screening raised the status first).
    path = {
        "victim": ["potential_victim", "victim"],
        "not_recognised": ["potential_victim", "not_recognised"],
    }
    for step in path.get(status, [status]):
        case.refresh_from_db()
        if case.identification_status != step:
            case_status_change(actor=actor, case_id=case.pk, to=step, reason="Decision")
    return case_stage_change(actor=actor, case_id=case.pk, to="closed", reason="Case ended")


def system():
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import system_user_ensure

    system_user_ensure()
    return system_actor()


def raw(table: str, column: str, where: str, value) -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where} = %s", [value])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def figures(actors):
    from nrm.deadlines.models import Deadline
    from nrm.registry.selectors import case_counts

    ap = actors["ap.secretariat"]
    tallies = sorted(
        CaseTally.objects.values_list(
            "owner_institution_id", "county", "stage", "identification_status", "is_child", "n"
        )
    )
    cases = sorted(
        Case.objects.values_list(
            "id", "stage", "identification_status", "is_child", "county", "owner_institution_id"
        )
    )
    people = sorted(Person.objects.values_list("id", "sex", "citizenship", "appears_to_be_child"))
    deadlines = sorted(
        Deadline.objects.values_list("id", "rule", "status", "due_at", "met_at", "cancelled_at")
    )
    return tallies, cases, people, deadlines, case_counts(actor=ap)


@pytest.mark.django_db
def test_closing_a_case_records_when_retention_starts(actors, make_case):
    case = make_case()
    assert case.closed_at is None

    closed = close(actors, case)

    assert closed.closed_at is not None
    assert closed.closed_at == closed.status_changes.filter(to_value="closed").get().at


@pytest.mark.django_db
def test_a_case_not_past_its_period_is_not_anonymised(actors, full_case):
    case = full_case()
    close(actors, case)

    with clock.override(clock.now() + timedelta(days=365 * 9)):
        assert retention_anonymise(actor=system()) == 0
        with pytest.raises(Conflict) as raised:
            case_anonymise(actor=system(), case_id=case.pk)

    assert raised.value.code == "retention_not_due"
    case.refresh_from_db()
    assert case.anonymised_at is None and case.person.given_name == "Arta"


@pytest.mark.django_db
def test_an_open_case_is_never_anonymised(actors, full_case):
    case = full_case()

    with clock.override(clock.now() + timedelta(days=365 * 30)):
        assert retention_anonymise(actor=system()) == 0
        with pytest.raises(Conflict):
            case_anonymise(actor=system(), case_id=case.pk)


@pytest.mark.django_db
def test_the_worker_anonymises_a_case_past_retention_and_the_figures_stay(actors, full_case):
    case = full_case()
    other = full_case(given_name="Drita", family_name="Kola")  # stays open
    close(actors, case)
    before = figures(actors)
    events = AuditEvent.objects.count()

    later = clock.now() + TEN_YEARS
    with clock.override(later):
        assert retention_anonymise(actor=system()) == 1

    case.refresh_from_db()
    person = Person.objects.get(pk=case.person_id)
    assert case.anonymised_at == later
    assert person.anonymised_at == later
    for name in ("given_name", "family_name", "date_of_birth", "phone", "email", "address"):
        assert getattr(person, name) == ""
        assert raw("registry_person", name, "id", person.pk) == [""]
    assert person.name_index == "" and person.estimated_age is None and person.languages == []
    assert person.age_group == "25-34"  # born 2000-05-01, identified in 2026
    assert (person.sex, person.citizenship) == ("unknown", "AL")
    # Every encrypted free text of the case's records, in the screening and consent apps.
    for table, column in [
        ("screening_screening", "notes"),
        ("screening_interview", "summary"),
        ("consent_consentrecord", "signatory"),
        ("consent_consentrecord", "note"),
        ("screening_investigationinformation", "content"),
        ("screening_interviewlogentry", "subject"),
    ]:
        assert set(raw(table, column, "case_id", case.pk)) <= {""}, table
    interview_ids = raw("screening_interview", "id", "case_id", case.pk)
    assert raw("screening_participant", "name", "interview_id", interview_ids[0]) == [""]
    # The other case is untouched.
    other.refresh_from_db()
    assert other.person.given_name == "Drita" and other.anonymised_at is None
    assert raw("screening_participant", "name", "interview_id", other.interviews.get().pk) != [""]
    # Statistics: tallies, stages, statuses, sex, citizenship, is_child, deadlines.
    assert figures(actors) == before
    event = AuditEvent.objects.filter(code="case.anonymised").get()
    assert event.case_id == case.pk and event.actor.username == "nrm.system"
    assert event.data["person"] is True
    assert event.data["records"]["screening.Participant"] == 1
    assert "Arta" not in str(event.data) and "Hoxha" not in str(event.data)
    assert AuditEvent.objects.count() == events + 1


@pytest.mark.django_db
def test_anonymising_is_idempotent(actors, full_case):
    case = full_case()
    close(actors, case)

    with clock.override(clock.now() + TEN_YEARS):
        assert retention_anonymise(actor=system()) == 1
        events = AuditEvent.objects.count()
        assert retention_anonymise(actor=system()) == 0
        again = case_anonymise(actor=system(), case_id=case.pk)

    assert again.anonymised_at is not None
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_case_not_recognised_goes_after_three_years_a_victims_after_ten(actors, make_case):
    refused = make_case(given_name="Refused")
    victim = make_case(given_name="Victim")
    close(actors, refused, status="not_recognised")
    close(actors, victim, status="victim")

    with clock.override(clock.now() + timedelta(days=365 * 3 + 2)):
        assert retention_anonymise(actor=system()) == 1

    refused.refresh_from_db()
    victim.refresh_from_db()
    assert refused.anonymised_at is not None and refused.person.given_name == ""
    assert victim.anonymised_at is None and victim.person.given_name == "Victim"


@pytest.mark.django_db
def test_a_person_with_another_case_keeps_their_identity_until_every_case_is_past(
    actors, full_case
):
    first = full_case()
    second = full_case(given_name="Other")
    # The same person identified again (a second case): a test factory's write.
    Case.objects.filter(pk=second.pk).update(person=first.person)
    close(actors, first)

    with clock.override(clock.now() + TEN_YEARS):
        assert retention_anonymise(actor=system()) == 1
    first.refresh_from_db()
    person = Person.objects.get(pk=first.person_id)
    assert first.anonymised_at is not None
    assert person.anonymised_at is None and person.given_name == "Arta"
    assert raw("screening_screening", "notes", "case_id", first.pk) == [""]

    with clock.override(clock.now() + TEN_YEARS):
        close(actors, second)
    with clock.override(clock.now() + 2 * TEN_YEARS + timedelta(days=10)):
        assert retention_anonymise(actor=system()) == 1

    person.refresh_from_db()
    assert person.anonymised_at is not None and person.given_name == ""


@pytest.mark.django_db
def test_the_worker_takes_a_bounded_batch_oldest_closing_first(actors, make_case):
    cases = [make_case(given_name=f"P{i}") for i in range(3)]
    start = clock.now()
    for i, case in enumerate(cases):
        with clock.override(start + timedelta(days=i)):
            close(actors, case)
    make_case(given_name="Open")

    with clock.override(start + TEN_YEARS + timedelta(days=5)):
        assert retention_anonymise(actor=system(), limit=2) == 2
        done = set(Case.objects.filter(anonymised_at__isnull=False).values_list("id", flat=True))
        assert done == {cases[0].pk, cases[1].pk}
        assert retention_anonymise(actor=system(), limit=2) == 1
        assert retention_anonymise(actor=system(), limit=2) == 0


@pytest.mark.django_db
def test_finding_due_cases_reads_only_closed_cases_not_yet_anonymised(
    actors, make_case, django_assert_max_num_queries
):
    for i in range(5):
        make_case(given_name=f"Open{i}")
    close(actors, make_case(given_name="Closed"))
    now = clock.now() + TEN_YEARS

    with django_assert_max_num_queries(4):  # one per status group of each profile (AL, XK)
        ids = retention.retention_due_ids(now=now, limit=10)

    assert len(ids) == 1
    if connection.vendor == "postgresql":
        query = retention.Case.objects.filter(
            closed_at__isnull=False, anonymised_at__isnull=True, closed_at__lte=now
        ).values("id")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = query.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "case_retention_due" in plan


@pytest.mark.django_db
def test_only_person_rights_may_anonymise(actors, make_case):
    case = make_case()
    close(actors, case)

    with clock.override(clock.now() + TEN_YEARS), pytest.raises(Forbidden):
        case_anonymise(actor=actors["police.tirana"], case_id=case.pk)


@pytest.mark.django_db
def test_the_worker_runs_the_retention_jobs(actors, full_case):
    from nrm.core.jobs import periodic_list

    jobs = dict(periodic_list())
    assert {"retention_anonymise", "retention_notifications"} <= set(jobs)
    case = full_case()
    close(actors, case)

    with clock.override(clock.now() + TEN_YEARS):
        assert jobs["retention_anonymise"]() == 1


@pytest.mark.django_db
def test_old_notifications_are_deleted(actors, make_case):
    from nrm.core.jobs import periodic_list
    from nrm.deadlines.models import Notification

    case = make_case()
    user = actors["police.tirana"].user
    now = clock.now()
    for days in (800, 10):
        Notification.objects.create(
            recipient=user,
            case=case,
            case_reference=case.reference,
            kind="reminder",
            created_at=now - timedelta(days=days),
        )

    assert dict(periodic_list())["retention_notifications"]() == 1

    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(code="notification.purged").get().data["count"] == 1


@pytest.mark.django_db
def test_the_case_page_says_when_the_case_was_anonymised(actors, full_case, client):
    from nrm.accounts.models import User

    case = full_case()
    close(actors, case)
    with clock.override(clock.now() + TEN_YEARS):
        retention_anonymise(actor=system())
    client.force_login(User.objects.get(username="ap.secretariat"))

    page = case_page(client, case.pk)

    assert 'id="anonymised"' in page
    case.refresh_from_db()
    # The page shows Tirana's date (not UTC's: they differ around midnight).
    assert timezone.localtime(case.anonymised_at).strftime("%d.%m.%Y") in page
    assert "Arta" not in page and "person-correct-form" not in page
