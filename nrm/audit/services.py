"""Writes to the audit trail. Called by other services inside their transaction.

A change event is linked into its hash chain (`nrm.audit.chain`) as it is written: the
writer locks the event chain's head until its transaction ends (on PostgreSQL
`select_for_update`, on SQLite the write transaction itself serialises). Change events are
few. Reads of a case are many — every page and API read writes one — so a read is one
INSERT, unlinked and unlocked, and `access_log_seal` (the worker, each cycle, and whatever
reads the chain: `nrm audit verify`, `anchor`, the trail export) links the waiting reads in
batches under the access chain's head. docs/decisions/0009-read-log-sealing.md.
"""

from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from nrm.audit import chain
from nrm.audit.codes import AuditCode, require
from nrm.audit.models import AccessLog, AuditEvent, ChainHead
from nrm.core import clock

SEAL_BATCH = 5000


def _head(name: str) -> ChainHead:
    """One chain's head, locked until the transaction ends."""
    head = ChainHead.objects.select_for_update().filter(name=name).first()
    if head is None:  # a fresh database: the migration creates them, this covers flushed tests
        ChainHead.objects.get_or_create(name=name)
        return _head(name)
    return head


def _link(name: str, row: AuditEvent) -> AuditEvent:
    with transaction.atomic():
        head = _head(name)
        row.prev_hash = head.last_hash
        row.hash = chain.link_hash(name, row, head.last_hash)
        row.save(force_insert=True)
        ChainHead.objects.filter(name=name).update(last_id=row.pk, last_hash=row.hash)
    return row


def event_record(
    *,
    actor,
    code: AuditCode,
    case_id: int | None = None,
    target: Any = None,
    data: dict | None = None,
) -> AuditEvent:
    """`actor` is an accounts.policy.Actor; `code` a member of an app's AuditCode enum
    (TypeError otherwise). `data` must carry no personal data."""
    code = require(code)
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


def access_record(*, actor, case_id: int, action: AuditCode) -> AccessLog:
    """Records a read of a case: one INSERT. The row joins the hash chain when the worker
    seals it (`access_log_seal`), and the unusual-reading watch (`nrm.oversight.watch`) judges
    it then — neither on the reader's time. `action` is an AuditCode member (TypeError
    otherwise)."""
    action = require(action)
    return AccessLog.objects.create(
        at=clock.now(),
        user=actor.user,
        institution=actor.institution,
        case_id=case_id,
        action=action,
    )


def _write_links(rows: list[AccessLog]) -> None:
    if connection.vendor == "postgresql":
        # One statement for the batch (bulk_update's CASE per row was most of the time).
        table = AccessLog._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash "  # noqa: S608  (the model's table)
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) "
                "AS v(id, seq, prev_hash, hash) WHERE a.id = v.id",
                [
                    [r.pk for r in rows],
                    [r.seq for r in rows],
                    [r.prev_hash for r in rows],
                    [r.hash for r in rows],
                ],
            )
    else:
        AccessLog.objects.bulk_update(rows, ["seq", "prev_hash", "hash"], batch_size=500)


def access_log_seal(*, batch: int = SEAL_BATCH) -> int:
    """Links every committed, unsealed read into the access chain, oldest id first, in
    batches of `batch`; returns how many. Only this locks the access chain's head, so reads
    never wait for each other. Maintenance of the chain, not a change to any case: it
    writes no audit event (it would add one to the event chain every cycle)."""
    sealed = 0
    while True:
        with transaction.atomic():
            head = _head(chain.ACCESS)
            rows = list(
                AccessLog.objects.filter(seq__isnull=True)
                .only("id", "at", "user_id", "institution_id", "case_id", "action")
                .order_by("id")[:batch]
            )
            if not rows:
                break
            last_seq = AccessLog.objects.aggregate(last=Max("seq"))["last"] or 0
            prev_hash = head.last_hash
            for i, row in enumerate(rows, start=1):
                row.seq = last_seq + i
                row.prev_hash = prev_hash
                row.hash = prev_hash = chain.link_hash(chain.ACCESS, row, prev_hash)
            _write_links(rows)
            ChainHead.objects.filter(name=chain.ACCESS).update(
                last_id=rows[-1].pk, last_hash=prev_hash
            )
        sealed += len(rows)
        if len(rows) < batch:
            break
    return sealed
