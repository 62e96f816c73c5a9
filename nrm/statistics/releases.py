"""Releases that reproduce (issue 14 item 7, docs/disclosure.md).

`statistics_release` builds a table from the catalogue with a cut-off of now, protects it
for its tier against the earlier public releases of overlapping periods (the release log),
and stores what is needed to rebuild it: the builder, the profile key and version, the
cut-off, the rule and thresholds, the cells shown and hidden, and a SHA-256 of the canonical
output. `release_reproduce` rebuilds it from the data as it was (same cut-off, same release
log) and says whether the output is identical, or which cells differ."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction

from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.jurisdictions.registry import get_profile
from nrm.statistics import catalogue
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.disclosure import publish, rules_of
from nrm.statistics.error_codes import StatisticsError
from nrm.statistics.models import Release
from nrm.statistics.selectors import may_publish, refused, suppression_thresholds
from nrm.statistics.table import Label, Period, Published, Table

PLACEHOLDER = 0  # a hidden cell of an earlier release: only its place matters to the check


@dataclass(frozen=True)
class Reproduction:
    identical: bool
    digest: str
    differing: list[tuple[str, str, str, str]]  # (row, column, released, rebuilt)


def _canonical(published: Published) -> dict:
    """The output as plain data in a fixed order: codes, not translated labels, so that the
    digest does not depend on the reader's language."""
    t = published.table
    rows = [r.code for r in t.rows]
    cols = [c.code for c in t.columns]
    return {
        "code": t.code,
        "period": [t.period.kind, t.period.start.isoformat(), t.period.end.isoformat()],
        "tier": published.tier,
        "rule": published.rule,
        "rows": rows,
        "columns": cols,
        "cells": [
            [r, c, published.cells[(r, c)]] for r in rows for c in cols if (r, c) in published.cells
        ],
        "flags": sorted([r, c, f] for (r, c), f in published.flags.items()),
        "suppressed": [list(cell) for cell in published.suppressed],
        "left_out": t.left_out,
    }


def _digest(canonical: dict) -> str:
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _from_release(release: Release) -> Published:
    """An earlier release as the disclosure check needs it: the cells' places, the numbers
    shown, the hidden cells as unknowns (their values are not kept and not needed)."""
    out = release.output
    shown = {(r, c): text for r, c, text in out["cells"]}
    hidden = [tuple(cell) for cell in out["suppressed"]]
    counts: dict[tuple[str, str], int | None] = {}
    for cell, text in shown.items():
        counts[cell] = None if text == ".." else int(text) if text.isdigit() else PLACEHOLDER
    table = Table(
        code=release.code,
        title=release.code,
        period=Period(release.period_kind, release.period_start, release.period_end),
        rows=[Label(r, r) for r in out["rows"]],
        columns=[Label(c, c) for c in out["columns"]],
        counts=counts,
        multi_response=out.get("multi_response", False),
    )
    return Published(table, release.tier, shown, hidden, release.rule, protected=hidden)


def _log(period: Period, *, before: datetime | None = None, exclude: int | None = None):
    """The earlier public releases whose periods overlap this one (any table: two tables of
    one period share totals; a month lies inside its quarter)."""
    rows = Release.objects.filter(
        tier=2, period_start__lte=period.end, period_end__gte=period.start
    ).order_by("released_at", "id")
    if before is not None:
        rows = rows.filter(released_at__lte=before)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return list(rows)


def _build(code: str, period: Period, cutoff: datetime) -> tuple[catalogue.TableSpec, Table]:
    spec = catalogue.get(code)
    return spec, spec.build(period, cutoff)


def _query(spec: catalogue.TableSpec) -> str:
    return f"{spec.build.__module__}.{spec.build.__qualname__}"


@transaction.atomic
def statistics_release(*, actor, code: str, period: Period, tier: int) -> Release:
    """Builds, protects and records one table for one period and tier."""
    if not may_publish(actor):
        raise NotFound()
    try:
        spec = catalogue.get(code)
    except KeyError:
        raise refused(StatisticsError.UNKNOWN_TABLE, "code") from None
    if period.kind not in spec.periods:
        raise refused(StatisticsError.BAD_PERIOD, "period")
    if tier not in (1, 2):
        raise refused(StatisticsError.BAD_TIER, "tier")
    now = clock.now()
    if period.end >= now.date():
        raise refused(StatisticsError.OPEN_PERIOD, "period")
    profile = get_profile(settings.NRM_JURISDICTION)
    thresholds = suppression_thresholds(profile)
    log = _log(period) if tier == 2 else []
    table = spec.build(period, now)
    published = publish(
        table, tier=tier, rules=rules_of(thresholds), released=[_from_release(r) for r in log]
    )
    canonical = _canonical(published)
    canonical["multi_response"] = table.multi_response
    release = Release.objects.create(
        code=code,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        tier=tier,
        query=_query(spec),
        profile_code=profile.code,
        profile_version=profile.version,
        cutoff=now,
        rule=published.rule,
        thresholds=thresholds,
        against=[r.pk for r in log],
        output={
            **canonical,
            "labels": {
                "title": str(table.title),
                "rows": {r.code: str(r.label) for r in table.rows},
                "columns": {c.code: str(c.label) for c in table.columns},
            },
        },
        suppressed=[list(c) for c in published.suppressed],
        digest=_digest(canonical),
        released_at=now,
        released_by=actor.user,
    )
    event_record(
        actor=actor,
        code=StatisticsCode.RELEASED,
        target=release,
        data={
            "code": code,
            "period": period.code,
            "tier": tier,
            "digest": release.digest,
            "suppressed": len(published.suppressed),
        },
    )
    return release


@transaction.atomic
def release_reproduce(*, actor, release: Release) -> Reproduction:
    """Rebuilds a release from the data as it was (its cut-off, its release log, its
    thresholds) and compares it cell by cell."""
    if not may_publish(actor):
        raise NotFound()
    period = Period(release.period_kind, release.period_start, release.period_end)
    spec, table = _build(release.code, period, release.cutoff)
    log = list(Release.objects.filter(pk__in=release.against).order_by("released_at", "id"))
    published = publish(
        table,
        tier=release.tier,
        rules=rules_of(release.thresholds),
        released=[_from_release(r) for r in log],
    )
    canonical = _canonical(published)
    canonical["multi_response"] = table.multi_response
    digest = _digest(canonical)
    before = {(r, c): text for r, c, text in release.output["cells"]}
    after = {(r, c): text for r, c, text in canonical["cells"]}
    differing = [
        (r, c, before.get((r, c), ""), after.get((r, c), ""))
        for (r, c) in sorted(set(before) | set(after))
        if before.get((r, c)) != after.get((r, c))
    ]
    result = Reproduction(digest == release.digest, digest, differing)
    event_record(
        actor=actor,
        code=StatisticsCode.REPRODUCED,
        target=release,
        data={
            "release": release.pk,
            "query": _query(spec),
            "identical": result.identical,
            "differing": len(differing),
        },
    )
    return result
