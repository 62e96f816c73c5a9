"""Periods (codes, parts, labels), the profile's statistics block and its check, and the
number of queries the facts take (fixed, whatever the number of cases)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from nrm.jurisdictions.registry import get_profile
from nrm.statistics import periods, tables
from nrm.statistics.checks import check_statistics
from nrm.statistics.facts import load_deadlines, load_permits, load_reflection, load_services
from tests.statistics.conftest import CUTOFF


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (periods.month(2024, 3), "2024-03"),
        (periods.quarter(2024, 1), "2024-Q1"),
        (periods.cumulative(2024, 9), "2024-01..2024-09"),
        (periods.year(2024), "2024"),
        (periods.years(2020, 2024), "2020-01..2024-12"),
    ],
)
def test_a_period_code_reads_back_into_the_period(period, code):
    assert period.code == code
    assert periods.parse(code) == period


def test_periods_have_their_dates_and_months():
    assert periods.quarter(2024, 1).end == date(2024, 3, 31)
    assert periods.cumulative(2024, 6).end == date(2024, 6, 30)
    assert periods.month(2024, 2).end == date(2024, 2, 29)
    assert [m.code for m in periods.months_of(periods.quarter(2024, 4))] == [
        "2024-10",
        "2024-11",
        "2024-12",
    ]
    assert periods.choose("years", 2024) == periods.years(2020, 2024)


@pytest.mark.parametrize(
    "code", ["", "2024-Q0", "2024-13", "24", "2024-02..2024-05", "1900", "2024-01..2023-12"]
)
def test_a_bad_period_code_is_refused(code):
    with pytest.raises(periods.BadPeriod):
        periods.parse(code)


def test_period_labels_are_in_the_language():
    with translation.override("en"):
        assert periods.label(periods.quarter(2024, 2)) == "Quarter 2 2024"
    with translation.override("sq"):
        assert periods.label(periods.quarter(2024, 2)) == "Tremujori 2 2024"
        assert "6 muaj" in periods.label(periods.cumulative(2024, 6))


def test_the_profile_maps_every_form_and_offers_the_three_reports():
    profile = get_profile("AL")
    rules = profile.statistics
    assert {r.code for r in rules.reports} == {
        "monthly_bulletin",
        "quarterly_report",
        "annual_report",
    }
    annual = next(r for r in rules.reports if r.code == "annual_report")
    assert set(annual.tables) == {"T01", "T02", "T03A", "T03B", "T04", "T05", "T07", "T08", "T09"}
    by_code = {f.code: f.eurostat for f in profile.exploitation_forms}
    assert by_code["sexual_exploitation"] == "ICCS02041"
    assert by_code["labour_exploitation"] == "ICCS02042"
    assert by_code["begging"] == "ICCS02043_02044"
    problems = []
    check_statistics(profile, lambda *p: problems.append(p))
    assert problems == []


def test_the_check_refuses_a_report_of_an_unknown_table():
    profile = get_profile("AL")
    report = profile.statistics.reports[0].model_copy(update={"tables": ("T01", "T99")})
    rules = profile.statistics.model_copy(update={"reports": (report,)})
    problems = []
    check_statistics(
        profile.model_copy(update={"statistics": rules}), lambda *p: problems.append(p)
    )
    assert [p[0] for p in problems] == ["nrm.E145"] and "T99" in problems[0][1]


@pytest.mark.django_db
def test_the_facts_take_the_same_queries_for_one_case_or_many(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            facts = tables.facts_as_of(CUTOFF)
            for load in (load_services, load_reflection, load_permits, load_deadlines):
                load(facts)
        return len(queries)

    world.victim(presumed=date(2024, 1, 2), identified=date(2024, 2, 1))
    one = count()
    for day in range(1, 21):
        case = world.victim(presumed=date(2024, 3, day), forms=["begging"])
        world.plan(case, approved=date(2024, 4, day))
    assert count() == one
