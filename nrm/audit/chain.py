"""The hash chain of the audit trail: canonical form and hash of one row (pure).

A row's hash is SHA-256 over a canonical JSON document of its fields and the hash of the
row before it, so editing, deleting or inserting a row breaks every later link.
"""

import hashlib
import json
from datetime import UTC, datetime

EVENT = "event"
ACCESS = "access"
CHAINS = (ACCESS, EVENT)  # the lock order: always both heads, in this order


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _int(value) -> int | None:
    return None if value is None else int(value)


def event_fields(row) -> dict:
    return {
        "at": _moment(row.at),
        "actor": _int(row.actor_id),
        "institution": _int(row.institution_id),
        "code": str(row.code),
        "case": _int(row.case_id),
        "target_type": str(row.target_type),
        "target_id": str(row.target_id),
        # As the database gives it back: tuples become lists, keys become strings.
        "data": json.loads(json.dumps(row.data)),
    }


def access_fields(row) -> dict:
    return {
        "at": _moment(row.at),
        "user": _int(row.user_id),
        "institution": _int(row.institution_id),
        "case": _int(row.case_id),
        "action": str(row.action),
    }


FIELDS = {EVENT: event_fields, ACCESS: access_fields}


def link_hash(chain: str, row, prev_hash: str) -> str:
    document = {"chain": chain, "prev": prev_hash, "row": FIELDS[chain](row)}
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
