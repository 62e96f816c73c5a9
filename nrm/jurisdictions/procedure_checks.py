"""nrm.E072: the procedures of a case — unique codes, known states and stages, transitions
between known states, a final state that moves nowhere, `excludes` naming known procedures
(both ways), and one procedure opening with the case in a state of the `initial_stage`."""

from nrm.jurisdictions.schema import Profile


def check_procedures(profile: Profile, add) -> None:
    stages = {s.code for s in profile.stages}
    codes = [p.code for p in profile.procedures]
    closing = profile.case_closure.stage if profile.case_closure else None
    seen: set[str] = set()
    for i, procedure in enumerate(profile.procedures):
        where = ("procedures", i)

        def problem(message: str, *at, _where=where, _code=procedure.code) -> None:
            add("nrm.E072", f"procedures.{_code}: {message}", (*_where, *at))

        if procedure.code in seen:
            problem("duplicate code")
        seen.add(procedure.code)
        states = {s.code for s in procedure.states}
        if len(states) != len(procedure.states):
            problem("duplicate state")
        if procedure.initial not in states:
            problem(f"unknown initial state {procedure.initial!r}")
        for j, state in enumerate(procedure.states):
            at = ("states", j)
            if state.stage is not None and state.stage not in stages:
                problem(f"state {state.code!r}: unknown stage {state.stage!r}", *at)
            if state.stage is not None and state.stage == closing:
                problem(f"state {state.code!r}: the closing stage comes only from closing", *at)
            if state.final and procedure.transitions.get(state.code):
                problem(f"final state {state.code!r} moves nowhere", *at)
        for source, targets in procedure.transitions.items():
            for value in (source, *targets):
                if value not in states:
                    problem(f"transitions: unknown state {value!r}", "transitions", source)
        for other in procedure.excludes:
            if other not in codes or other == procedure.code:
                problem(f"excludes: unknown procedure {other!r}")
            elif procedure.code not in profile.procedure(other).excludes:
                problem(f"excludes {other!r}, which does not exclude it back")
    opening = [p for p in profile.procedures if p.opens_with_case]
    if len(opening) != 1:
        add("nrm.E072", "exactly one procedure opens with the case (opens_with_case)", ())
    elif opening[0].state(opening[0].initial).stage != profile.initial_stage:
        add("nrm.E072", "the procedure opening with the case starts in the initial stage", ())
