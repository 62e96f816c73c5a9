"""Checks the hash chains of the audit trail (read-only): the first broken link of each."""

from dataclasses import dataclass

from nrm.audit import chain
from nrm.audit.models import AccessLog, AuditEvent, ChainHead

MODELS = {chain.ACCESS: AccessLog, chain.EVENT: AuditEvent}


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
    queryset = MODELS[name].objects.order_by("id")
    last_pk = 0
    while True:
        page = list(queryset.filter(id__gt=last_pk)[:batch])
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
        last_pk = page[-1].pk
    head = ChainHead.objects.filter(name=name).first()
    head_hash = head.last_hash if head else ""
    if head_hash != prev_hash:
        after = f"#{prev_id}" if prev_id is not None else "the start"
        return Result(name, rows, Break(name, None, f"rows after {after} were deleted"))
    return Result(name, rows, None)


def audit_verify() -> list[Result]:
    return [chain_verify(name) for name in chain.CHAINS]
