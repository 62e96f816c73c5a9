"""The builders of the tables of domain/statistics.md §7.3, one per code of
`catalogue.CODES`, registered at start-up (`register_all`, from contributions.py). Each is
a pure read of the facts as of the cut-off (`nrm.statistics.facts`); every count is of
distinct persons (`Table.unit` says otherwise for TDL and T15); a TOTAL row and column
where they add up; 0 is known to be none and None is not collected."""

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from statistics import median

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nrm.core.codes import citizenship_name
from nrm.jurisdictions.registry import get_profile
from nrm.statistics import catalogue
from nrm.statistics import facts as facts_mod
from nrm.statistics import labels as L
from nrm.statistics.facts import Fact, Facts
from nrm.statistics.periods import label as period_label
from nrm.statistics.periods import months_of
from nrm.statistics.table import TOTAL, Label, Period, Table

LOADERS = {
    "services": facts_mod.load_services,
    "reflection": facts_mod.load_reflection,
    "permits": facts_mod.load_permits,
    "deadlines": facts_mod.load_deadlines,
}


def profile():
    return get_profile(settings.NRM_JURISDICTION)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Hundreds of thousands of small acyclic objects: the cyclic garbage collector would
    walk them again and again (half the time of the facts at 100,000 cases)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def facts_as_of(cutoff: datetime) -> Facts:
    """The facts several tables of one report share (built once)."""
    with no_cyclic_gc():
        return facts_mod.build(cutoff=cutoff, profile=profile())


def _facts(cutoff: datetime, facts: Facts | None, *needs: str) -> Facts:
    facts = facts if facts is not None else facts_as_of(cutoff)
    loaded = facts.__dict__.setdefault("_loaded", set())
    for need in needs:
        if need not in loaded:
            LOADERS[need](facts)
            loaded.add(need)
    return facts


def _lang() -> str:
    return (get_language() or "sq")[:2]


# --- populations -------------------------------------------------------------------------


def registered(facts: Facts, period: Period) -> tuple[list[Fact], int]:
    """New registered victims in the period (§7.1.3): the registration day in the period
    and the status in force at its end PRESUMED or IDENTIFIED; (kept, left out for
    withdrawn statistics consent)."""
    kept, left_out = [], 0
    for f in facts.persons:
        day = f.registered_on
        if day and period.start <= day <= period.end and f.status_at(period.end) in L.REGISTERED:
            if f.withdrawn:
                left_out += 1
            else:
                kept.append(f)
    return kept, left_out


def _split(persons: Iterable[Fact]) -> tuple[list[Fact], int]:
    kept = [f for f in persons if not f.withdrawn]
    return kept, sum(1 for f in persons if f.withdrawn)


# --- counting ----------------------------------------------------------------------------


def crosstab(
    persons: Iterable[Fact],
    rows: list[Label],
    columns: list[Label],
    rows_of: Callable[[Fact], Iterable[str]],
    columns_of: Callable[[Fact], Iterable[str]],
) -> dict[tuple[str, str], int | None]:
    """Distinct persons per cell; the TOTAL row and column (when declared) count each
    person once, whatever the number of rows or columns they fall in."""
    counts: dict[tuple[str, str], int | None] = {(r.code, c.code): 0 for r in rows for c in columns}
    total_row, total_column = rows[-1].code == TOTAL, columns[-1].code == TOTAL
    for f in persons:
        in_rows = list(dict.fromkeys(rows_of(f)))
        in_columns = list(dict.fromkeys(columns_of(f)))
        for r in in_rows:
            for c in in_columns:
                if (r, c) in counts:
                    counts[r, c] += 1
            if total_column and (r, TOTAL) in counts:
                counts[r, TOTAL] += 1
        if total_row:
            for c in in_columns:
                if (TOTAL, c) in counts:
                    counts[TOTAL, c] += 1
            if total_column:
                counts[TOTAL, TOTAL] += 1
    return counts


def _sex_age(f: Fact) -> list[str]:
    return [L.sex_age(f.sex, f.age_group)]


def _table(code, title, period, rows, columns, counts, left_out, **extra) -> Table:
    return Table(
        code=code,
        title=f"{title} — {period_label(period)}",
        period=period,
        rows=rows,
        columns=columns,
        counts=counts,
        left_out=left_out,
        **extra,
    )


# --- T01–T05: registered victims -------------------------------------------------------


def t01(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    persons, left_out = registered(facts, period)
    rows = [L.label(s, L.STATUSES[s]) for s in L.REGISTERED] + [L.total_label()]
    columns = L.sex_age_columns()
    counts = crosstab(persons, rows, columns, lambda f: [f.status_at(period.end)], _sex_age)
    title = _("Registered victims by status, sex and age")
    return _table("T01", title, period, rows, columns, counts, left_out)


def t02(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    persons, left_out = registered(facts, period)
    home = profile().home_country
    countries = sorted(
        {f.citizenship for f in persons if f.citizenship_group not in ("STLS", L.UNK)},
        key=lambda c: (c != home, citizenship_name(c)),
    )
    groups = ("NAT", "WB6_FOR", "EU27_2020_FOR", "NEU27_2020_FOR")
    rows = (
        [Label(c, citizenship_name(c)) for c in countries]
        + [L.label(g, L.CITIZENSHIP_GROUPS[g]) for g in ("STLS", L.UNK)]
        + [Label(g, str(L.CITIZENSHIP_GROUPS[g]), subtotal=True) for g in groups]
        + [L.total_label()]
    )

    def rows_of(f: Fact) -> list[str]:
        if f.citizenship_group in ("STLS", L.UNK):
            return [f.citizenship_group]
        return [f.citizenship, f.citizenship_group]

    columns = L.sex_age_columns()
    counts = crosstab(persons, rows, columns, rows_of, _sex_age)
    title = _("Registered victims by citizenship")
    notes = [
        _("Group rows (nationals, Western Balkans, EU, other) are subtotals of the countries.")
    ]
    return _table("T02", title, period, rows, columns, counts, left_out, notes=notes)


def _forms_rows(*, multiple: bool) -> list[Label]:
    language = _lang()
    rows = [Label(f.code, f.name.get(language)) for f in profile().exploitation_forms]
    if multiple:
        rows.append(L.label(L.MULTIPLE, _("Multiple forms")))
    rows.append(L.label(L.UNK, _("Form not recorded")))
    rows += [Label(c, str(text), subtotal=True) for c, text in L.EUROSTAT.items()]
    return [*rows, L.total_label()]


def eurostat_of() -> Callable[[Fact], list[str]]:
    """fn(person) → the Eurostat categories of their forms, in the profile's order of
    precedence (the first is the one an exclusive table counts)."""
    p = profile()
    of = {form.code: form.eurostat for form in p.exploitation_forms}
    order = p.statistics.eurostat_precedence if p.statistics else tuple(L.EUROSTAT)

    def categories(f: Fact) -> list[str]:
        found = {of.get(code, "ICCS02043_02044") for code in f.forms}
        return [c for c in order if c in found]

    return categories


def t03a(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    persons, left_out = registered(facts, period)
    rows = _forms_rows(multiple=True)
    eurostat_categories = eurostat_of()

    def rows_of(f: Fact) -> list[str]:
        if not f.forms:
            return [L.UNK]
        own = [next(iter(f.forms))] if len(f.forms) == 1 else [L.MULTIPLE]
        return own + eurostat_categories(f)[:1]

    counts = crosstab(persons, rows, L.sex_age_columns(), rows_of, _sex_age)
    title = _("Registered victims by form of exploitation (one form per person)")
    notes = [
        _(
            "A person exploited in several forms counts once, under 'Multiple forms'; the "
            "Eurostat rows apply the precedence rule: sexual, then labour, then other."
        )
    ]
    return _table("T03A", title, period, rows, L.sex_age_columns(), counts, left_out, notes=notes)


def t03b(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    persons, left_out = registered(facts, period)
    rows = _forms_rows(multiple=False)
    eurostat_categories = eurostat_of()

    def rows_of(f: Fact) -> list[str]:
        return [*f.forms, *eurostat_categories(f)] if f.forms else [L.UNK]

    counts = crosstab(persons, rows, L.sex_age_columns(), rows_of, _sex_age)
    title = _("Registered victims by form of exploitation (every form)")
    notes = [_("Multi-response: a person counts under each form; the rows do not add up.")]
    return _table(
        "T03B",
        title,
        period,
        rows,
        L.sex_age_columns(),
        counts,
        left_out,
        notes=notes,
        multi_response=True,
    )


def t04(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    persons, left_out = registered(facts, period)
    rows = L.labels(L.GEOGRAPHY, total=True)
    columns = [
        *L.labels(L.EUROSTAT),
        L.label(L.UNK, _("Form not recorded")),
        L.total_label(),
    ]
    eurostat_categories = eurostat_of()
    counts = crosstab(
        persons,
        rows,
        columns,
        lambda f: [f.geography],
        lambda f: eurostat_categories(f)[:1] or [L.UNK],
    )
    title = _("Internal and transnational trafficking")
    notes = [
        _(
            "nrm does not yet record where a national was exploited: a national found in "
            "the country counts as not known."
        )
    ]
    return _table("T04", title, period, rows, columns, counts, left_out, notes=notes)


def t05(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    persons, left_out = registered(facts, period)
    language = _lang()
    authorities = profile().status_authorities
    rows = (
        L.labels(L.BODIES)
        + [
            Label(a.code, _("Decided by: %(name)s") % {"name": a.name.get(language)}, True)
            for a in authorities
        ]
        + [L.total_label()]
    )
    columns = [
        L.label(f"{s}_{a}", f"{L.STATUSES[s]}, {str(L.AGE_GROUPS[a]).lower()}")
        for s in L.REGISTERED
        for a in L.AGE_GROUPS
    ] + [L.total_label()]

    def rows_of(f: Fact) -> list[str]:
        identified = f.identified
        return [f.first_body] + ([identified[1]] if identified else [])

    counts = crosstab(
        persons,
        rows,
        columns,
        rows_of,
        lambda f: [f"{f.status_at(period.end)}_{f.age_group}"],
    )
    title = _("Registered victims by identifying body")
    notes = [
        _(
            "First detecting body: the type of the institution that opened the person's "
            "first case. 'Decided by' rows: who formally identified the person."
        )
    ]
    return _table("T05", title, period, rows, columns, counts, left_out, notes=notes)


# --- T06: the monthly bulletin -----------------------------------------------------------

PENDING = (30, 60, 90)


def _month_rows(period: Period) -> tuple[list[Period], list[Label]]:
    """The months of the period and their rows, then TOTAL (T06, T15)."""
    months = months_of(period)
    return months, [Label(m.code, period_label(m)) for m in months] + [L.total_label()]


def t06(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    months, rows = _month_rows(period)
    columns = [
        L.label("SCREENED", _("Screened or referred")),
        L.label("PRESUMED", _("Presumed victims")),
        L.label("IDENTIFIED", _("Identified victims")),
        L.label("NOT_IDENTIFIED", _("Not identified")),
    ] + [
        L.label(f"PENDING_{d}", _("Pending more than %(days)s days") % {"days": d}) for d in PENDING
    ]
    counts = {(r.code, c.code): 0 for r in rows for c in columns}
    left_out: set[int] = set()
    for f in facts.persons:
        identified, not_identified = f.identified, f.not_identified
        days = {
            "SCREENED": f.first_case_on,
            "PRESUMED": f.registered_on,
            "IDENTIFIED": identified[0] if identified else None,
            "NOT_IDENTIFIED": not_identified[0] if not_identified else None,
        }
        found = []  # (row, column)
        for column, day in days.items():
            if day and period.start <= day <= period.end:
                found += [(f"{day:%Y-%m}", column), (TOTAL, column)]
        registered_on = f.registered_on
        if registered_on and registered_on <= period.end - timedelta(days=PENDING[0]):
            # pending at the end of a month (of the period, for TOTAL): only the month
            # ends more than 30 days after the registration are asked
            for since, until in f.presumed_spans:
                for row, span in [*((m.code, m) for m in months), (TOTAL, period)]:
                    waited = (span.end - registered_on).days
                    if since <= span.end and (until is None or span.end < until):
                        found += [(row, f"PENDING_{d}") for d in PENDING if waited > d]
        if found and f.withdrawn:
            left_out.add(f.uid)
            continue
        for cell in found:
            counts[cell] += 1
    title = _("Identification bulletin")
    notes = [
        _(
            "Persons by the day of each decision; pending: presumed victims still without "
            "a formal decision at the end of the month (for the total, of the period)."
        )
    ]
    return _table("T06", title, period, rows, columns, counts, len(left_out), notes=notes)


# --- T07–T09: assistance, reflection periods, residence permits --------------------------


def t07(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts, "services")
    language = _lang()
    needs = [Label(n.code, n.name.get(language)) for n in profile().service_needs]
    if facts_mod.SHELTER not in {n.code for n in needs}:
        needs.append(L.label(facts_mod.SHELTER, _("Shelter")))
    rows = [*needs, L.label(facts_mod.PLAN, _("Assistance plan approved")), L.total_label()]
    columns = [
        L.label("NEW", _("New in the period")),
        L.label("CONTINUING", _("Continuing")),
        L.total_label(),
    ]

    def during(f: Fact) -> list[tuple[str, object, object]]:
        return [
            s for s in f.services if s[1] <= period.end and (s[2] is None or s[2] >= period.start)
        ]

    persons, left_out = _split([f for f in facts.persons if during(f)])
    counts = crosstab(
        persons,
        rows,
        columns,
        lambda f: [s[0] for s in during(f)],
        lambda f: ["NEW" if min(s[1] for s in f.services) >= period.start else "CONTINUING"],
    )
    title = _("Victims assisted, by service")
    notes = [
        _("Multi-response: a person counts under each service received; the total is of persons.")
    ]
    return _table(
        "T07", title, period, rows, columns, counts, left_out, notes=notes, multi_response=True
    )


BANDS = ((30, "D_LE30"), (60, "D_31_60"), (90, "D_61_90"), (None, "D_GT90"))


def _band(days: int) -> str:
    return next(code for limit, code in BANDS if limit is None or days <= limit)


def t08(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts, "reflection")
    last_day = facts_mod.local_day(cutoff)
    rows = [
        L.label("STARTED", _("Reflection periods granted")),
        L.label("EXTENDED", _("Of which extended")),
        L.label("ENDED", _("Reflection periods ended")),
        L.label("REFUSED", _("Refused")),
    ]
    columns = [
        L.label("D_LE30", _("Up to 30 days")),
        L.label("D_31_60", _("31 to 60 days")),
        L.label("D_61_90", _("61 to 90 days")),
        L.label("D_GT90", _("More than 90 days")),
        L.total_label(),
    ]

    def rows_of(f: Fact) -> list[str]:
        found = []
        for start, end, extended in f.reflection:
            if period.start <= start <= period.end:
                found += ["STARTED"] + (["EXTENDED"] if extended else [])
            if period.start <= end <= period.end and end <= last_day:
                found.append("ENDED")
        return found

    persons, left_out = _split([f for f in facts.persons if rows_of(f)])
    counts = crosstab(
        persons,
        rows,
        columns,
        rows_of,
        lambda f: [_band((f.reflection[-1][1] - f.reflection[-1][0]).days + 1)],
    )
    for c in columns:
        counts["REFUSED", c.code] = None
    title = _("Reflection and recovery periods")
    notes = [_("Refusals are not recorded by nrm yet (not collected).")]
    return _table("T08", title, period, rows, columns, counts, left_out, notes=notes)


def t09(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts, "permits")
    rows = [
        L.label("REQUESTED", _("Residence permits requested")),
        L.label("GRANTED", _("Residence permits granted")),
        L.label("REFUSED", _("Residence permits refused")),
    ]
    columns = [*L.labels(L.AGE_GROUPS), L.total_label()]

    def rows_of(f: Fact) -> list[str]:
        found = []
        for requested, outcome, outcome_on in f.permits:
            if period.start <= requested <= period.end:
                found.append("REQUESTED")
            if outcome and period.start <= outcome_on <= period.end:
                found.append(outcome.upper())
        return found

    persons, left_out = _split([f for f in facts.persons if rows_of(f)])
    counts = crosstab(persons, rows, columns, rows_of, lambda f: [f.age_group])
    title = _("Residence permits")
    notes = [_("First permits and renewals are not told apart yet (not collected).")]
    return _table("T09", title, period, rows, columns, counts, left_out, notes=notes)


# --- T15 and TDL: the procedure's times and deadlines -------------------------------------


def _p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(0, -(-9 * len(ordered) // 10) - 1)]  # nearest rank


def t15(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts)
    _months, rows = _month_rows(period)
    columns = [
        L.label("DECIDED", _("Persons decided")),
        L.label("MEDIAN_DAYS", _("Median days to the decision")),
        L.label("P90_DAYS", _("90th percentile of days")),
        L.label("RETRAFFICKED", _("Re-trafficked persons")),
    ]
    waits: dict[str, list[int]] = {r.code: [] for r in rows}
    again: dict[str, int] = dict.fromkeys(waits, 0)
    left_out: set[int] = set()
    for f in facts.persons:
        decided = min(filter(None, (f.identified, f.not_identified)), default=None)
        registered_on = f.registered_on
        episodes = f.episodes if len(f.decisions) > 1 else []
        hit_decided = bool(decided and registered_on and period.start <= decided[0] <= period.end)
        hit_again = len(episodes) > 1 and period.start <= episodes[1] <= period.end
        if (hit_decided or hit_again) and f.withdrawn:
            left_out.add(f.uid)
            continue
        if hit_decided:
            for row in (f"{decided[0]:%Y-%m}", TOTAL):
                waits[row].append((decided[0] - registered_on).days)
        if hit_again:
            for row in (f"{episodes[1]:%Y-%m}", TOTAL):
                again[row] += 1
    counts: dict[tuple[str, str], int | None] = {}
    for r in rows:
        values = waits[r.code]
        counts[r.code, "DECIDED"] = len(values)
        counts[r.code, "MEDIAN_DAYS"] = round(median(values)) if values else None
        counts[r.code, "P90_DAYS"] = _p90(values) if values else None
        counts[r.code, "RETRAFFICKED"] = again[r.code]
    title = _("Days from registration to the formal decision")
    notes = [_("Days, not persons, in the median and percentile columns; empty: nobody decided.")]
    return _table(
        "T15", title, period, rows, columns, counts, len(left_out), notes=notes, unit="days"
    )


DEADLINE_OUTCOMES = ("MET_ON_TIME", "MET_LATE", "MISSED", "CANCELLED", "OPEN")


def tdl(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
    facts = _facts(cutoff, facts, "deadlines")
    p, language = profile(), _lang()
    due = [d for d in facts.deadlines if period.start <= d[2] <= period.end]
    rules = sorted({d[1] for d in due})

    def title_of(rule: str) -> str:
        try:
            return p.deadline_rule(rule).title.get(language)
        except KeyError:
            return rule

    rows = [Label(r, title_of(r)) for r in rules] + [L.total_label()]
    columns = [
        L.label("DUE", _("Due in the period")),
        L.label("MET_ON_TIME", _("Met on time")),
        L.label("MET_LATE", _("Met late")),
        L.label("MISSED", _("Missed")),
        L.label("CANCELLED", _("Cancelled")),
        L.label("OPEN", _("Still open")),
    ]
    counts = {(r.code, c.code): 0 for r in rows for c in columns}
    for _uid, rule, _day, outcome in due:
        for row in (rule, TOTAL):
            counts[row, "DUE"] += 1
            counts[row, outcome] += 1
    title = _("Deadlines met, by rule")
    return _table(
        "TDL",
        title,
        period,
        rows,
        columns,
        counts,
        len({uid for uid, day in facts.withdrawn_deadlines if period.start <= day <= period.end}),
        unit="deadlines",
    )


BUILDERS = {
    "T01": t01,
    "T02": t02,
    "T03A": t03a,
    "T03B": t03b,
    "T04": t04,
    "T05": t05,
    "T06": t06,
    "T07": t07,
    "T08": t08,
    "T09": t09,
    "T15": t15,
    "TDL": tdl,
}


def _stamped(builder):
    """The builder, its table stamped with the cut-off it was built as of."""

    def build(period: Period, cutoff: datetime, facts: Facts | None = None) -> Table:
        table = builder(period, cutoff, facts)
        table.cutoff = cutoff
        return table

    return build


def register_all() -> None:
    """Every code of the catalogue gets its builder (StatisticsConfig.ready)."""
    assert set(BUILDERS) == set(catalogue.CODES), "a catalogue code has no builder"
    for code in catalogue.CODES:
        catalogue.register(catalogue.TableSpec(code=code, build=_stamped(BUILDERS[code])))


def build_many(codes: Iterable[str], period: Period, cutoff: datetime) -> list[Table]:
    """Several tables on the same facts (a report): the facts are built once."""
    with no_cyclic_gc():
        facts = facts_as_of(cutoff)
        return [catalogue.get(code).build(period, cutoff, facts=facts) for code in codes]
