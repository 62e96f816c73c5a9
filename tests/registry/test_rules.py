"""The pure rules: the SOP child presumption, age arithmetic, person checks, transitions."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrm.core.errors import IllegalTransition, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.registry.rules import (
    PersonInput,
    age_on,
    check_procedure_move,
    check_procedure_open,
    check_transition,
    is_child,
    state_stage,
    summary_stage,
    validate_person,
)

PROFILE = get_profile("AL", "2025.1")
MAJORITY = PROFILE.age_of_majority
FEW = settings(max_examples=60, deadline=None)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
ages = st.none() | st.integers(min_value=0, max_value=120)


def _anniversary(born: date, years: int) -> date:
    """The k-th birthday; someone born on 29 February has it on 1 March in other years."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def test_the_albanian_profile_sets_majority_at_eighteen():
    assert MAJORITY == 18


# --- age_on -------------------------------------------------------------------------------


@FEW
@given(born=days, span=st.integers(min_value=0, max_value=50_000))
def test_age_on_counts_the_birthdays_passed(born, span):
    on = born + timedelta(days=span)
    age = age_on(born, on)

    assert age >= 0
    assert _anniversary(born, age) <= on < _anniversary(born, age + 1)


@FEW
@given(born=days, a=st.integers(0, 40_000), b=st.integers(0, 40_000))
def test_age_on_never_decreases_with_time(born, a, b):
    first, second = sorted((a, b))
    assert age_on(born, born + timedelta(days=first)) <= age_on(born, born + timedelta(days=second))


@FEW
@given(born=st.dates(min_value=date(1900, 1, 1), max_value=date(2080, 12, 31)))
def test_age_on_turns_eighteen_on_the_eighteenth_birthday(born):
    birthday = _anniversary(born, 18)

    assert age_on(born, birthday - timedelta(days=1)) == 17
    assert age_on(born, birthday) == 18


def test_someone_born_on_29_february_comes_of_age_on_1_march():
    born = date(2008, 2, 29)

    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


# --- is_child: the SOP presumption --------------------------------------------------------


@FEW
@given(
    born=days,
    span=st.integers(min_value=0, max_value=44_000),
    estimated_age=ages,
    appears=st.booleans(),
)
def test_a_known_date_of_birth_decides_whether_the_person_is_a_child(
    born, span, estimated_age, appears
):
    today = born + timedelta(days=span)
    person = PersonInput(
        given_name="Arta",
        date_of_birth=born,
        estimated_age=estimated_age,
        appears_to_be_child=appears,
    )

    assert is_child(person, profile=PROFILE, today=today) is (age_on(born, today) < MAJORITY)


@FEW
@given(today=days, estimated_age=ages, appears=st.booleans())
def test_without_a_date_of_birth_appearance_or_an_estimate_under_18_makes_a_child(
    today, estimated_age, appears
):
    person = PersonInput(
        given_name="Arta", estimated_age=estimated_age, appears_to_be_child=appears
    )

    expected = appears or (estimated_age is not None and estimated_age < MAJORITY)
    assert is_child(person, profile=PROFILE, today=today) is expected


def test_a_person_of_unknown_age_who_does_not_appear_to_be_a_child_is_an_adult():
    person = PersonInput(given_name="Arta")

    assert is_child(person, profile=PROFILE, today=date(2026, 5, 1)) is False


def test_a_date_of_birth_overrides_the_appearance_of_a_child():
    person = PersonInput(
        given_name="Arta", date_of_birth=date(2000, 1, 1), appears_to_be_child=True
    )

    assert is_child(person, profile=PROFILE, today=date(2026, 5, 1)) is False


# --- validate_person ----------------------------------------------------------------------

TODAY = date(2026, 5, 14)


def _fields(**person) -> set[str]:
    person.setdefault("given_name", "Arta")
    with pytest.raises(ValidationFailed) as raised:
        validate_person(PersonInput(**person), profile=PROFILE, today=TODAY)
    return set(raised.value.fields)


def _valid(**person) -> PersonInput:
    person.setdefault("given_name", "Arta")
    return validate_person(PersonInput(**person), profile=PROFILE, today=TODAY)


def test_an_estimated_age_of_exactly_120_is_accepted():
    assert _valid(estimated_age=120).estimated_age == 120


def test_an_estimated_age_of_zero_is_accepted():
    assert _valid(estimated_age=0).estimated_age == 0


@pytest.mark.parametrize("estimated_age", [-1, 121, 500])
def test_an_estimated_age_outside_0_to_120_is_refused(estimated_age):
    assert _fields(estimated_age=estimated_age) == {"estimated_age"}


def test_todays_date_of_birth_is_accepted():
    assert _valid(date_of_birth=TODAY).date_of_birth == TODAY


def test_a_date_of_birth_tomorrow_is_refused():
    assert _fields(date_of_birth=TODAY + timedelta(days=1)) == {"date_of_birth"}


def test_a_date_of_birth_of_someone_aged_120_is_accepted_and_of_someone_aged_121_is_not():
    oldest = date(1905, 5, 15)  # turns 121 the day after TODAY
    assert age_on(oldest, TODAY) == 120
    assert _valid(date_of_birth=oldest).date_of_birth == oldest
    assert age_on(oldest - timedelta(days=1), TODAY) == 121
    assert _fields(date_of_birth=oldest - timedelta(days=1)) == {"date_of_birth"}


def test_one_name_is_enough():
    assert _valid(given_name="", family_name="Hoxha").family_name == "Hoxha"


def test_a_person_without_any_name_is_refused():
    assert _fields(given_name="", family_name="") == {"given_name"}


@pytest.mark.parametrize("code", ["AL", "al", "XK", "UA", "NG", ""])
def test_known_citizenships_and_kosovo_are_accepted(code):
    assert _valid(citizenship=code).citizenship == code.upper()


@pytest.mark.parametrize("code", ["ZZ", "XX", "ALB", "1"])
def test_unknown_citizenships_are_refused(code):
    assert _fields(citizenship=code) == {"citizenship"}


def test_language_codes_are_lower_cased_and_deduplicated_in_order():
    assert _valid(languages=["SQ", "en", "sq", "it"]).languages == ["sq", "en", "it"]


@pytest.mark.parametrize("code", ["zz", "sqi", "english", ""])
def test_unknown_language_codes_are_refused(code):
    assert _fields(languages=["sq", code]) == {"languages"}


def test_names_lose_surplus_whitespace():
    person = _valid(given_name="  Arta \t Besa ", family_name=" Hoxha  ")
    assert (person.given_name, person.family_name) == ("Arta Besa", "Hoxha")


@FEW
@given(estimated_age=st.integers(min_value=-1000, max_value=1000))
def test_estimated_age_is_valid_exactly_between_0_and_the_profiles_maximum(estimated_age):
    person = PersonInput(given_name="Arta", estimated_age=estimated_age)
    if 0 <= estimated_age <= PROFILE.max_age:
        assert validate_person(person, profile=PROFILE, today=TODAY).estimated_age == estimated_age
    else:
        with pytest.raises(ValidationFailed):
            validate_person(person, profile=PROFILE, today=TODAY)


# --- check_transition ---------------------------------------------------------------------

STAGES = [s.code for s in PROFILE.stages]
STATUSES = [s.code for s in PROFILE.identification_statuses]


@FEW
@given(source=st.sampled_from(STATUSES), target=st.sampled_from(STATUSES))
def test_check_transition_allows_exactly_the_moves_of_the_profile(source, target):
    if target in PROFILE.status_transitions.get(source, ()):
        check_transition(PROFILE, field="identification_status", from_value=source, to_value=target)
    else:
        with pytest.raises(IllegalTransition):
            check_transition(
                PROFILE, field="identification_status", from_value=source, to_value=target
            )


# --- procedures and the stage they show (docs/procedures.md) ------------------------------

PROCEDURE_STATES = [(p.code, s.code) for p in PROFILE.procedures for s in p.states]


@FEW
@given(
    runs=st.lists(st.tuples(st.sampled_from(PROCEDURE_STATES), st.booleans()), max_size=5),
    closed=st.booleans(),
)
def test_the_stage_is_the_latest_of_the_open_procedures(runs, closed):
    order = [s.code for s in PROFILE.stages]
    flat = [(code, state, is_open) for (code, state), is_open in runs]
    stage = summary_stage(PROFILE, flat, closed=closed)
    if closed:
        assert stage == "closed"
        return
    shown_open = [state_stage(PROFILE, c, s) for c, s, o in flat if o]
    shown_open = [x for x in shown_open if x]
    shown_all = [x for c, s, _o in flat if (x := state_stage(PROFILE, c, s))]
    expected = shown_open or shown_all or [PROFILE.initial_stage]
    assert stage == max(expected, key=order.index)
    assert stage != "closed"


def test_a_shelter_placement_beside_an_open_identification_shows_protection():
    runs = [("identification", "formal", True), ("protection", "placed", True)]
    assert summary_stage(PROFILE, runs, closed=False) == "protection"
    assert summary_stage(PROFILE, runs[:1], closed=False) == "formal_identification"
    assert summary_stage(PROFILE, [], closed=False) == "initial_identification"


def test_a_procedure_moves_only_along_its_transitions():
    assert check_procedure_move(
        PROFILE, code="identification", from_state="formal", to_state="decided"
    )
    with pytest.raises(IllegalTransition):
        check_procedure_move(
            PROFILE, code="identification", from_state="initial", to_state="decided"
        )
    with pytest.raises(IllegalTransition):
        check_procedure_open(PROFILE, code="reintegration", state=None, running=["return"])
