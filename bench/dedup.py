"""`make bench` (de-duplication): nrm's matcher against exact matching and Splink's defaults.

For each size (10,000 and 100,000 records by default; `--million` adds 1,000,000) it
generates Balkan-name records with ground-truth duplicates (`nrm.dedup.synthetic`, seed 1,
profile `noisy`; at the first size, up to 100,000, the `clean` profile as well), writes
them as the CSV of `nrm dedup`, and runs each method in its own process on the same file:

- `exact`: the same name and date of birth as written (agencies' manual rule);
- `splink-default`: Splink with its documented comparisons on the raw fields;
- `nrm`: the real command, `python -m nrm dedup --input … --output …`.

It reads each output back and reports pairwise precision, recall and F1 against the truth,
the wall time and the peak resident memory of the process (from `wait4`), then writes the
table between the markers of docs/performance.md ("De-duplication") and prints it.
A benchmark, not a test: it fails only when a method fails.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- dedup:start -->", "<!-- dedup:end -->"
HEADING = "## De-duplication (issue 14)"
METHODS = ("exact", "splink-default", "nrm")


def log(msg: str) -> None:
    print(f"[bench dedup {datetime.now():%H:%M:%S}] {msg}", flush=True)


def run_one(method: str, src: Path, out: Path) -> None:
    """In the child process: one baseline method on one file."""
    from nrm.dedup.csvfile import read_persons, write_clusters
    from nrm.dedup.evaluate import splink_default_clusters
    from nrm.dedup.linkage import exact_clusters

    rows = read_persons(src)
    labels = exact_clusters(rows) if method == "exact" else splink_default_clusters(rows)
    write_clusters(out, [r["record_id"] for r in rows], labels)


def measure(method: str, src: Path, out: Path) -> tuple[float, float, float]:
    """Runs a method in its own process: (seconds, CPU seconds, peak RSS in MiB). The CPU
    time (user + system, children included) tells the work done when the machine is shared
    and the wall time is not the process's own."""
    if method == "nrm":
        cmd = [sys.executable, "-m", "nrm", "dedup", "--input", str(src), "--output", str(out)]
    else:
        cmd = [sys.executable, __file__, "--one", method, "--input", str(src), "--output", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bench dedup: {method} failed ({proc.returncode}):\n{err[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024


def scores(out: Path, truth: dict[str, int]):
    from nrm.dedup.evaluate import pairwise

    with open(out, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        got = dict(reader)
    ids = sorted(truth)
    if sorted(got) != ids:
        raise SystemExit("bench dedup: the output does not name every record once")
    return pairwise([got[i] for i in ids], [truth[i] for i in ids])


def bench(sizes: list[int], seed: int, methods: list[str]) -> list[dict]:
    from nrm.dedup.synthetic import generate

    results = []
    with tempfile.TemporaryDirectory(prefix="nrm-dedup-bench-") as tmp:
        runs = [(n, "noisy") for n in sizes]
        if sizes[0] <= 100_000:
            runs.insert(1, (sizes[0], "clean"))
        for n, profile in runs:
            log(f"generating {n:,} records ({profile}, seed {seed})")
            ds = generate(records=n, seed=seed, profile=profile)
            src = Path(tmp) / f"persons-{n}-{profile}.csv"
            ds.to_csv(src)
            persons = len(set(ds.truth.values()))
            for method in methods:
                out = Path(tmp) / f"clusters-{method}.csv"
                log(f"{method} on {n:,} records")
                seconds, cpu, mib = measure(method, src, out)
                s = scores(out, ds.truth)
                row = {
                    "records": n,
                    "persons": persons,
                    "profile": profile,
                    "method": method,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "seconds": seconds,
                    "cpu": cpu,
                    "mib": mib,
                }
                log(
                    f"  P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} "
                    f"{seconds:.1f} s (CPU {cpu:.1f} s) {mib:.0f} MiB"
                )
                results.append(row)
                out.unlink()
            src.unlink()
    return results


def table(results: list[dict]) -> str:
    from nrm.dedup.linkage import DEFAULT_THRESHOLD

    lines = [
        f"Last run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python bench/dedup.py` "
        f"({os.cpu_count()} cores; threshold {DEFAULT_THRESHOLD}; seed 1). Pairwise "
        "precision, recall and F1 against the generated truth; wall time, CPU time (user + "
        "system, all threads: on a shared machine the wall time includes waiting for the "
        "cores) and peak memory of the whole process (reading the CSV, Python start "
        "included); load average at the start "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        "| records | persons | data | method | precision | recall | F1 | time (s) "
        "| CPU (s) | peak memory (MiB) |",
        "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['records']:,} | {r['persons']:,} | {r['profile']} | {r['method']} | "
            f"{r['precision']:.3f} | {r['recall']:.3f} | **{r['f1']:.3f}** | "
            f"{r['seconds']:.1f} | {r['cpu']:.1f} | {r['mib']:.0f} |"
        )
    return "\n".join(lines)


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    block = f"{START}\n{text}\n{END}"
    if START in doc and END in doc:
        head, rest = doc.split(START, 1)
        doc = head + block + rest.split(END, 1)[1]
    else:
        doc = (
            doc.rstrip("\n")
            + f"\n\n{HEADING}\n\nMethod: docs/dedup.md; script: `bench/dedup.py`."
            + f"\n\n{block}\n"
        )
    DOC.write_text(doc, encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--million", action="store_true", help="add a run at 1,000,000 records")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    p.add_argument("--no-doc", action="store_true", help="print, do not write docs/performance.md")
    p.add_argument("--one", choices=METHODS[:2], help=argparse.SUPPRESS)
    p.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        run_one(args.one, args.input, args.output)
        return
    sizes = sorted(set(args.records + ([1_000_000] if args.million else [])))
    results = bench(sizes, args.seed, args.methods)
    text = table(results)
    print(text)
    if not args.no_doc:
        write_doc(text)
        log(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
