"""Both benchmarks run end to end at a few hundred cases, so neither can rot unnoticed
(`make bench` once crashed on a column added to a model). Nothing about speed is asserted:
only that each run finishes and reports every row. They need PostgreSQL (the benchmarks
use COPY, VACUUM and a real server), so they run in `make test`'s PostgreSQL pass."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        not URL.startswith(("postgres://", "postgresql://")),
        reason="the benchmarks need PostgreSQL (DATABASE_URL)",
    ),
]


@pytest.fixture
def bench_db():
    """A database of our own, named after the test database and containing 'bench' (the
    benchmarks refuse to drop any other); dropped afterwards."""
    made = []

    def make(suffix: str) -> str:
        name = f"{conninfo_to_dict(URL)['dbname']}_{suffix}"
        made.append(name)
        return urlunsplit(urlsplit(URL)._replace(path="/" + name))  # Django wants a URL

    yield make
    with psycopg.connect(make_conninfo(URL, dbname="postgres"), autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603  (our own scripts, our arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_the_page_benchmark_runs_and_reports_every_page(bench_db):
    out = _run(
        "bench/run.py",
        "--db",
        bench_db("bench_smoke"),
        "--cases",
        "300",
        "--requests",
        "5",
        "--warmup",
        "1",
        "--concurrent-requests",
        "3",
        "--no-doc",
        "--no-deadlines",
    )

    for row in (
        "| API list |",
        "| HTML list |",
        "| HTML search |",
        "| HTML dashboard |",
        "| HTML case page |",
        "| HTML inbox |",
        "| HTML formal-identification queue |",
        "| API case read |",
        "| bare view |",
        "requests/s",
    ):
        assert row in out, row
    assert "cases: 300;" in out


def test_the_deadline_benchmark_runs_and_reports_both_scans(bench_db):
    out = _run(
        "bench/deadlines.py",
        "--db",
        bench_db("bench_smoke_deadlines"),
        "--cases",
        "200",
        "--deadlines",
        "4000",
        "--no-doc",
    )

    assert "scan, nothing newly due" in out
    assert "200 cases, 4,000 deadlines" in out
