"""What differs between two profiles (`nrm profile diff A B`): a pure function of two loaded
profiles → a list of sections, each a title and its lines, for a reader comparing two
jurisdictions (or two versions of one). Names are shown in English, codes in brackets.
Nothing here reads files or prints.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from nrm.jurisdictions.schema import Profile, Text


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)


def _name(item) -> str:
    name = getattr(item, "name", None) or getattr(item, "title", None)
    return f"{name.en} [{item.code}]" if isinstance(name, Text) else f"[{item.code}]"


def _by_code(items: Iterable) -> dict:
    return {item.code: item for item in items}


def _value(a, b, label: str, out: list[str]) -> None:
    if a != b:
        out.append(f"{label}: {_show(a)} → {_show(b)}")


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, Text):
        return value.en
    return str(value)


def _named(
    a_items: Iterable,
    b_items: Iterable,
    out: list[str],
    detail: Callable[[object, object, list[str]], None] | None = None,
) -> None:
    """Items only in A (−), only in B (+), and, for those in both, what `detail` finds."""
    a, b = _by_code(a_items), _by_code(b_items)
    for code, item in a.items():
        if code not in b:
            out.append(f"− {_name(item)}")
    for code, item in b.items():
        if code not in a:
            out.append(f"+ {_name(item)}")
    if detail is not None:
        for code, item in a.items():
            if code in b:
                found: list[str] = []
                detail(item, b[code], found)
                out.extend(f"{_name(item)}: {line}" for line in found)


def _codes(a: Iterable[str], b: Iterable[str], label: str, out: list[str]) -> None:
    a, b = set(a), set(b)
    if a - b:
        out.append(f"{label} only in A: {', '.join(sorted(a - b))}")
    if b - a:
        out.append(f"{label} only in B: {', '.join(sorted(b - a))}")


def _moves(a: dict, b: dict, label: str, out: list[str]) -> None:
    pairs_a = {(s, t) for s, ts in a.items() for t in ts}
    pairs_b = {(s, t) for s, ts in b.items() for t in ts}
    _codes((f"{s}→{t}" for s, t in pairs_a), (f"{s}→{t}" for s, t in pairs_b), label, out)


def _general(a: Profile, b: Profile) -> Section:
    out: list[str] = []
    _value(a.title, b.title, "title", out)
    _value(a.legal_basis, b.legal_basis, "legal basis", out)
    _value(str(a.valid_from), str(b.valid_from), "valid from", out)
    _value(a.languages, b.languages, "languages", out)
    _value(a.default_language, b.default_language, "default language", out)
    _value(a.official_languages, b.official_languages, "official languages", out)
    _value(a.calendar.holidays_country, b.calendar.holidays_country, "holidays of", out)
    _value(a.calendar.time_zone, b.calendar.time_zone, "time zone", out)
    _value(a.calendar.working_days, b.calendar.working_days, "working days", out)
    _value(a.reference_prefix, b.reference_prefix, "reference prefix", out)
    _value(a.home_country, b.home_country, "home country", out)
    _value(a.age_of_majority, b.age_of_majority, "age of majority", out)
    _value(
        a.potential_victim_threshold,
        b.potential_victim_threshold,
        "indicators that make a potential victim",
        out,
    )
    return Section("Languages, calendar, reference", out)


def _roles(a: Profile, b: Profile) -> Section:
    out: list[str] = []

    def detail(x, y, found):
        _codes(x.capabilities, y.capabilities, "capabilities", found)

    _named(a.roles, b.roles, out, detail)
    return Section("Roles and their capabilities", out)


def _institution_types(a: Profile, b: Profile) -> Section:
    out: list[str] = []

    def detail(x, y, found):
        _value(x.national, y.national, "national", found)

    _named(a.institution_types, b.institution_types, out, detail)
    return Section("Institution types", out)


def _procedures(a: Profile, b: Profile) -> Section:
    out: list[str] = []

    def detail(x, y, found):
        _codes(_by_code(x.states), _by_code(y.states), "states", found)
        _value(x.initial, y.initial, "initial state", found)
        _moves(x.transitions, y.transitions, "transitions", found)
        _codes(x.excludes, y.excludes, "excludes", found)

    _named(a.procedures, b.procedures, out, detail)
    return Section("Procedures, their states and transitions", out)


def _statuses(a: Profile, b: Profile) -> Section:
    out: list[str] = []
    _named(a.identification_statuses, b.identification_statuses, out)
    _value(a.initial_status, b.initial_status, "initial status", out)
    _moves(a.status_transitions, b.status_transitions, "allowed moves", out)
    return Section("Identification statuses and allowed moves", out)


def _authorities(a: Profile, b: Profile) -> Section:
    out: list[str] = []

    def detail(x, y, found):
        _value(x.path, y.path, "decided through", found)
        _moves(x.moves, y.moves, "moves", found)
        _codes(
            (r for rec in x.recorded_by for r in (*rec.roles, *rec.institution_types)),
            (r for rec in y.recorded_by for r in (*rec.roles, *rec.institution_types)),
            "recorded by",
            found,
        )

    _named(a.status_authorities, b.status_authorities, out, detail)
    return Section("Status authorities", out)


def _catalogues(a: Profile, b: Profile) -> Section:
    out: list[str] = []
    a_cats, b_cats = _by_code(a.indicator_catalogues), _by_code(b.indicator_catalogues)
    for code in sorted(set(a_cats) | set(b_cats)):
        x, y = a_cats.get(code), b_cats.get(code)
        if y is None:
            out.append(f"− {x.title.en} [{code}] ({len(x.indicators())} indicators)")
        elif x is None:
            out.append(f"+ {y.title.en} [{code}] ({len(y.indicators())} indicators)")
    a_ind = {c: i for cat in a.indicator_catalogues for c, i in cat.indicators().items()}
    b_ind = {c: i for cat in b.indicator_catalogues for c, i in cat.indicators().items()}
    _value(len(a_ind), len(b_ind), "indicators", out)
    _codes(a_ind, b_ind, "indicator codes", out)
    return Section("Indicator catalogues", out)


def _deadlines(a: Profile, b: Profile) -> Section:
    out: list[str] = []
    x = a.deadlines.rules if a.deadlines else ()
    y = b.deadlines.rules if b.deadlines else ()

    def detail(r, s, found):
        _value(_offset(r.offset), _offset(s.offset), "offset", found)
        _value(r.kind, s.kind, "kind", found)
        _value(r.applies_to, s.applies_to, "applies to", found)

    _named(x, y, out, detail)
    return Section("Deadline rules", out)


def _offset(offset) -> str:
    return (
        offset.kind
        if offset.kind in ("immediate", "end_of_day", "given")
        else (f"{offset.amount} {offset.kind.replace('_', ' ')}")
    )


def _forms(a: Profile, b: Profile) -> Section:
    out: list[str] = []

    def detail(x, y, found):
        _value(x.htcds, y.htcds, "HTCDS", found)

    _named(a.exploitation_forms, b.exploitation_forms, out, detail)
    return Section("Forms of exploitation", out)


def _consent_retention(a: Profile, b: Profile) -> Section:
    out: list[str] = []
    ca, cb = a.consent, b.consent
    if (ca is None) != (cb is None):
        out.append(
            f"consent block: {'present' if ca else 'absent'} → {'present' if cb else 'absent'}"
        )
    elif ca is not None:

        def purpose(x, y, found):
            _value(x.default, y.default, "default", found)
            _value(x.per, y.per, "per", found)

        _named(ca.purposes, cb.purposes, out, purpose)
        _named(ca.givers, cb.givers, out)
        _named(ca.forms, cb.forms, out)
    ra, rb = a.retention, b.retention
    if (ra is None) != (rb is None):
        out.append(f"retention block: {_presence(ra)} → {_presence(rb)}")
    elif ra is not None:
        for name in ("closed_case", "audit_trail", "notifications"):
            _value(_period(getattr(ra, name)), _period(getattr(rb, name)), f"keep {name}", out)
        for status in sorted(set(ra.by_status) | set(rb.by_status)):
            _value(
                _period(ra.by_status.get(status)),
                _period(rb.by_status.get(status)),
                f"keep a case of status [{status}]",
                out,
            )
    return Section("Consent and retention", out)


def _presence(block) -> str:
    return "absent" if block is None else "present"


def _period(period) -> str | None:
    if period is None:
        return None
    return f"{period.years} years {period.months} months"


def _meetings(a: Profile, b: Profile) -> Section:
    out: list[str] = []

    def detail(x, y, found):
        _value(
            f"{x.quorum.kind} {x.quorum.amount}",
            f"{y.quorum.kind} {y.quorum.amount}",
            "quorum",
            found,
        )
        _value(x.decides_by, y.decides_by, "decides by", found)

    _named(a.meeting_bodies, b.meeting_bodies, out, detail)
    return Section("Meeting bodies", out)


def _quorum(quorum) -> str:
    return f"{quorum.kind} {quorum.amount}" if quorum.amount else quorum.kind


def _reports(a: Profile, b: Profile) -> Section:
    out: list[str] = []
    x = a.statistics.reports if a.statistics else ()
    y = b.statistics.reports if b.statistics else ()

    def detail(r, s, found):
        _codes(r.tables, s.tables, "tables", found)

    _named(x, y, out, detail)
    return Section("Statistics reports", out)


def _simple(title: str, attribute: str) -> Callable[[Profile, Profile], Section]:
    def section(a: Profile, b: Profile) -> Section:
        out: list[str] = []
        _named(getattr(a, attribute), getattr(b, attribute), out)
        return Section(title, out)

    return section


SECTIONS: tuple[Callable[[Profile, Profile], Section], ...] = (
    _general,
    _simple("Counties", "counties"),
    _institution_types,
    _roles,
    _simple("Stages", "stages"),
    _procedures,
    _statuses,
    _authorities,
    _catalogues,
    _deadlines,
    _forms,
    _consent_retention,
    _meetings,
    _reports,
)


def profile_diff(a: Profile, b: Profile) -> list[Section]:
    """Every section of the comparison, in a fixed order; a section with no lines means the
    two profiles agree on it."""
    return [section(a, b) for section in SECTIONS]
