"""bench/dedup.py runs end to end at a tiny size, so it cannot rot unnoticed. Nothing about
speed or accuracy is asserted here (tests/dedup/test_accuracy.py does accuracy): only that
every method runs and is reported."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_dedup_benchmark_runs_every_method_and_reports_it():
    done = subprocess.run(
        [sys.executable, "bench/dedup.py", "--records", "300", "--no-doc"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for method in ("exact", "splink-default", "nrm"):
        for profile in ("noisy", "clean"):
            assert "| 300 |" in done.stdout
            assert f"| {profile} | {method} |" in done.stdout
