"""The audit trail of one case, for an inspector: every change event and every read, with
each row's hash and `prev_hash` and the check of those links (`verify.rows_verify`).

Only holders of `audit.read` export; like the access log, a case the caller cannot see is
NotFound (404) and a visible case without `audit.read` is Forbidden (403). The export is
itself a read of the case (access log, action `audit.trail_export`) and an audit event
(`audit.trail_exported`), written after the rows are collected: the file shows the trail as
it stood when asked for.
"""

import io
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nrm.accounts.capabilities import Capability
from nrm.audit import chain
from nrm.audit.labels import label
from nrm.audit.models import AccessLog, AuditEvent
from nrm.audit.services import access_log_seal, event_record
from nrm.audit.verify import Result, rows_verify
from nrm.core import clock, csvsafe
from nrm.core.errors import Forbidden
from nrm.oversight.audit_codes import OversightCode
from nrm.registry.selectors import case_get
from nrm.registry.services import case_open

EXPORT_ACTION = OversightCode.TRAIL_EXPORT
COLUMNS = ("chain", "id", "at", "user", "institution", "code", "data", "prev_hash", "hash")


@dataclass(frozen=True)
class TrailRow:
    chain: str
    id: int
    at: datetime
    user: str
    institution: str | None
    code: str
    data: dict
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Trail:
    case_id: int
    reference: str
    exported_at: datetime
    rows: list[TrailRow]
    verification: list[Result]

    @property
    def intact(self) -> bool:
        return all(r.broken is None for r in self.verification)


def _rows(case_id: int) -> tuple[list[TrailRow], list[Result]]:
    events = list(
        AuditEvent.objects.filter(case_id=case_id)
        .select_related("actor", "institution")
        .order_by("id")
    )
    reads = list(
        AccessLog.objects.filter(case_id=case_id)
        .select_related("user", "institution")
        .order_by("id")
    )
    rows = [
        TrailRow(
            chain.EVENT,
            e.pk,
            e.at,
            e.actor.username,
            e.institution.code if e.institution else None,
            e.code,
            # Audit data carries codes and counts, never personal data (nrm.audit.models).
            e.data,
            e.prev_hash,
            e.hash,
        )
        for e in events
    ] + [
        TrailRow(
            chain.ACCESS,
            a.pk,
            a.at,
            a.user.username,
            a.institution.code if a.institution else None,
            a.action,
            {},
            a.prev_hash,
            a.hash,
        )
        for a in reads
    ]
    rows.sort(key=lambda r: (r.at, r.chain, r.id))
    verification = [rows_verify(chain.ACCESS, reads), rows_verify(chain.EVENT, events)]
    return rows, verification


@transaction.atomic
def audit_trail_export(*, actor, case_id: int, format: str) -> Trail:
    """`format` (csv, json) is recorded in the audit event."""
    case = case_get(actor=actor, id=case_id)  # NotFound for a case the caller cannot see
    if not actor.can(Capability.AUDIT_READ):
        raise Forbidden()
    access_log_seal()  # the reads the worker has not linked yet, so the file shows them linked
    rows, verification = _rows(case.pk)
    trail = Trail(case.pk, case.reference, clock.now(), rows, verification)
    case_open(actor=actor, case_id=case.pk, action=EXPORT_ACTION)
    event_record(
        actor=actor,
        code=OversightCode.TRAIL_EXPORTED,
        case_id=case.pk,
        target=case,
        data={
            "format": format,
            "events": sum(1 for r in rows if r.chain == chain.EVENT),
            "accesses": sum(1 for r in rows if r.chain == chain.ACCESS),
            "intact": trail.intact,
        },
    )
    return trail


def verification_out(result: Result) -> dict:
    return {
        "chain": result.chain,
        "rows": result.rows,
        "intact": result.broken is None,
        "broken": str(result.broken) if result.broken else None,
    }


def trail_dict(trail: Trail) -> dict:
    return {
        "case": trail.case_id,
        "reference": trail.reference,
        "exported_at": trail.exported_at,
        "intact": trail.intact,
        "verification": [verification_out(r) for r in trail.verification],
        "rows": [
            {
                "chain": r.chain,
                "id": r.id,
                "at": r.at,
                "user": r.user,
                "institution": r.institution,
                "code": r.code,
                "data": r.data,
                "prev_hash": r.prev_hash,
                "hash": r.hash,
            }
            for r in trail.rows
        ],
    }


# The page's CSV for an inspector reading it in a spreadsheet: the same rows and hashes as
# `nrm audit export`, with headers, chains and actions in the reader's language and times in
# local time (docs/home.md). The command keeps the machine format above.
HUMAN_COLUMNS = (
    _("Chain"),
    _("Number"),
    _("When"),
    _("User"),
    _("Institution"),
    _("Action"),
    _("Data"),
    _("Previous hash"),
    _("Hash"),
)
CHAIN_NAMES = {"access": _("reads"), "event": _("changes")}


def trail_rows_human(trail: Trail) -> list[tuple]:
    rows: list[tuple] = [
        (
            str(CHAIN_NAMES.get(r.chain, r.chain)),
            r.id,
            csvsafe.local_datetime(r.at, seconds=True),
            r.user,
            r.institution or "",
            label(r.code),
            json.dumps(r.data, sort_keys=True, ensure_ascii=False),
            r.prev_hash,
            r.hash,
        )
        for r in trail.rows
    ]
    rows.append(())
    rows.append((str(_("Verification")), str(_("Chain")), str(_("Rows")), str(_("Result"))))
    for result in trail.verification:
        rows.append(
            (
                str(_("Verification")),
                str(CHAIN_NAMES.get(result.chain, result.chain)),
                result.rows,
                str(_("intact")) if result.broken is None else str(result.broken),
            )
        )
    return rows


def trail_csv(trail: Trail) -> str:
    """The rows, then a blank line and one `verification` line per chain."""
    out = io.StringIO()
    writer = csvsafe.Writer(out)
    writer.writerow(COLUMNS)
    for r in trail.rows:
        writer.writerow(
            (
                r.chain,
                r.id,
                r.at.isoformat(),
                r.user,
                r.institution or "",
                r.code,
                json.dumps(r.data, sort_keys=True, ensure_ascii=False),
                r.prev_hash,
                r.hash,
            )
        )
    writer.writerow(())
    writer.writerow(("verification", "chain", "rows", "result"))
    for result in trail.verification:
        writer.writerow(("verification", result.chain, result.rows, str(result.broken or "intact")))
    return out.getvalue()
