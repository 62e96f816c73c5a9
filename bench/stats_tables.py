"""How long the statistics take at scale (issue 14): the facts of every unique person, each
table on those facts, and the annual report as the page builds it, on the database named by
DATABASE_URL (generate it first: `nrm generate --cases 100000 --seed 1`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrm_stats_bench \\
        .venv/bin/python bench/stats_tables.py [--year 2026]

It reports (median of --runs), it does not fail on slow figures. Reads only."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrm.settings")
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from nrm.core import clock
    from nrm.registry.models import Case
    from nrm.statistics import catalogue, periods, tables

    cutoff = clock.now()
    year = periods.year(args.year or cutoff.year)
    cases = Case.objects.count()
    timings: dict[str, list[float]] = {}
    queries = 0
    for _ in range(args.runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            facts = tables.facts_as_of(cutoff)
            timings.setdefault("facts", []).append(time.perf_counter() - t0)
            for code in catalogue.CODES:
                t0 = time.perf_counter()
                catalogue.get(code).build(year, cutoff, facts=facts)
                timings.setdefault(code, []).append(time.perf_counter() - t0)
        queries = len(captured)
        t0 = time.perf_counter()
        tables.build_many(
            ("T01", "T02", "T03A", "T03B", "T04", "T05", "T07", "T08", "T09"), year, cutoff
        )
        timings.setdefault("annual report (facts + 9 tables)", []).append(time.perf_counter() - t0)
    print(
        f"{cases} cases, {len(facts.persons)} unique persons, period {year.code}, "
        f"{queries} queries for the facts and every table"
    )
    print("| step | median s |\n|---|---|")
    for step, values in timings.items():
        print(f"| {step} | {_median(values):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
