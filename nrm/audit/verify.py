"""Checks the hash chains of the audit trail (read-only): the first broken link of each.

A chain is walked in its own order: the change events by id (linked as written), the reads
by `seq` (linked when sealed, `nrm.audit.services.access_log_seal`). Reads not sealed yet
are not part of the chain; callers seal first (`nrm audit verify` does)."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from nrm.audit import chain
from nrm.audit.models import AccessLog, AuditEvent, ChainHead

MODELS = {chain.ACCESS: AccessLog, chain.EVENT: AuditEvent}
ORDER = {chain.ACCESS: "seq", chain.EVENT: "id"}  # each chain's order of links


def _linked(name: str):
    """The rows of one chain that are linked into it, in its order."""
    order = ORDER[name]
    return MODELS[name].objects.filter(**{f"{order}__isnull": False}).order_by(order)


@dataclass(frozen=True)
class Break:
    chain: str
    row_id: int | None  # None: the end of the chain (rows missing after the last one)
    problem: str

    def __str__(self) -> str:
        where = f"{self.chain} #{self.row_id}" if self.row_id is not None else f"{self.chain} end"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class Result:
    chain: str
    rows: int
    broken: Break | None


def chain_verify(name: str, *, batch: int = 2000) -> Result:
    prev_hash, prev_id, rows = "", None, 0
    order = ORDER[name]
    queryset = _linked(name)
    last = 0
    while True:
        page = list(queryset.filter(**{f"{order}__gt": last})[:batch])
        if not page:
            break
        for row in page:
            rows += 1
            if row.prev_hash != prev_hash:
                problem = (
                    f"does not follow #{prev_id} (a row before it was deleted or changed)"
                    if prev_id is not None
                    else "the first row does not start the chain (rows before it were deleted)"
                )
                return Result(name, rows, Break(name, row.pk, problem))
            if chain.link_hash(name, row, row.prev_hash) != row.hash:
                return Result(name, rows, Break(name, row.pk, "its content was changed"))
            prev_hash, prev_id = row.hash, row.pk
        last = getattr(page[-1], order)
    head = ChainHead.objects.filter(name=name).first()
    head_hash = head.last_hash if head else ""
    if head_hash != prev_hash:
        after = f"#{prev_id}" if prev_id is not None else "the start"
        return Result(name, rows, Break(name, None, f"rows after {after} were deleted"))
    return Result(name, rows, None)


def audit_verify() -> list[Result]:
    return [chain_verify(name) for name in chain.CHAINS]


def rows_verify(name: str, rows) -> Result:
    """Some rows of one chain (one case's, for an inspector's export), each checked on its
    own: its content against its hash, and its `prev_hash` against the row before it in the
    whole chain. Rows deleted elsewhere in the chain are `audit_verify`'s to find."""
    order = ORDER[name]
    ids = [row.pk for row in rows]
    before = _linked(name).filter(**{f"{order}__lt": OuterRef(order)}).order_by(f"-{order}")
    checked = (
        _linked(name)
        .filter(id__in=ids)
        .annotate(before_id=Subquery(before.values("id")[:1]))
        .annotate(before_hash=Subquery(before.values("hash")[:1]))
    )
    count = 0
    for row in checked:
        count += 1
        expected = row.before_hash or ""
        if row.prev_hash != expected:
            problem = (
                f"does not follow #{row.before_id} (a row before it was deleted or changed)"
                if row.before_id is not None
                else "the first row does not start the chain (rows before it were deleted)"
            )
            return Result(name, count, Break(name, row.pk, problem))
        if chain.link_hash(name, row, row.prev_hash) != row.hash:
            return Result(name, count, Break(name, row.pk, "its content was changed"))
    return Result(name, count, None)


# --- Anchors: the chain's heads kept outside the database ---------------------------------
# The chain has no secret: an insider who can write to the database could rewrite a row and
# recompute every later hash. An anchor (chain, last id, its hash), written out regularly to
# somewhere the database's administrators cannot change (e-mail to the AP head, write-once
# storage), pins history: a rewritten row changes the hash of every anchored row after it.


def chain_anchors() -> list[dict]:
    """The last row of each chain now: what `nrm audit anchor` writes out."""
    anchors = []
    for name in chain.CHAINS:
        last = _linked(name).reverse().values("id", "hash", "at").first()
        if last is not None:
            anchors.append(
                {
                    "chain": name,
                    "id": last["id"],
                    "hash": last["hash"],
                    "at": chain._moment(last["at"]),
                }
            )
    return anchors


def anchors_verify(anchors: list[dict]) -> list[Break]:
    """Every anchored row must still be there with the hash it had. Together with an intact
    chain, this proves nothing up to the newest anchor was rewritten."""
    problems = []
    for anchor in anchors:
        name, row_id = anchor.get("chain"), anchor.get("id")
        if name not in MODELS or not isinstance(row_id, int):
            problems.append(Break(str(name), None, f"not an anchor: {anchor!r}"))
            continue
        stored = MODELS[name].objects.filter(id=row_id).values_list("hash", flat=True).first()
        if stored is None:
            problems.append(Break(name, row_id, "the anchored row is gone"))
        elif stored != anchor.get("hash"):
            problems.append(
                Break(name, row_id, "its hash differs from the anchor: history was rewritten")
            )
    return problems
