"""Key rotation while nrm runs: `nrm keys rotate` and `nrm keys reindex`.

`fields_rotate` re-encrypts every EncryptedTextField value of every model (found through
the app registry) under the newest field key; `indexes_rebuild` recomputes every blind
index (models declare `BLIND_INDEXES`, and the name tokens: `registry.name_tokens`) under
the newest index key. Both walk each table by
primary key in batches: a batch is read and re-encrypted outside any transaction, then
written in one short transaction, each row by compare-and-swap (`UPDATE … WHERE pk = … AND
column = <what was read>`), so a change made meanwhile by a user is never overwritten: the
row is read again and retried, and after `RETRIES` attempts skipped and reported. Running
again is harmless: values already under the newest key are left alone.

These are the one place where a write is not a single transaction: a table of 100,000
rows in one transaction would hold the write lock for minutes. The run's counts go into
one audit event at the end (counts only).
"""

import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from nrm.audit.services import event_record
from nrm.core import crypto
from nrm.registry import name_tokens
from nrm.site.audit_codes import SiteCode

log = logging.getLogger(__name__)

RETRIES = 3
BATCH = 500


@dataclass
class Tally:
    """Counts of one model (or of a whole run, summed)."""

    values: int = 0  # non-empty values (or indexed rows) looked at
    current: int = 0  # already under the newest key
    rotated: int = 0  # re-encrypted (re-indexed) by this run
    conflicts: int = 0  # rows changed by someone else between read and write: read again
    skipped: int = 0  # still changing after the retries: left for the next run
    unreadable: int = 0  # no configured key opens them: left as they are

    def add(self, other: "Tally") -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def stale(self) -> int:
        """Values not (yet) under the newest key."""
        return self.values - self.current - self.rotated


@dataclass
class Report:
    per_model: dict[str, Tally] = field(default_factory=dict)

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.per_model.values():
            total.add(tally)
        return total


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with EncryptedTextField columns, and their names."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        names = [
            f.name for f in meta.local_concrete_fields if isinstance(f, crypto.EncryptedTextField)
        ]
        if names:
            found.append((model, names))
    return found


def indexed_models() -> list[tuple[type[models.Model], dict[str, tuple[str, ...]]]]:
    """Every concrete model declaring blind indexes (`BLIND_INDEXES`)."""
    return [
        (model, model.BLIND_INDEXES)
        for model in apps.get_models()
        if getattr(model, "BLIND_INDEXES", None) and not model._meta.proxy
    ]


def _raw(name: str) -> str:
    return f"_raw_{name}"


def _with_raw(queryset: models.QuerySet, names: list[str], *, select=False) -> models.QuerySet:
    """The stored ciphertext, not the plaintext the field's converter would give."""
    raw = {_raw(n): Cast(n, models.TextField()) for n in names}
    return queryset.annotate(**raw) if select else queryset.alias(**raw)


def _raw_rows(model, names: list[str], *, after=None, pk=None, limit=BATCH) -> list[tuple]:
    queryset = _with_raw(model._base_manager.order_by("pk"), names, select=True)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    elif after is not None:
        queryset = queryset.filter(pk__gt=after)
    return list(queryset.values_list("pk", *(_raw(n) for n in names))[:limit])


def _swap(model, pk, expected: dict[str, str | None], new: dict) -> bool:
    """Writes `new` only if every column in `expected` still holds what was read."""
    queryset = _with_raw(model._base_manager.filter(pk=pk), list(expected))
    for name, value in expected.items():
        queryset = queryset.filter(
            **({f"{_raw(name)}__isnull": True} if value is None else {_raw(name): value})
        )
    return queryset.update(**new) == 1


def _text(value: str) -> models.Value:
    """Stored as given: the field's own conversion would encrypt the ciphertext again."""
    return models.Value(value, output_field=models.TextField())


def _rotate_row(model, names, row, tally: Tally) -> tuple[dict, dict]:
    """What to compare and what to write for one row (both empty: nothing to do)."""
    expected, new = {}, {}
    for name, token in zip(names, row[1:], strict=True):
        if not token:
            continue
        tally.values += 1
        if crypto.under_newest_key(token):
            tally.current += 1
            continue
        try:
            rotated = crypto.rotate(token)
        except ValueError:
            tally.unreadable += 1
            log.warning("%s #%s %s: no configured key opens it", model._meta.label, row[0], name)
            continue
        expected[name] = token
        new[name] = _text(rotated)
    return expected, new


def _rotate_batch(model, names: list[str], rows: list[tuple], tally: Tally) -> None:
    planned = [(row[0], *_rotate_row(model, names, row, tally)) for row in rows]
    conflicted = []
    with transaction.atomic():
        for pk, expected, new in planned:
            if not new:
                continue
            if _swap(model, pk, expected, new):
                tally.rotated += len(new)
            else:
                conflicted.append((pk, list(new)))
    for pk, pending in conflicted:
        _retry(model, pk, pending, tally)


def _retry(model, pk, pending: list[str], tally: Tally) -> None:
    """Someone changed the row after it was read: read the pending columns again. Their
    values were counted at the first read, so here they only move between the counts."""
    for _attempt in range(RETRIES):
        tally.conflicts += 1
        rows = _raw_rows(model, pending, pk=pk)
        if not rows:
            tally.values -= len(pending)  # deleted meanwhile: nothing left to rotate
            return
        again = Tally()
        expected, new = _rotate_row(model, pending, rows[0], again)
        tally.values -= len(pending) - again.values  # emptied meanwhile
        tally.current += again.current  # rewritten meanwhile under the newest key
        tally.unreadable += again.unreadable
        if not new:
            return
        with transaction.atomic():
            if _swap(model, pk, expected, new):
                tally.rotated += len(new)
                return
        pending = list(new)
    tally.skipped += len(pending)
    log.warning("%s #%s kept changing during rotation: skipped", model._meta.label, pk)


def _walk(model, names: list[str], batch: int) -> Iterator[list[tuple]]:
    after = None
    while True:
        rows = _raw_rows(model, names, after=after, limit=batch)
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def fields_check() -> Report:
    """Read-only: how many values are under the newest field key, how many not."""
    report = Report()
    for model, names in encrypted_fields():
        tally = report.per_model.setdefault(model._meta.label, Tally())
        for rows in _walk(model, names, BATCH):
            for row in rows:
                for token in row[1:]:
                    if not token:
                        continue
                    tally.values += 1
                    if crypto.under_newest_key(token):
                        tally.current += 1
    return report


def fields_rotate(*, actor, batch: int = BATCH) -> Report:
    """Re-encrypts every value not under the newest field key (see the module's text)."""
    report = Report()
    for model, names in encrypted_fields():
        tally = report.per_model.setdefault(model._meta.label, Tally())
        for rows in _walk(model, names, batch):
            _rotate_batch(model, names, rows, tally)
    _record(actor=actor, code=SiteCode.KEYS_ROTATED, report=report)
    return report


def _index_rows(model, column: str, sources: tuple[str, ...], *, after=None, pk=None, limit=BATCH):
    queryset = _with_raw(model._base_manager.order_by("pk"), list(sources), select=True)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    elif after is not None:
        queryset = queryset.filter(pk__gt=after)
    # the plaintext (through the field's converter) and the ciphertext, for the swap
    return list(queryset.values_list("pk", column, *sources, *(_raw(s) for s in sources))[:limit])


def _reindex_row(column, sources, row, tally: Tally, *, write: bool) -> tuple[dict, dict]:
    count = len(sources)
    stored = row[1]
    plain = row[2 : 2 + count]
    raw = row[2 + count :]
    tally.values += 1
    newest = crypto.blind_index(" ".join(p or "" for p in plain))
    if stored == newest:
        tally.current += 1
        return {}, {}
    if not write:
        return {}, {}
    expected = {column: stored, **dict(zip(sources, raw, strict=True))}
    return expected, {column: newest}


def _swap_index(model, pk, expected: dict, new: dict) -> bool:
    column = next(iter(new))
    raw = {k: v for k, v in expected.items() if k != column}
    queryset = _with_raw(model._base_manager.filter(pk=pk), list(raw))
    queryset = queryset.filter(**{column: expected[column]})
    for name, value in raw.items():
        queryset = queryset.filter(
            **({f"{_raw(name)}__isnull": True} if value is None else {_raw(name): value})
        )
    return queryset.update(**new) == 1


def indexes_rebuild(*, actor, batch: int = BATCH, write: bool = True) -> Report:
    """Recomputes every blind index under the newest index key (decrypt → HMAC), with the
    same batches and compare-and-swap as `fields_rotate`; `write=False` only counts."""
    report = Report()
    for model, declared in indexed_models():
        for column, sources in declared.items():
            tally = report.per_model.setdefault(f"{model._meta.label}.{column}", Tally())
            after = None
            while rows := _index_rows(model, column, sources, after=after, limit=batch):
                after = rows[-1][0]
                planned = [
                    (row[0], *_reindex_row(column, sources, row, tally, write=write))
                    for row in rows
                ]
                conflicted = []
                with transaction.atomic():
                    for pk, expected, new in planned:
                        if new and _swap_index(model, pk, expected, new):
                            tally.rotated += 1
                        elif new:
                            conflicted.append(pk)
                for pk in conflicted:
                    _reindex_retry(model, column, sources, pk, tally)
    # The name tokens' indexes: a set per person, replaced under the person's row lock.
    tally = report.per_model.setdefault("registry.PersonNameToken", Tally())
    for name, count in name_tokens.tokens_rebuild(batch=batch, write=write).items():
        setattr(tally, name, getattr(tally, name) + count)
    if write:
        _record(actor=actor, code=SiteCode.KEYS_REINDEXED, report=report)
    return report


def _reindex_retry(model, column, sources, pk, tally: Tally) -> None:
    for _attempt in range(RETRIES):
        tally.conflicts += 1
        rows = _index_rows(model, column, sources, pk=pk)
        if not rows:
            return
        expected, new = _reindex_row(column, sources, rows[0], Tally(), write=True)
        if not new:  # the editor indexed it under the newest key
            tally.current += 1
            return
        with transaction.atomic():
            if _swap_index(model, pk, expected, new):
                tally.rotated += 1
                return
    tally.skipped += 1
    log.warning("%s #%s kept changing during re-indexing: skipped", model._meta.label, pk)


@transaction.atomic
def _record(*, actor, code: SiteCode, report: Report) -> None:
    total = report.total
    event_record(
        actor=actor,
        code=code,
        data={
            "models": len(report.per_model),
            "values": total.values,
            "rotated": total.rotated,
            "current": total.current,
            "conflicts": total.conflicts,
            "skipped": total.skipped,
            "unreadable": total.unreadable,
        },
    )
