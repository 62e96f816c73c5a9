"""case_create, case_stage_change and case_status_change: what they write, what they refuse."""

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import User
from nrm.accounts.policy import actor_for, system_actor
from nrm.accounts.services import membership_create, user_create
from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.core.errors import Forbidden, IllegalTransition, NotFound, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.registry.models import Case, CaseStatusChange, Person, ReferenceCounter
from nrm.registry.rules import PersonInput
from nrm.registry.services import case_create, procedure_end, procedure_move, procedure_open
from tests.registry.changes import case_stage_change, case_status_change

pytestmark = pytest.mark.django_db

TIRANE = ZoneInfo("Europe/Tirane")


def _counts() -> dict[str, int]:
    return {
        "person": Person.objects.count(),
        "case": Case.objects.count(),
        "history": CaseStatusChange.objects.count(),
        "events": AuditEvent.objects.filter(code__startswith="case.").count(),
        "numbers": sum(ReferenceCounter.objects.values_list("last", flat=True)),
    }


def _snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.stage,
        case.identification_status,
        case.version,
        case.updated_at,
        case.status_changes.count(),
        AuditEvent.objects.filter(case_id=case.pk).count(),
        tuple(case.procedures.order_by("id").values_list("code", "state", "closed_at")),
    )


@pytest.fixture
def viewer(reference):
    """A read-only user of the Tirana police sector (profile role `viewer`)."""
    system = system_actor()
    user = user_create(actor=system, username="viewer.tirana", password="a long passphrase")
    membership_create(
        actor=system, user=user, institution=reference["police-slktp-tirana"], role="viewer"
    )
    return actor_for(User.objects.get(username="viewer.tirana"))


# --- opening a case ---------------------------------------------------------------------


def test_case_create_gives_a_reference_of_prefix_year_and_six_digits(make_case):
    case = make_case(given_name="Zyrafete", family_name="Qyqja")

    assert re.fullmatch(rf"AL-{clock.today().year}-\d{{6}}", case.reference)
    assert "zyrafete" not in case.reference.lower()
    assert "qyqja" not in case.reference.lower()


def test_case_references_are_sequential_within_a_year(make_case):
    first = make_case()
    second = make_case("police.shkoder", given_name="Besa", family_name="Kola")
    third = make_case("ap.secretariat", given_name="Teuta", family_name="Leka")

    numbers = [int(c.reference.rsplit("-", 1)[1]) for c in (first, second, third)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_case_reference_numbering_starts_again_each_year(make_case):
    with clock.override(datetime(2026, 12, 31, 23, 0, tzinfo=TIRANE)):
        december = [make_case(), make_case()]
    with clock.override(datetime(2027, 1, 1, 0, 30, tzinfo=TIRANE)):
        january = make_case()

    assert [c.reference for c in december] == ["AL-2026-000001", "AL-2026-000002"]
    assert january.reference == "AL-2027-000001"


def test_case_create_makes_the_actors_institution_the_owner(make_case, actors):
    case = make_case("police.shkoder")

    assert case.owner_institution == actors["police.shkoder"].institution
    assert case.county == "shkoder"
    assert case.created_by == actors["police.shkoder"].user


def test_case_create_records_the_profile_version_in_force(make_case):
    case = Case.objects.get(pk=make_case().pk)

    assert (case.profile_code, case.profile_version) == ("AL", "2025.1")


def test_case_create_opens_in_the_profiles_initial_stage_and_status(make_case):
    case = Case.objects.get(pk=make_case().pk)

    assert case.stage == "initial_identification"
    assert case.identification_status == "none"
    assert case.version == 1


def test_case_create_writes_one_history_row_for_stage_and_one_for_status(make_case, actors):
    case = make_case()

    rows = list(case.status_changes.order_by("field"))
    assert [(r.field, r.from_value, r.to_value) for r in rows] == [
        ("identification_status", "", "none"),
        ("stage", "", "initial_identification"),
    ]
    for row in rows:
        assert row.by == actors["police.tirana"].user
        assert row.by_institution == actors["police.tirana"].institution
        assert row.reason == "case.opened"
        assert row.at == case.created_at


def test_case_create_stores_the_person_as_validated(make_case):
    case = make_case(
        given_name="  Arta   Besa ",
        family_name="Hoxha",
        citizenship="xk",
        languages=["SQ", "en", "sq"],
        date_of_birth=date(1990, 5, 17),
    )

    person = Person.objects.get(pk=case.person_id)
    assert person.given_name == "Arta Besa"
    assert person.citizenship == "XK"
    assert person.languages == ["sq", "en"]
    assert person.date_of_birth == "1990-05-17"
    assert person.age_is_estimated is False


def test_case_create_keeps_the_screening_as_given(make_case, actors):
    screening = {"catalogue": "AL-2025", "indicators": ["GEN-01", "GEN-06"], "notes": "met"}

    case = case_create(
        actor=actors["police.tirana"],
        person=PersonInput(given_name="Arta", family_name="Hoxha"),
        screening=screening,
    )

    assert Case.objects.get(pk=case.pk).screening == screening


def test_case_create_records_an_audit_event_without_personal_data(actors):
    case = case_create(
        actor=actors["police.tirana"],
        person=PersonInput(
            given_name="Zyrafete",
            family_name="Qyqja",
            date_of_birth=date(1999, 3, 14),
            phone="+355 69 765 4321",
            address="Rruga Myslym Shyri 41",
        ),
    )

    event = AuditEvent.objects.get(code="case.created", case_id=case.pk)
    assert event.actor == actors["police.tirana"].user
    assert event.institution == actors["police.tirana"].institution
    assert event.data["reference"] == case.reference
    assert event.data["owner"] == "police-slktp-tirana"
    dumped = json.dumps(event.data, ensure_ascii=False).casefold()
    for personal in ("zyrafete", "qyqja", "1999-03-14", "765 4321", "myslym"):
        assert personal not in dumped


def test_case_create_presumes_a_child_from_appearance(make_case):
    assert make_case(appears_to_be_child=True).is_child is True
    assert make_case(estimated_age=16).is_child is True
    assert make_case(estimated_age=30).is_child is False


# --- refusing bad input -------------------------------------------------------------------

TOMORROW = object()


@pytest.mark.parametrize(
    ("person", "fields"),
    [
        ({"date_of_birth": TOMORROW}, {"date_of_birth"}),
        ({"date_of_birth": date(1800, 1, 1)}, {"date_of_birth"}),
        ({"estimated_age": -1}, {"estimated_age"}),
        ({"estimated_age": 121}, {"estimated_age"}),
        ({"citizenship": "ZZ"}, {"citizenship"}),
        ({"languages": ["sq", "zz"]}, {"languages"}),
        ({"given_name": "", "family_name": ""}, {"given_name"}),
        ({"given_name": "   ", "family_name": "\t"}, {"given_name"}),
        ({"given_name": "A" * 101}, {"given_name"}),
        ({"sex": "robot"}, {"sex"}),
        (
            {"date_of_birth": TOMORROW, "citizenship": "ZZ", "languages": ["zz"]},
            {"date_of_birth", "citizenship", "languages"},
        ),
    ],
    ids=[
        "future-dob",
        "dob-over-120",
        "age-minus-1",
        "age-121",
        "country-ZZ",
        "language-zz",
        "no-name",
        "blank-names",
        "name-too-long",
        "unknown-sex",
        "all-errors-at-once",
    ],
)
def test_case_create_refuses_bad_person_input_and_saves_nothing(actors, person, fields):
    person = {"given_name": "Arta", "family_name": "Hoxha", **person}
    if person.get("date_of_birth") is TOMORROW:
        person["date_of_birth"] = clock.today() + timedelta(days=1)
    before = _counts()

    with pytest.raises(ValidationFailed) as raised:
        case_create(actor=actors["police.tirana"], person=PersonInput(**person))

    assert set(raised.value.fields) == fields
    assert all(raised.value.fields[f] for f in fields)
    assert _counts() == before


def test_case_create_is_forbidden_without_case_create(viewer):
    assert not viewer.can(Capability.CASE_CREATE)
    before = _counts()

    with pytest.raises(Forbidden):
        case_create(actor=viewer, person=PersonInput(given_name="Arta"))

    assert _counts() == before


def test_case_create_is_forbidden_to_an_administrator_without_a_caseworker_role(actors):
    admin = actor_for(User.objects.get(username="admin"))

    with pytest.raises(Forbidden):
        case_create(actor=admin, person=PersonInput(given_name="Arta"))
    assert Case.objects.count() == 0


def test_a_caseworker_cannot_open_a_case_for_another_institution(actors, reference):
    before = _counts()

    with pytest.raises(Forbidden):
        case_create(
            actor=actors["police.tirana"],
            person=PersonInput(given_name="Arta"),
            owner_institution=reference["police-slktp-shkoder"],
        )
    assert _counts() == before


def test_the_ap_secretariat_may_open_a_case_for_another_institution(actors, reference):
    case = case_create(
        actor=actors["ap.secretariat"],
        person=PersonInput(given_name="Arta"),
        owner_institution=reference["police-slktp-shkoder"],
    )

    assert case.owner_institution.code == "police-slktp-shkoder"
    assert case.county == "shkoder"
    assert case.created_by.username == "ap.secretariat"


# --- stage and status transitions ---------------------------------------------------------


def test_a_procedure_move_changes_the_stage_and_records_who_from_to_and_why(make_case, actors):
    case = make_case()
    actor = actors["police.tirana"]

    procedure_move(
        actor=actor,
        case_id=case.pk,
        code="identification",
        to="formal",
        reason="Referred to the group",
        reference="B2-17",
        expected_version=1,
    )

    stored = Case.objects.get(pk=case.pk)
    assert stored.stage == "formal_identification"
    assert stored.version == 2
    moved, staged = stored.status_changes.order_by("-at", "-id")[:2][::-1]
    assert (moved.field, moved.procedure) == ("procedure", "identification")
    assert (moved.from_value, moved.to_value) == ("initial", "formal")
    assert (staged.field, staged.from_value, staged.to_value) == (
        "stage",
        "initial_identification",
        "formal_identification",
    )
    for row in (moved, staged):
        assert row.by == actor.user
        assert row.by_institution == actor.institution
        assert row.reason == "Referred to the group"
        assert row.decision_reference == "B2-17"
    event = AuditEvent.objects.get(code="case.procedure_moved", case_id=case.pk)
    assert event.data == {
        "procedure": "identification",
        "from": "initial",
        "to": "formal",
        "stage": ["initial_identification", "formal_identification"],
    }


def test_procedures_run_side_by_side_and_the_stage_is_the_latest_of_them(make_case, actors):
    case = make_case()
    actor = actors["police.tirana"]

    procedure_open(actor=actor, case_id=case.pk, code="protection", reason="r", expected_version=1)
    assert Case.objects.get(pk=case.pk).stage == "protection"
    # The group still identifies the person placed in a shelter.
    procedure_move(
        actor=actor,
        case_id=case.pk,
        code="identification",
        to="formal",
        reason="A5",
        expected_version=2,
    )
    stored = Case.objects.get(pk=case.pk)
    assert stored.stage == "protection"
    running = set(stored.procedures.filter(closed_at__isnull=True).values_list("code", flat=True))
    assert running == {"identification", "protection"}
    procedure_end(actor=actor, case_id=case.pk, code="protection", reason="r", expected_version=3)
    assert Case.objects.get(pk=case.pk).stage == "formal_identification"


def test_status_change_moves_the_case_and_records_who_from_to_and_why(make_case, actors):
    case = make_case()

    case_status_change(
        actor=actors["police.tirana"],
        case_id=case.pk,
        to="potential_victim",
        reason="  Three indicators  ",
    )

    stored = Case.objects.get(pk=case.pk)
    assert stored.identification_status == "potential_victim"
    assert stored.stage == "initial_identification"
    row = stored.status_changes.filter(field="identification_status").order_by("-id").first()
    assert (row.from_value, row.to_value) == ("none", "potential_victim")
    assert row.by.username == "police.tirana"
    assert row.reason == "Three indicators"
    assert AuditEvent.objects.filter(code="case.identification_status_changed").count() == 1


def test_every_transition_adds_exactly_one_history_row(make_case, actors):
    case = make_case()
    actor = actors["police.tirana"]

    for to in ("formal_identification", "protection", "reintegration", "closed"):
        case_stage_change(actor=actor, case_id=case.pk, to=to, reason=f"to {to}")

    stages = list(
        case.status_changes.filter(field="stage")
        .order_by("at", "id")
        .values_list("from_value", "to_value")
    )
    assert stages == [
        ("", "initial_identification"),
        ("initial_identification", "formal_identification"),
        ("formal_identification", "protection"),
        ("protection", "reintegration"),
        ("reintegration", "closed"),
    ]


@pytest.mark.parametrize("to", ["victim", "none"])
def test_an_illegal_status_move_raises_and_changes_nothing(make_case, actors, to):
    case = make_case()
    before = _snapshot(case)

    with pytest.raises(IllegalTransition):
        case_status_change(actor=actors["police.tirana"], case_id=case.pk, to=to, reason="try")

    assert _snapshot(case) == before


ILLEGAL_PROCEDURE_MOVES = {
    "skips a state": lambda a, c: procedure_move(
        actor=a, case_id=c, code="identification", to="decided", reason="r", expected_version=1
    ),
    "unknown state": lambda a, c: procedure_move(
        actor=a, case_id=c, code="identification", to="nowhere", reason="r", expected_version=1
    ),
    "not running": lambda a, c: procedure_move(
        actor=a, case_id=c, code="protection", to="community", reason="r", expected_version=1
    ),
    "already running": lambda a, c: procedure_open(
        actor=a, case_id=c, code="identification", reason="r", expected_version=1
    ),
    "final state": lambda a, c: procedure_open(
        actor=a, case_id=c, code="return", state="returned", reason="r", expected_version=1
    ),
}


@pytest.mark.parametrize("name", sorted(ILLEGAL_PROCEDURE_MOVES))
def test_an_illegal_procedure_move_raises_and_changes_nothing(make_case, actors, name):
    case = make_case()
    before = _snapshot(case)

    with pytest.raises(IllegalTransition):
        ILLEGAL_PROCEDURE_MOVES[name](actors["police.tirana"], case.pk)

    assert _snapshot(case) == before


def test_procedures_that_exclude_each_other_do_not_run_together(make_case, actors):
    case = make_case()
    actor = actors["police.tirana"]
    procedure_open(actor=actor, case_id=case.pk, code="return", reason="r", expected_version=1)
    before = _snapshot(case)

    with pytest.raises(IllegalTransition):
        procedure_open(
            actor=actor, case_id=case.pk, code="reintegration", reason="r", expected_version=2
        )

    assert _snapshot(case) == before


def test_an_unknown_procedure_is_a_field_error(make_case, actors):
    case = make_case()

    with pytest.raises(ValidationFailed) as raised:
        procedure_open(
            actor=actors["police.tirana"], case_id=case.pk, code="x", reason="r", expected_version=1
        )

    assert set(raised.value.fields) == {"procedure"}


def test_a_closed_case_cannot_move_to_any_stage(make_case, actors):
    actor = actors["police.tirana"]
    case = make_case()
    case_stage_change(actor=actor, case_id=case.pk, to="closed", reason="No indicators")
    before = _snapshot(case)

    for stage in get_profile("AL").stages:
        with pytest.raises(IllegalTransition):
            case_stage_change(actor=actor, case_id=case.pk, to=stage.code, reason="reopen")

    assert _snapshot(case) == before


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_a_transition_without_a_reason_is_refused(make_case, actors, reason):
    case = make_case()
    before = _snapshot(case)

    with pytest.raises(ValidationFailed) as raised:
        case_status_change(
            actor=actors["police.tirana"], case_id=case.pk, to="potential_victim", reason=reason
        )

    assert set(raised.value.fields) == {"reason"}
    assert _snapshot(case) == before


def test_a_transition_on_a_case_the_actor_cannot_see_is_not_found(make_case, actors):
    case = make_case("police.tirana")
    before = _snapshot(case)

    with pytest.raises(NotFound):
        case_stage_change(
            actor=actors["police.shkoder"],
            case_id=case.pk,
            to="formal_identification",
            reason="not mine",
        )
    assert _snapshot(case) == before


def test_a_transition_without_case_update_is_forbidden(make_case, viewer):
    case = make_case("police.tirana")
    before = _snapshot(case)

    with pytest.raises(Forbidden):
        case_stage_change(actor=viewer, case_id=case.pk, to="closed", reason="read only")
    assert _snapshot(case) == before
