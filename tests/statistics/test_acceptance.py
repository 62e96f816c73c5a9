"""domain/statistics.md §7.5, checks 1–6, on facts laid down directly (conftest)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from nrm.statistics import catalogue, files, periods
from nrm.statistics.table import TOTAL
from nrm.statistics.tables import build_many
from tests.statistics.conftest import CUTOFF

pytestmark = pytest.mark.django_db

Y2023, Y2024 = periods.year(2023), periods.year(2024)


def table(code, period=Y2024, cutoff=CUTOFF):
    return catalogue.get(code).build(period, cutoff)


def test_cross_agency_person_counts_once_and_undoing_the_link_restores_two(world):
    police = world.case(world.person(sex="female", dob="1990-01-01"), on=date(2024, 3, 2))
    world.decide(police, "PRESUMED", date(2024, 3, 2))
    shelter = world.case(
        world.person(sex="female", dob="1990-01-01"),
        on=date(2024, 3, 5),
        institution="shelter-tirana",
    )
    world.decide(shelter, "PRESUMED", date(2024, 3, 5))
    world.plan(shelter, approved=date(2024, 3, 6))
    assert table("T01").count(TOTAL, TOTAL) == 2

    link = world.link(police.person, shelter.person)
    t01, t05, t07 = (table(c) for c in ("T01", "T05", "T07"))
    assert t01.count(TOTAL, TOTAL) == 1
    assert t07.count(TOTAL, TOTAL) == 1 and t07.count("plan", TOTAL) == 1
    assert t05.count("POLICE", TOTAL) == 1 and t05.count("SHELTER", TOTAL) == 0

    # undone after the cut-off: a rebuild as of that cut-off still counts one (the persons
    # the release counted); as of a cut-off after the undo, two again
    link.undone_at = CUTOFF + timedelta(days=30)
    link.save()
    assert table("T01").count(TOTAL, TOTAL) == 1
    assert table("T01", cutoff=CUTOFF + timedelta(days=31)).count(TOTAL, TOTAL) == 2
    link.undone_at = CUTOFF - timedelta(days=1)
    link.save()
    assert table("T01").count(TOTAL, TOTAL) == 2
    # the same data as of the same cut-off gives byte-identical files
    first = files.csv_response(table("T01")).content
    assert files.csv_response(table("T01")).content == first


def test_status_across_periods(world):
    world.victim(presumed=date(2023, 12, 20), identified=date(2024, 1, 15))
    t2023 = table("T01", Y2023)
    assert t2023.count("PRESUMED", TOTAL) == 1 and t2023.count("IDENTIFIED", TOTAL) == 0
    assert table("T01", Y2024).count(TOTAL, TOTAL) == 0  # not new in 2024
    assert table("T06", Y2024).count(TOTAL, "IDENTIFIED") == 1  # identified in 2024
    assert table("T06", Y2024).count("2024-01", "IDENTIFIED") == 1
    both = table("T01", periods.years(2023, 2024))
    assert both.count(TOTAL, TOTAL) == 1 and both.count("IDENTIFIED", TOTAL) == 1


def test_not_identified_is_in_the_bulletin_and_never_in_t01_to_t05(world):
    case = world.case(world.person(), on=date(2024, 4, 1))
    world.decide(case, "NOT_IDENTIFIED", date(2024, 4, 10))
    assert table("T06").count(TOTAL, "NOT_IDENTIFIED") == 1
    assert table("T06").count(TOTAL, "SCREENED") == 1
    for code in ("T01", "T02", "T03A", "T03B", "T04", "T05"):
        assert table(code).count(TOTAL, TOTAL) == 0, code


def test_presumed_then_not_identified_in_the_same_year_is_not_registered(world):
    case = world.victim(presumed=date(2024, 2, 1))
    world.decide(case, "NOT_IDENTIFIED", date(2024, 3, 1))
    assert table("T01").count(TOTAL, TOTAL) == 0
    assert table("T01", periods.month(2024, 2)).count("PRESUMED", TOTAL) == 1


@pytest.mark.parametrize(
    ("person", "registered", "group"),
    [
        ({"dob": "2006-06-10"}, date(2024, 6, 9), "Y_LT18"),
        ({"dob": "2006-06-10"}, date(2024, 6, 11), "Y_GE18"),
        ({"estimated_age": 15}, date(2024, 6, 11), "Y_LT18"),
        ({"child": True}, date(2024, 6, 11), "Y_LT18"),
        ({}, date(2024, 6, 11), "UNK"),
    ],
)
def test_child_boundary(world, person, registered, group):
    world.victim(presumed=registered, sex="male", **person)
    t01 = table("T01")
    assert t01.count("PRESUMED", f"M_{group}") == 1
    assert t01.count(TOTAL, TOTAL) == 1


def test_multiple_forms(world):
    world.victim(presumed=date(2024, 5, 1), forms=["sexual_exploitation", "begging"])
    world.victim(presumed=date(2024, 5, 2), forms=["begging"])
    t03a, t03b, t01 = table("T03A"), table("T03B"), table("T01")
    assert t03a.count("MULTIPLE", TOTAL) == 1 and t03a.count("begging", TOTAL) == 1
    assert t03a.count("sexual_exploitation", TOTAL) == 0
    assert t03a.count(TOTAL, TOTAL) == t01.count(TOTAL, TOTAL) == 2
    # precedence: sexual before other
    assert t03a.count("ICCS02041", TOTAL) == 1 and t03a.count("ICCS02043_02044", TOTAL) == 1
    assert not t03a.multi_response and t03b.multi_response
    assert t03b.count("sexual_exploitation", TOTAL) == 1 and t03b.count("begging", TOTAL) == 2
    assert t03b.count("ICCS02043_02044", TOTAL) == 2 and t03b.count(TOTAL, TOTAL) == 2
    exclusive = [r.code for r in t03a.rows if not r.subtotal and r.code != TOTAL]
    assert sum(t03a.count(r, TOTAL) for r in exclusive) == t03a.count(TOTAL, TOTAL)


def test_re_trafficked_person_counts_once_and_once_as_re_trafficked(world):
    first = world.victim(presumed=date(2024, 2, 1))
    second = world.case(first.person, on=date(2024, 8, 1))
    world.decide(second, "PRESUMED", date(2024, 8, 1))
    for code in ("T01", "T02", "T03A", "T04", "T05"):
        assert table(code).count(TOTAL, TOTAL) == 1, code
    t15 = table("T15")
    assert t15.count(TOTAL, "RETRAFFICKED") == 1
    assert t15.count("2024-08", "RETRAFFICKED") == 1


def test_withdrawn_statistics_consent_is_left_out_and_counted(world):
    kept = world.victim(presumed=date(2024, 3, 1))
    gone = world.victim(presumed=date(2024, 3, 2))
    world.withdraw(gone)
    t01 = table("T01")
    assert t01.count(TOTAL, TOTAL) == 1 and t01.left_out == 1
    assert table("T06").left_out == 1
    assert kept.pk != gone.pk


def test_nothing_after_the_cut_off_counts(world):
    world.victim(presumed=date(2024, 3, 1), identified=date(2024, 9, 1))
    cutoff = timezone.make_aware(timezone.datetime(2024, 6, 1))
    t01 = table("T01", cutoff=cutoff)
    assert t01.count("PRESUMED", TOTAL) == 1 and t01.count("IDENTIFIED", TOTAL) == 0
    assert t01.cutoff == cutoff


def test_citizenship_groups_are_subtotals(world):
    world.victim(presumed=date(2024, 3, 1), citizenship="AL")
    world.victim(presumed=date(2024, 3, 1), citizenship="XK")
    world.victim(presumed=date(2024, 3, 1), citizenship="DE")
    world.victim(presumed=date(2024, 3, 1), citizenship="XXA")
    t02 = table("T02")
    assert [t02.count(c, TOTAL) for c in ("AL", "XK", "DE", "STLS", "UNK")] == [1, 1, 1, 1, 0]
    assert t02.count("NAT", TOTAL) == 1 and t02.count("WB6_FOR", TOTAL) == 1
    assert t02.count("EU27_2020_FOR", TOTAL) == 1 and t02.count(TOTAL, TOTAL) == 4
    assert {r.code for r in t02.rows if r.subtotal} == {
        "NAT",
        "WB6_FOR",
        "EU27_2020_FOR",
        "NEU27_2020_FOR",
    }
    assert table("T04").count("TRANS_IN", TOTAL) == 3


def test_every_code_builds_and_labels_are_translated(world):
    world.victim(presumed=date(2024, 3, 1), identified=date(2024, 4, 1), forms=["begging"])
    with translation.override("en"):
        english = build_many(catalogue.CODES, Y2024, CUTOFF)
    with translation.override("sq"):
        albanian = build_many(catalogue.CODES, Y2024, CUTOFF)
    for en, sq in zip(english, albanian, strict=True):
        assert en.rows[-1].code == TOTAL or en.code in ("T08", "T09"), en.code
        assert en.title != sq.title, en.code
        assert [c.code for c in en.columns] == [c.code for c in sq.columns]
    t08 = next(t for t in english if t.code == "T08")
    assert t08.count("REFUSED", TOTAL) is None  # not collected, not zero
    assert t08.count("STARTED", TOTAL) == 0


def test_the_bulletin_counts_who_waits_for_a_decision(world):
    waiting = world.victim(presumed=date(2024, 1, 10))
    world.victim(presumed=date(2024, 1, 10), identified=date(2024, 3, 1))
    world.decide(waiting, "IDENTIFIED", date(2024, 6, 1))
    t06 = table("T06", periods.cumulative(2024, 6))
    # end of February: both presumed for 50 days; end of March: one; end of May: one,
    # 142 days; end of June: nobody
    assert [t06.count("2024-02", f"PENDING_{d}") for d in (30, 60, 90)] == [2, 0, 0]
    assert [t06.count("2024-03", f"PENDING_{d}") for d in (30, 60, 90)] == [1, 1, 0]
    assert [t06.count("2024-05", f"PENDING_{d}") for d in (30, 60, 90)] == [1, 1, 1]
    assert t06.count("2024-06", "PENDING_30") == 0 and t06.count(TOTAL, "PENDING_30") == 0
    assert t06.count(TOTAL, "IDENTIFIED") == 2 and t06.count("2024-01", "PRESUMED") == 2


def test_deadlines_met_by_rule_add_up(make_case):
    from nrm.core import clock
    from nrm.deadlines.models import Deadline

    case = make_case(estimated_age=15)
    assert Deadline.objects.filter(case=case).exists()
    now = clock.now()
    this_year = clock.today().year
    tdl = table("TDL", periods.years(this_year, this_year + 1), cutoff=now)
    assert tdl.unit == "deadlines" and tdl.count(TOTAL, "DUE") >= 1
    outcomes = ("MET_ON_TIME", "MET_LATE", "MISSED", "CANCELLED", "OPEN")
    for row in tdl.rows:
        assert tdl.count(row.code, "DUE") == sum(tdl.count(row.code, o) for o in outcomes)
