"""Writes to the audit trail. Called by other services inside their transaction."""

from typing import Any

from nrm.audit.models import AccessLog, AuditEvent
from nrm.core import clock


def event_record(
    *,
    actor,
    code: str,
    case_id: int | None = None,
    target: Any = None,
    data: dict | None = None,
) -> AuditEvent:
    """`actor` is an accounts.policy.Actor. `data` must carry no personal data."""
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=actor.user,
        institution=actor.institution,
        code=code,
        case_id=case_id,
        target_type=type(target).__name__ if target is not None else "",
        target_id=str(getattr(target, "pk", "") or ""),
        data=data or {},
    )


def access_record(*, actor, case_id: int, action: str) -> AccessLog:
    return AccessLog.objects.create(
        at=clock.now(),
        user=actor.user,
        institution=actor.institution,
        case_id=case_id,
        action=action,
    )
