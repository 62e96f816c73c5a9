"""The Kosovo profile (Law 04/L-218, SOP 2013) as data: it loads, every text is written in
each of its languages, Kosovo's bodies identify, its statuses are VPT and VT, and its
working-day calendar is Kosovo's (docs/kosovo.md). No database here."""

from datetime import UTC, date, datetime

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from nrm.deadlines.calendar import (
    WorkingCalendar,
    add_working_days,
    due_at,
    working_days_between,
)
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import Offset, Text

XK = get_profile("XK")
CAL = WorkingCalendar.of(XK.calendar)
# Blocks of the profile written by other files than profile.yaml (deadlines.yaml and
# indicators.yaml have owners of their own): their translation is checked separately.
OTHER_FILES = {"deadlines", "indicator_catalogues", "demo"}


def missing_languages(obj, path: str, languages) -> list[str]:
    """Every Text under `obj` that lacks one of `languages`, as "path: language"."""
    if isinstance(obj, Text):
        written = obj.languages()
        return [f"{path}: {lang}" for lang in languages if not written.get(lang, "").strip()]
    found = []
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found += missing_languages(getattr(obj, name), f"{path}.{name}", languages)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            found += missing_languages(value, f"{path}[{key}]", languages)
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            found += missing_languages(value, f"{path}[{i}]", languages)
    return found


def test_the_profile_loads_as_kosovo():
    assert XK.code == "XK"
    assert XK.legal_basis == "Ligji Nr. 04/L-218"
    assert XK.valid_from == date(2013, 9, 1)
    assert XK.home_country == "XK"
    assert XK.languages == ("sq", "sr_Latn", "en")


def test_reference_prefix_is_xk():
    assert XK.reference_prefix == "XK"


@pytest.mark.parametrize(
    "block", [name for name in type(XK).model_fields if name not in OTHER_FILES]
)
def test_every_text_of_profile_yaml_is_in_the_three_languages(block):
    assert missing_languages(getattr(XK, block), block, XK.languages) == []


@pytest.mark.parametrize("block", sorted(OTHER_FILES - {"demo"}))
def test_every_text_of_the_other_files_is_in_the_three_languages(block):
    assert missing_languages(getattr(XK, block), block, XK.languages) == []


def test_the_walk_finds_a_missing_language():
    text = Text(sq="Viktimë", en="Victim")
    assert missing_languages({"x": [text]}, "t", ("sq", "sr_Latn", "en")) == ["t[x][0]: sr_Latn"]


def test_no_text_cites_the_albanian_sop():
    """Kosovo's rules cite seed 004 and 000.md, never the Albanian SOP's sections."""
    for authority in XK.status_authorities:
        assert "S6" not in authority.sop and "S3" not in authority.sop
    for procedure in XK.procedures:
        assert not procedure.sop.startswith("S")


def test_identification_is_by_the_four_kosovo_bodies():
    """Police, prosecution, victim advocate and the Centre for Social Work (Law 04/L-218):
    the region's group (police, victim advocate, QPS) for a child and an adult, and the State
    Prosecutor in criminal proceedings."""
    group = XK.initial_identification.formal_identification_group
    assert (
        set(group.child)
        == set(group.adult)
        == {
            "police_dhtqnj",
            "victim_advocate_office",
            "social_work_centre",
        }
    )
    first_instance = {
        a.code: a
        for a in XK.status_authorities
        if "victim" in a.moves.get("potential_victim", ())
        and a.code not in {XK.appeals.decision_kind, XK.appeals.court_kind, "ap_decision"}
    }
    assert set(first_instance) == {"group_decision", "prosecution_decision"}
    recorders = {
        t for r in first_instance["prosecution_decision"].recorded_by for t in r.institution_types
    }
    assert recorders == {"prosecution"}
    assert set(group.child) | recorders == {
        "police_dhtqnj",
        "prosecution",
        "victim_advocate_office",
        "social_work_centre",
    }


def test_statuses_are_presumed_and_identified_victims():
    names = {s.code: s.name for s in XK.identification_statuses}
    assert set(names) == {"none", "potential_victim", "victim", "not_recognised"}
    assert names["potential_victim"].sq == "Viktimë e supozuar e trafikimit (VPT)"
    assert names["victim"].sq == "Viktimë e trafikimit (VT)"
    assert "žrtva trgovine ljudima" in names["potential_victim"].get("sr-latn").lower()
    assert names["victim"].get("sr-latn").startswith("Žrtva trgovine ljudima")
    assert XK.statistics.statuses == {
        "potential_victim": "PRESUMED",
        "victim": "IDENTIFIED",
        "not_recognised": "NOT_IDENTIFIED",
    }


def test_reports_follow_the_kosovo_reporting_chain():
    reports = {r.code: r for r in XK.statistics.reports}
    assert {"quarterly_report", "annual_report", "representation_helpline_report"} <= set(reports)
    assert "cumulative" in reports["quarterly_report"].periods
    assert "year" in reports["annual_report"].periods


def test_meeting_bodies_are_kosovo_s():
    bodies = {b.code for b in XK.meeting_bodies}
    assert {"ap", "inter_ministerial_group", "gnd_victims", "task_force"} <= bodies
    task_force = next(b for b in XK.meeting_bodies if b.code == "task_force")
    assert {t for r in task_force.convened_by for t in r.institution_types} == {
        "social_work_centre"
    }


def test_forced_begging_stays_a_form_of_exploitation():
    """The 2013 Criminal Code made forced begging trafficking (seed 004 L392): docs/kosovo.md."""
    assert "begging" in {f.code for f in XK.exploitation_forms}


# --- the calendar ---------------------------------------------------------------------------

XK_HOLIDAYS = holidays.country_holidays("XK", years=range(2024, 2032))


@pytest.mark.parametrize(
    ("day", "what"),
    [
        (date(2026, 1, 7), "Orthodox Christmas"),
        (date(2025, 12, 25), "Catholic Christmas"),
        (date(2026, 3, 20), "Eid al-Fitr"),
        (date(2026, 5, 27), "Eid al-Adha"),
        (date(2026, 2, 17), "Independence Day"),
        (date(2026, 4, 9), "Constitution Day"),
    ],
)
def test_kosovo_public_holidays_are_not_working_days(day, what):
    assert day.weekday() < 5, what
    assert CAL.is_holiday(day), what
    assert not CAL.is_working_day(day), what


def test_working_day_arithmetic_skips_independence_day():
    # Monday 16 February 2026 + 1 working day: Tuesday the 17th is Independence Day.
    assert add_working_days(date(2026, 2, 16), 1, CAL) == date(2026, 2, 18)
    assert working_days_between(date(2026, 2, 16), date(2026, 2, 18), CAL) == 1


def test_working_day_arithmetic_skips_both_christmases():
    # Wednesday 24 December 2025 + 1: Thursday the 25th (Catholic Christmas) is skipped.
    assert add_working_days(date(2025, 12, 24), 1, CAL) == date(2025, 12, 26)
    # Tuesday 6 January 2026 + 1: Wednesday the 7th (Orthodox Christmas) is skipped.
    assert add_working_days(date(2026, 1, 6), 1, CAL) == date(2026, 1, 8)


def test_a_working_day_deadline_ends_in_prishtina():
    # Opened Thursday 19 March 2026 at noon, 1 working day: Friday the 20th is Eid al-Fitr,
    # so it falls due at the end of Monday 23 March, Prishtina time.
    start = datetime(2026, 3, 19, 11, 0, tzinfo=UTC)
    due = due_at(start, Offset(kind="working_days", amount=1), CAL)
    assert due.astimezone(CAL.time_zone).date() == date(2026, 3, 23)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=1, max_value=40),
)
def test_adding_working_days_lands_on_a_kosovo_working_day(day, n):
    result = add_working_days(day, n, CAL)
    assert result.weekday() < 5
    assert result not in XK_HOLIDAYS
    assert working_days_between(day, result, CAL) == n
