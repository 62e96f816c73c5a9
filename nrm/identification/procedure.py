"""The case's identification procedure, through the registry's procedure API
(`procedure_open_of`, `procedure_open`, `procedure_move`) and its status decisions
(`case_status_decide`). No service of its own: each call runs in the caller's transaction,
with the case's current version (the caller holds the row locked)."""

from nrm.identification.rules import PROCEDURE
from nrm.registry import selectors as registry_selectors
from nrm.registry import services as registry
from nrm.registry.models import Case


def version_of(case_id: int) -> int:
    return Case.objects.values_list("version", flat=True).get(pk=case_id)


def state_of(case: Case) -> str | None:
    """The state of the case's running identification procedure; None when none runs."""
    procedure = registry_selectors.procedure_open_of(case, PROCEDURE)
    return procedure.state if procedure is not None else None


def move(*, actor, case_id: int, to: str, reason: str, reference: str = "") -> None:
    """Moves the identification procedure (starting it in `to` when none runs)."""
    case = Case.objects.get(pk=case_id)
    if registry_selectors.procedure_open_of(case, PROCEDURE) is None:
        registry.procedure_open(
            actor=actor,
            case_id=case_id,
            code=PROCEDURE,
            reason=reason,
            reference=reference,
            state=to,
            expected_version=case.version,
        )
        return
    registry.procedure_move(
        actor=actor,
        case_id=case_id,
        code=PROCEDURE,
        to=to,
        reason=reason,
        reference=reference,
        expected_version=case.version,
    )


def status_decide(*, actor, case_id: int, to: str, kind: str, reference: str, reason: str):
    return registry.case_status_decide(
        actor=actor,
        case_id=case_id,
        to=to,
        decision=registry.DecisionRef(kind=kind, reference=reference, reason=reason),
        expected_version=version_of(case_id),
    )
