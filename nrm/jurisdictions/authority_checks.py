"""Meaning checks of who decides the identification status and who closes a case.

nrm.E070: `status_authorities` — unique kinds, known statuses, moves the profile's
`status_transitions` allow (a correction aside), known roles and institution types, and a
decision kind names who records it.
nrm.E071: `case_closure` and `stage_corrections` — a known closing stage (the retention's
closing stage when both are given), unique reasons, known roles and institution types.
"""

from nrm.jurisdictions.references import report_recorders
from nrm.jurisdictions.schema import Profile


def _check_recorders(profile: Profile, recorders, code: str, where: tuple, add) -> None:
    report_recorders(add, code, profile, recorders, ".".join(map(str, where)), where)


def check_status_authorities(profile: Profile, add) -> None:
    statuses = {s.code for s in profile.identification_statuses}
    seen: set[str] = set()
    for i, kind in enumerate(profile.status_authorities):
        where = ("status_authorities", i)
        if kind.code in seen:
            add("nrm.E070", f"status_authorities: duplicate code {kind.code!r}", where)
        seen.add(kind.code)
        if kind.correction and kind.moves:
            add("nrm.E070", f"{kind.code}: a correction names no moves (any status)", where)
        if not kind.correction and not kind.moves:
            add("nrm.E070", f"{kind.code}: no moves", where)
        for source, targets in kind.moves.items():
            for value in (source, *targets):
                if value not in statuses:
                    add("nrm.E070", f"{kind.code}: unknown status {value!r}", where)
            allowed = profile.status_transitions.get(source, ())
            for target in targets:
                if target in statuses and target not in allowed:
                    add(
                        "nrm.E070",
                        f"{kind.code}: {source!r} → {target!r} is not in status_transitions",
                        where,
                    )
        if kind.path == "decision" and not kind.recorded_by:
            add("nrm.E070", f"{kind.code}: a decision names who records it (recorded_by)", where)
        if kind.path == "screening" and (kind.recorded_by or kind.correction):
            add("nrm.E070", f"{kind.code}: the screening's path is its service's alone", where)
        _check_recorders(profile, kind.recorded_by, "nrm.E070", where, add)


def check_case_closure(profile: Profile, add) -> None:
    stages = {s.code for s in profile.stages}
    closure = profile.case_closure
    if closure is not None:
        where = ("case_closure",)
        if closure.stage not in stages:
            add("nrm.E071", f"case_closure: unknown stage {closure.stage!r}", where)
        retention = profile.retention
        if (
            retention is not None
            and retention.closing_stage in stages
            and retention.closing_stage != closure.stage
        ):
            add("nrm.E071", "case_closure.stage differs from retention.closing_stage", where)
        seen: set[str] = set()
        for reason in closure.reasons:
            if reason.code in seen:
                add("nrm.E071", f"case_closure: duplicate reason {reason.code!r}", where)
            seen.add(reason.code)
        _check_recorders(profile, closure.also_by, "nrm.E071", where, add)
    if profile.stage_corrections is not None:
        _check_recorders(
            profile, profile.stage_corrections.recorded_by, "nrm.E071", ("stage_corrections",), add
        )
