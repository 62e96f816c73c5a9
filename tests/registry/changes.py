"""How tests arrange stage and status changes since only the profile's authorities decide a
status (docs/decisions/0008-status-authority.md): the same calls as before, each through
the service the law now requires.

- `case_status_change`: out of the initial status (none → potential victim) through the
  initial screening's own path, as the acting worker; any other move as a decision of the
  Responsible Authority recorded by the AP secretariat (`ap_decision`: the same moves as the
  group's B3, which only the case's group records).
- `case_stage_change`: into the closing stage by `case_close` (reason "other", the reason as
  the note); any other stage through the procedure that shows it (docs/procedures.md): the
  procedure is moved there if it runs, else started in that state.
Both send the case's current version unless the test gives one.
"""

from nrm.accounts.models import User
from nrm.accounts.policy import actor_for
from nrm.core.errors import IllegalTransition
from nrm.registry import services
from nrm.registry.models import Case

AP_SECRETARIAT = "ap.secretariat"


def _version(case_id: int, given: int | None) -> int:
    if given is not None:
        return given
    return Case.objects.values_list("version", flat=True).get(pk=case_id)


def case_status_change(
    *, actor, case_id, to, reason, decision_reference="", expected_version=None, kind=None
):
    case = Case.objects.filter(pk=case_id).first()
    screened = case is not None and case.identification_status == "none"
    if kind is None and screened and to == "potential_victim":
        return services.case_status_screened(
            actor=actor,
            case_id=case_id,
            to=to,
            reason=reason,
            decision_reference=decision_reference,
            expected_version=_version(case_id, expected_version),
        )
    ap = actor_for(User.objects.get(username=AP_SECRETARIAT))
    return services.case_status_decide(
        actor=ap,
        case_id=case_id,
        to=to,
        decision=services.DecisionRef(
            kind=kind or "ap_decision",
            reference=decision_reference or "B3-test",
            reason=reason,
        ),
        expected_version=_version(case_id, expected_version),
    )


def case_stage_change(*, actor, case_id, to, reason, decision_reference="", expected_version=None):
    if to == "closed":
        return services.case_close(
            actor=actor,
            case_id=case_id,
            reason_code="other",
            note=reason,
            expected_version=_version(case_id, expected_version),
        )
    case = Case.objects.get(pk=case_id)
    profile = services.profile_of(case)
    running = {p.code: p.state for p in case.procedures.filter(closed_at__isnull=True)}
    found = next(
        (
            (p.code, s.code)
            for p in profile.procedures
            for s in p.states
            if s.stage == to
            and not s.final
            and (p.code not in running or p.allows(running[p.code], s.code))
        ),
        None,
    )
    if found is None:
        raise IllegalTransition(f"no procedure takes the case to {to}")
    code, state = found
    version = _version(case_id, expected_version)
    if code in running:
        return services.procedure_move(
            actor=actor,
            case_id=case_id,
            code=code,
            to=state,
            reason=reason,
            reference=decision_reference,
            expected_version=version,
        ).case
    return services.procedure_open(
        actor=actor,
        case_id=case_id,
        code=code,
        state=state,
        reason=reason,
        reference=decision_reference,
        expected_version=version,
    ).case
