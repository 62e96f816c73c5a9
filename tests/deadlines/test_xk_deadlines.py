"""The Kosovo profile's deadline rules (nrm/jurisdictions/xk/sop2013/deadlines.yaml): they
load, every text is in Albanian, Serbian (Latin) and English, every value says where it comes
from without borrowing the Albanian seed's lines, every rule can run in this version, and the
rules keep Kosovo's calendar (Europe/Belgrade; Orthodox and Catholic holidays). Deadline
arithmetic is pure: no database here. docs/kosovo-deadlines.md."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml

from nrm.deadlines import rules
from nrm.deadlines.calendar import WorkingCalendar, due_at, occurrence_due
from nrm.deadlines.producers import inactive_rules, producer_problems
from nrm.jurisdictions.deadline_checks import check_deadlines
from nrm.jurisdictions.registry import ROOT

PRISHTINA = ZoneInfo("Europe/Belgrade")
LANGUAGES = ("sq", "sr_Latn", "en")
NOT_IN_THE_SEEDS = "Not in the seeds — configurable value, as "
DEADLINE_FILE = ROOT / "xk" / "sop2013" / "deadlines.yaml"
# The Albanian SOP's bodies and officers: a Kosovo text names Kosovo's (the Secretariat, the
# National Authority, the Centre for Social Work, the focal point), never these.
ALBANIAN_ONLY = re.compile(r"\b(AP|APAP|PMF|NJMF|G/SPIF|ASHDMF|GTN|VMT|D/KAP|Shqipëri\w*)\b")


@pytest.fixture
def xk():
    from nrm.jurisdictions import get_profile

    return get_profile("XK")


@pytest.fixture
def al():
    from nrm.jurisdictions import get_profile

    return get_profile("AL")


@pytest.fixture
def cal(xk):
    return WorkingCalendar.of(xk.calendar, immediate_grace=xk.deadlines.immediate_grace)


def local(y, m, d, hour=10, minute=0):
    return datetime(y, m, d, hour, minute, tzinfo=PRISHTINA)


def end_of(y, m, d):
    """The last instant of a day in Prishtina, in UTC (what `due_at` returns for day offsets)."""
    return local(y, m, d, 23, 59).replace(second=59, microsecond=999999).astimezone(UTC)


def due(rule, start, cal):
    return due_at(start, rule.offset, cal)


# --- The file loads and says where its values come from ---------------------------------


def test_the_kosovo_rules_load_with_no_problem(xk):
    node = yaml.compose(DEADLINE_FILE.read_text(encoding="utf-8"))
    assert check_deadlines(xk, xk.deadlines, node, DEADLINE_FILE) == []
    assert len(xk.deadlines.rules) >= 30


def test_the_rules_the_code_names_are_there(xk):
    # The appeals app reads the window and the Commission's two clocks; the plans and
    # reintegration apps the AP's decision, the monthly reports and the monitoring.
    named = {
        xk.appeals.window_rule,
        "commission_convening",
        "commission_decision",
        "reintegration_plan_decision",
        xk.reintegration.start_rule,
        xk.reintegration.report_rule,
    }
    assert named <= {r.code for r in xk.deadlines.rules}


@pytest.mark.parametrize("field", ["title", "action"])
def test_every_rule_speaks_albanian_serbian_and_english(xk, field):
    for rule in xk.deadlines.rules:
        texts = getattr(rule, field).languages()
        assert set(LANGUAGES) <= set(texts), rule.code
        assert all(texts[lang].strip() for lang in LANGUAGES), rule.code
        assert len({texts[lang] for lang in LANGUAGES}) == 3, f"{rule.code}: left untranslated"


def test_every_event_is_named_in_the_three_languages(xk):
    for event in xk.deadlines.events:
        assert set(LANGUAGES) <= set(event.name.languages()), event.code


def test_serbian_is_written_in_latin_script(xk):
    for rule in xk.deadlines.rules:
        for text in (rule.title, rule.action):
            serbian = text.languages()["sr_Latn"]
            assert not re.search(r"[\u0400-\u04FF]", serbian), rule.code
    serbian = " ".join(r.action.languages()["sr_Latn"] for r in xk.deadlines.rules)
    assert set("čćšž") <= set(serbian.lower())


def test_texts_name_kosovos_bodies_not_albanias(xk):
    for rule in xk.deadlines.rules:
        for text in (rule.title, rule.action):
            for lang, value in text.languages().items():
                assert not ALBANIAN_ONLY.search(value), (rule.code, lang, value)
    for event in xk.deadlines.events:
        for lang, value in event.name.languages().items():
            assert not ALBANIAN_ONLY.search(value), (event.code, lang, value)


def test_every_value_says_where_it_comes_from_and_never_cites_the_albanian_seeds_lines(xk):
    for rule in xk.deadlines.rules:
        assert rule.sop.startswith((NOT_IN_THE_SEEDS, "nrm.meetings")), rule.code
        assert not re.search(r"\bL\d{2,4}\b", rule.sop), f"{rule.code} cites seed lines"
        assert rule.table_row is None, f"{rule.code}: the timing table is Albania's"


def test_the_albanian_seeds_timing_table_is_not_copied_as_kosovos(xk, al):
    # Rules Kosovo has no basis for are not carried (the Albanian Commission's appointment
    # from its SOP's entry into force; assisted return and the reception of nationals abroad).
    codes = {r.code for r in xk.deadlines.rules}
    assert "commission_appointment" not in codes
    assert not {c for c in codes if c.startswith(("avr_", "reception_"))}
    assert codes < {r.code for r in al.deadlines.rules}


# --- Every rule can run in this version ---------------------------------------------------


def test_every_kosovo_rule_has_its_producers(xk, real_producers):
    assert inactive_rules(xk) == {}
    assert producer_problems(xk, DEADLINE_FILE) == []
    assert all(rule.requires_producer for rule in xk.deadlines.rules)


def test_escalation_climbs_to_the_national_coordinators_office(xk):
    kinds = {t.code: t for t in xk.institution_types}
    for rule in xk.deadlines.rules:
        targets = [step.to for step in rule.escalation]
        for step in rule.escalation:
            if step.to == "national_coordinator":
                assert step.institution_type == "national_coordinator", rule.code
                assert kinds["national_coordinator"].national
        if "focal_point" in targets and "secretariat" in targets:
            assert targets.index("focal_point") < targets.index("secretariat"), rule.code
        if "secretariat" in targets and "national_coordinator" in targets:
            assert targets.index("secretariat") < targets.index("national_coordinator"), rule.code


# --- Under Kosovo's calendar ---------------------------------------------------------------


def test_working_days_skip_orthodox_christmas(xk, al, cal):
    # Tuesday 5 January 2027; Thursday 7 January is Orthodox Christmas, a public holiday in
    # Kosovo and not in Albania. Five working days: 6, 8, 11, 12, 13 January.
    rule = xk.deadline_rule("commission_convening")
    start = local(2027, 1, 5)
    assert due(rule, start, cal) == end_of(2027, 1, 13)
    al_cal = WorkingCalendar.of(al.calendar)
    assert due_at(start, rule.offset, al_cal).astimezone(ZoneInfo("Europe/Tirane")).date() == (
        datetime(2027, 1, 12).date()
    )


def test_the_appeal_window_skips_both_christmases_and_the_new_year(xk, cal):
    # Notice received Monday 20 December 2027. Kosovo's holidays on the way: 25 December
    # (a Saturday, observed Monday 27), 1 and 2 January (a weekend, observed Monday 3 and
    # Tuesday 4 January 2028) and Orthodox Christmas, Friday 7 January. Thirty working days
    # end on Friday 4 February 2028, four working days after a holiday-free count (31 January).
    rule = xk.deadline_rule("appeal_window")
    got = due(rule, local(2027, 12, 20, 15), cal)
    assert got == end_of(2028, 2, 4)
    days = [local(2027, 12, 21) + timedelta(days=i) for i in range(50)]
    counted = [d.date() for d in days if cal.is_working_day(d.date()) and d <= got]
    assert len(counted) == 30


def test_hours_are_elapsed_time_across_the_clock_change(xk, cal):
    # A child identified on Friday 26 March 2027 at 18:00; clocks go forward on Sunday 28.
    rule = xk.deadline_rule("child_protection_plan")
    start = local(2027, 3, 26, 18)
    got = due(rule, start, cal)
    assert got - start == timedelta(hours=72)
    assert got.astimezone(PRISHTINA).hour == 19  # 72 elapsed hours: 19:00 on the wall clock


def test_the_same_day_ends_at_midnight_in_prishtina(xk, cal):
    rule = xk.deadline_rule("decision_to_ap")
    got = due(rule, local(2027, 6, 15, 16, 30), cal)
    assert got == end_of(2027, 6, 15)
    assert got.astimezone(PRISHTINA).strftime("%H:%M") == "23:59"


def test_immediately_means_within_the_hour(xk, cal):
    rule = xk.deadline_rule("notify_child_protection_worker")
    start = local(2027, 1, 7, 9)  # a holiday changes nothing for elapsed time
    assert due(rule, start, cal) - start == timedelta(hours=1)


def test_monthly_reintegration_reports_keep_their_day(xk, cal):
    rule = xk.deadline_rule("reintegration_report")
    start = local(2027, 1, 31, 11)
    dues = [
        occurrence_due(start, rule.offset, rule.recurrence.every, n, cal).astimezone(PRISHTINA)
        for n in (1, 2, 3)
    ]
    assert [d.date().isoformat() for d in dues] == ["2027-02-28", "2027-03-31", "2027-04-30"]


# --- Who acts, and who hears when it is missed (pure rules of the engine) ------------------


@dataclass(frozen=True)
class Inst:
    code: str
    type: str
    county: str = ""


POLICE = Inst("police-dhtqnj-prishtina", "police_dhtqnj", "prishtina")
QPS_PRISHTINA = Inst("qps-prishtina", "social_work_centre", "prishtina")
QPS_PRIZREN = Inst("qps-prizren", "social_work_centre", "prizren")
SECRETARIAT = Inst("xk-secretariat", "secretariat")


def resolve(rule, **kw):
    args = {"owner": POLICE, "opener": None, "granted": [], "of_type": [], "county": "prishtina"}
    args.update(kw)
    return rules.responsible_institution(rule, **args)


def test_the_centre_for_social_work_of_the_region_prepares_the_childs_plan(xk):
    rule = xk.deadline_rule("child_protection_plan")
    assert resolve(rule, of_type=[QPS_PRIZREN, QPS_PRISHTINA]) == QPS_PRISHTINA
    assert resolve(rule, granted=[QPS_PRIZREN], of_type=[QPS_PRISHTINA]) == QPS_PRIZREN


def test_the_secretariat_is_found_without_a_region(xk):
    for code in ("ap_disagreement_meeting", "appeal_window", "reintegration_monitoring"):
        assert resolve(xk.deadline_rule(code), of_type=[SECRETARIAT]) == SECRETARIAT, code


def test_a_missed_convening_reaches_the_coordinator_past_kosovos_holidays(xk, cal):
    # Due at the end of Friday 5 February 2027; the Secretariat hears one working day later
    # (Monday 8), the Coordinator's Office three (Wednesday 10). Across Independence Day
    # (Wednesday 17 February) the Coordinator's step moves to Thursday 18.
    rule = xk.deadline_rule("commission_convening")
    due_feb5 = end_of(2027, 2, 5)
    assert rules.escalation_at(rule, due=due_feb5, step=1, cal=cal) == end_of(2027, 2, 8)
    assert rules.escalation_at(rule, due=due_feb5, step=2, cal=cal) == end_of(2027, 2, 10)
    due_feb12 = end_of(2027, 2, 12)
    assert rules.escalation_at(rule, due=due_feb12, step=2, cal=cal) == end_of(2027, 2, 18)
    assert [s.institution_type for s in rule.escalation] == ["secretariat", "national_coordinator"]


def test_the_appeal_window_and_the_interview_limits_never_escalate(xk, cal):
    for code in ("appeal_window", "child_formal_interview_duration", "decision_meeting"):
        rule = xk.deadline_rule(code)
        assert rules.escalation_at(rule, due=end_of(2027, 2, 5), step=1, cal=cal) is None, code
