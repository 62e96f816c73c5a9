"""Writes to the audit trail. Called by other services inside their transaction.

Every row is linked into its hash chain (`nrm.audit.chain`). Writers lock both chain heads
(always in the same order, so two services never deadlock) until their transaction ends:
on PostgreSQL `select_for_update`, on SQLite the write transaction itself serialises.
"""

from typing import Any

from django.db import transaction

from nrm.audit import chain
from nrm.audit.models import AccessLog, AuditEvent, ChainHead
from nrm.core import clock


def _heads() -> dict[str, ChainHead]:
    heads = {
        h.name: h
        for h in ChainHead.objects.select_for_update()
        .filter(name__in=chain.CHAINS)
        .order_by("name")
    }
    missing = [name for name in chain.CHAINS if name not in heads]
    if missing:  # a fresh database: the migration creates them, this covers flushed tests
        for name in missing:
            ChainHead.objects.get_or_create(name=name)
        return _heads()
    return heads


def _link(name: str, row: AccessLog | AuditEvent) -> AccessLog | AuditEvent:
    with transaction.atomic():
        head = _heads()[name]
        row.prev_hash = head.last_hash
        row.hash = chain.link_hash(name, row, head.last_hash)
        row.save(force_insert=True)
        ChainHead.objects.filter(name=name).update(last_id=row.pk, last_hash=row.hash)
    return row


def event_record(
    *,
    actor,
    code: str,
    case_id: int | None = None,
    target: Any = None,
    data: dict | None = None,
) -> AuditEvent:
    """`actor` is an accounts.policy.Actor. `data` must carry no personal data."""
    row = AuditEvent(
        at=clock.now(),
        actor=actor.user,
        institution=actor.institution,
        code=code,
        case_id=case_id,
        target_type=type(target).__name__ if target is not None else "",
        target_id=str(getattr(target, "pk", "") or ""),
        data=data or {},
    )
    return _link(chain.EVENT, row)


def access_record(*, actor, case_id: int, action: str) -> AccessLog:
    """Records a read of a case, then asks the unusual-reading watch (`nrm.audit.watch`)
    whether this read crosses the profile's line; it alerts the AP in the same transaction."""
    from nrm.audit.watch import reading_watch

    row = AccessLog(
        at=clock.now(),
        user=actor.user,
        institution=actor.institution,
        case_id=case_id,
        action=action,
    )
    _link(chain.ACCESS, row)
    reading_watch(actor=actor, at=row.at)
    return row
