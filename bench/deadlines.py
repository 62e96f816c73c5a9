"""Benchmark of the deadline scan at scale, on PostgreSQL (issue 4).

What it does, in order:
1. (re)creates the PostgreSQL database (default postgres://postgres@127.0.0.1:5432/
   nrm_bench_deadlines; `--db` or BENCH_DEADLINES_DATABASE_URL for another), migrates it;
2. the demo institutions plus one caseworker and one focal point per institution, then
   100,000 open cases and about 1,000,000 deadlines written in bulk (COPY), like a factory
   would: six of ten per case are history (met, missed, cancelled), four are open, and
   exactly 1 % of all deadlines falls due in the hour after T0; `VACUUM ANALYZE`;
3. measures, in one run:
   - **scan, nothing newly due**: `deadline_scan` at T0 (median of 5 runs);
   - **naive full scan**: what a scan without the engine's partial indexes and flags
     must do each cycle — read every open and missed deadline and decide in Python
     which are due, at risk or to escalate (no writes: a lower bound for any full scan);
   - **scan, 1 % newly due**: `deadline_scan` at T0 + 1 h, which marks those deadlines
     missed and writes their notifications and its audit event in one transaction;
4. writes the table between `<!-- deadlines:start -->` and `<!-- deadlines:end -->` in
   docs/performance.md and prints it.

`--deadlines 10000000` grows the table after step 2 to that many rows in SQL
(`INSERT … SELECT … generate_series`, minutes rather than hours of Python), none of them
due in the measured hour; the naive scan is then skipped and the table goes between the
`deadlines-scaled` markers.

Targets: nothing newly due ≤ 1 s, 1 % newly due ≤ 5 s. It reports, it does not fail on
slow figures (exit 0); only a broken run exits non-zero. Standalone: `python
bench/deadlines.py`; from bench/run.py: `from deadlines import main as deadlines_main`
(bench/ is on sys.path when run.py runs) and call `deadlines_main([])`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- deadlines:start -->", "<!-- deadlines:end -->"
# `--deadlines N` (10,000,000) writes its own section, after the default one.
SCALED_START, SCALED_END = "<!-- deadlines-scaled:start -->", "<!-- deadlines-scaled:end -->"
HEADING = "## Deadline scan (issue 4)"
SCALED_HEADING = """### At 10,000,000 deadlines

`python bench/deadlines.py --deadlines 10000000`: the same base set, then grown in SQL
(`INSERT … SELECT … generate_series`) with copies of its rows — open ones due later than
T0 + 2 h, history further in the past — so nothing more falls due in the measured hour."""
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/nrm_bench_deadlines"
LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
TARGET_IDLE_S, TARGET_DUE_S = 1.0, 5.0
TIRANE = ZoneInfo("Europe/Tirane")
# A Monday in June 2026, away from holidays and clock changes.
T0 = datetime(2026, 6, 15, 10, 0, tzinfo=TIRANE)

METHOD = f"""{HEADING}

How long `nrm worker`'s deadline scan takes with 100,000 open cases and about 1,000,000
deadlines, measured by `python bench/deadlines.py` (standalone, or its `main()` from
bench/run.py). The section between the `deadlines:start` / `deadlines:end` markers is
rewritten by each run.

- PostgreSQL database `nrm_bench_deadlines`, recreated, migrated; the demo institutions,
  one caseworker and one focal point per institution; 100,000 cases and ten deadlines per
  case written with `COPY` (six history rows — met, missed, cancelled — and four open),
  the rules drawn from the Albanian profile, then `VACUUM ANALYZE`.
- Exactly 1 % of all deadlines (10,000) fall due in the hour after T0; every other open
  deadline falls due, and becomes at risk, later.
- **Scan, nothing newly due**: `deadline_scan` at T0, median of five runs. Target ≤ 1 s.
- **Scan, 1 % newly due**: `deadline_scan` at T0 + 1 h: marks the 10,000 missed, writes a
  notification to each responsible caseworker and one audit event naming them, in one
  transaction. Target ≤ 5 s.
- **Naive full scan**: reads every open and missed deadline and decides in Python what is
  due, at risk or to escalate, without writing anything — the least a scan without the
  partial indexes (`deadline_open_due`, `deadline_risk_due`, `deadline_escalation_due`)
  and the at-risk/escalation flags must do each cycle. The ratios divide it by the scans.
"""


def log(msg: str) -> None:
    print(f"[bench-deadlines {datetime.now(TIRANE):%H:%M:%S}] {msg}", flush=True)


def db_recreate(url: str) -> None:
    params = conninfo_to_dict(url)
    host = params.get("host", "")
    if host not in LOOPBACK and not host.startswith("/"):
        raise SystemExit(f"bench: refusing a database that is not on this machine ({host})")
    name = params["dbname"]
    if "bench" not in name:
        raise SystemExit(f"bench: refusing to drop {name!r}: its name must contain 'bench'")
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    log(f"database {name} recreated")


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("NRM_MODE", "development")
    os.environ["NRM_DEBUG"] = "0"
    os.environ.setdefault("NRM_LOG_LEVEL", "WARNING")
    os.environ.setdefault("NRM_DATA_DIR", tempfile.mkdtemp(prefix="nrm-bench-deadlines-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "nrm.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def copy_rows(table: str, columns: list[str], rows) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def row_of(fields, values: dict) -> list:
    """One COPY row: the value given for each column, else the field's own default, so a
    column added to a model later never breaks the benchmark (it did: `age_group`)."""
    row = []
    for f in fields:
        if f.attname in values:
            value = values[f.attname]
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.blank:
            value = ""
        else:
            raise SystemExit(f"bench: no value for the new column {f.model.__name__}.{f.attname}")
        if isinstance(value, list | dict):
            value = json.dumps(value)
        row.append(value)
    return row


def make_people(cases: int, seed: int):
    """Institutions, their users, and `cases` cases; returns what the deadlines need."""
    from django.db import transaction

    from nrm.accounts.models import Institution, Membership, User
    from nrm.accounts.services import system_user_ensure
    from nrm.registry.models import Case, Person
    from nrm.site.demo import demo_users_ensure, reference_data_ensure

    rng = random.Random(seed)
    institutions = reference_data_ensure()
    demo_users_ensure(institutions)
    system = system_user_ensure()
    with transaction.atomic():
        users, memberships = [], []
        for inst in Institution.objects.all():
            for role in ("caseworker", "focal_point"):
                users.append(User(username=f"bench.{role}.{inst.code}", password="!"))
        User.objects.bulk_create(users)
        by_name = {u.username: u for u in User.objects.filter(username__startswith="bench.")}
        for inst in Institution.objects.all():
            for role in ("caseworker", "focal_point"):
                memberships.append(
                    Membership(
                        user=by_name[f"bench.{role}.{inst.code}"],
                        institution=inst,
                        role=role,
                        is_primary=role == "caseworker",
                        created_at=T0,
                    )
                )
        Membership.objects.bulk_create(memberships, ignore_conflicts=True)
    owners = list(Institution.objects.exclude(type__in=["ministry", "ap_secretariat"]))
    person_fields = [
        f for f in Person._meta.concrete_fields if not f.primary_key
    ]  # empty identity fields: the scan never reads them
    person_defaults = {
        "given_name": "",
        "family_name": "",
        "name_index": "",
        "sex": "unknown",
        "date_of_birth": "",
        "estimated_age": None,
        "age_is_estimated": False,
        "appears_to_be_child": False,
        "citizenship": "",
        "languages": [],
        "phone": "",
        "email": "",
        "address": "",
        "created_at": T0 - timedelta(days=200),
    }
    with transaction.atomic():
        copy_rows(
            Person._meta.db_table,
            [f.column for f in person_fields],
            (row_of(person_fields, person_defaults) for _ in range(cases)),
        )
    person_ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    case_fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    plan = []
    with transaction.atomic():

        def case_rows():
            for i, person_id in enumerate(person_ids):
                owner = rng.choice(owners)
                child = rng.random() < 0.25
                opened = T0 - timedelta(days=rng.randint(10, 360), minutes=rng.randint(0, 1440))
                plan.append((owner, child, opened))
                values = {
                    "reference": f"AL-BENCH-{i + 1:06d}",
                    "person_id": person_id,
                    "owner_institution_id": owner.pk,
                    "profile_code": "AL",
                    "profile_version": "2025.1",
                    "stage": "protection",
                    "identification_status": "victim",
                    "is_child": child,
                    "county": owner.county,
                    "screening": None,
                    "created_at": opened,
                    "created_by_id": system.pk,
                    "updated_at": opened,
                    "version": 1,
                }
                yield row_of(case_fields, values)

        copy_rows(Case._meta.db_table, [f.column for f in case_fields], case_rows())
    case_ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    return system, list(zip(case_ids, plan, strict=True)), institutions


def make_deadlines(system, cases, institutions, per_case: int, seed: int) -> dict:
    """About per_case × cases deadlines; exactly 1 % of them due in (T0, T0 + 1 h]."""
    from django.db import transaction

    from nrm.deadlines.calendar import WorkingCalendar
    from nrm.deadlines.models import Deadline
    from nrm.deadlines.rules import escalation_at
    from nrm.jurisdictions import get_profile

    rng = random.Random(seed + 1)
    profile = get_profile("AL", "2025.1")
    cal = WorkingCalendar.of(profile.calendar)
    case_rules = [r for r in profile.deadlines.rules if r.scope == "case"]
    by_type: dict[tuple[str, str], int] = {}
    for inst in institutions.values():
        by_type[(inst.type, inst.county)] = inst.pk
    ap = institutions["ap-secretariat"].pk
    total = per_case * len(cases)
    newly_due = total // 100
    open_per_case = 4
    due_slots = set(rng.sample(range(len(cases) * open_per_case), newly_due))
    fields = [f for f in Deadline._meta.concrete_fields if not f.primary_key]
    counts = {"open": 0, "met": 0, "missed": 0, "cancelled": 0, "newly_due": 0}

    def responsible(rule, owner):
        if rule.responsible.institution != "type":
            return owner.pk
        for kind in rule.responsible.institution_types:
            if (kind, owner.county) in by_type:
                return by_type[(kind, owner.county)]
            if kind == "ap_secretariat":
                return ap
        return owner.pk

    def rows():
        slot = 0
        for case_id, (owner, _child, opened) in cases:
            for k in range(per_case):
                rule = rng.choice(case_rules)
                start = opened + timedelta(days=rng.randint(0, 9), minutes=rng.randint(0, 600))
                values = {
                    "case_id": case_id,
                    "rule": rule.code,
                    "occurrence": 1,
                    "profile_code": "AL",
                    "profile_version": "2025.1",
                    "opened_by_event": rule.opened_by[0],
                    "opened_by_id": system.pk,
                    "opened_at": start,
                    "series_start": start,
                    "at_risk_at": None,
                    "met_at": None,
                    "met_by_event": "",
                    "missed_at": None,
                    "cancelled_at": None,
                    "cancelled_by_event": "",
                    "responsible_institution_id": responsible(rule, owner),
                    "responsible_role": rule.responsible.role,
                    "county": owner.county,
                    "at_risk_notified": False,
                    "escalation_level": 0,
                    "last_escalated_at": None,
                    "next_escalation_at": None,
                }
                if k < open_per_case:
                    if slot in due_slots:
                        due = T0 + timedelta(seconds=rng.randint(1, 3599))
                        counts["newly_due"] += 1
                    else:
                        due = T0 + timedelta(hours=2, minutes=rng.randint(0, 90 * 24 * 60))
                        if rule.at_risk is not None and rule.kind == "obligation":
                            values["at_risk_at"] = due - timedelta(minutes=30)
                    slot += 1
                    values.update(
                        status="open",
                        due_at=due,
                        next_escalation_at=escalation_at(rule, due=due, step=1, cal=cal),
                    )
                    if rule.recurrence is not None:
                        # As the engine would have it: due one period after the series start.
                        values.update(series_start=due - timedelta(days=31), opened_at=start)
                    counts["open"] += 1
                else:
                    due = T0 - timedelta(days=rng.randint(1, 300))
                    status = rng.choices(["met", "missed", "cancelled"], [70, 20, 10])[0]
                    values.update(status=status, due_at=due)
                    if status == "met":
                        values.update(met_at=due - timedelta(hours=rng.randint(0, 48)))
                    elif status == "missed":
                        values.update(
                            missed_at=due + timedelta(minutes=1),
                            escalation_level=len(rule.escalation),
                        )
                    else:
                        values.update(cancelled_at=due - timedelta(hours=1))
                    counts[status] += 1
                yield row_of(fields, values)

    with transaction.atomic():
        n = copy_rows(Deadline._meta.db_table, [f.column for f in fields], rows())
    counts["total"] = n
    return counts


SHIFTED = (
    "due_at",
    "at_risk_at",
    "met_at",
    "missed_at",
    "cancelled_at",
    "last_escalated_at",
    "next_escalation_at",
)


def scale_deadlines(target: int, counts: dict) -> dict:
    """Grows the table to `target` deadlines in SQL (`INSERT … SELECT … generate_series`):
    copies of the rows written so far, open ones moved later than T0 + 2 h (never newly due,
    never at risk in the measured hour) and history moved further into the past. The 1 %
    newly due stays the base set's."""
    from django.db import connection, transaction

    from nrm.deadlines.models import Deadline

    table = Deadline._meta.db_table
    base = counts["total"]
    copies = -(-(target - base) // base)  # ceiling
    if copies <= 0:
        return counts
    columns = [f.column for f in Deadline._meta.concrete_fields if not f.primary_key]
    shift = (
        "CASE WHEN d.status = 'open' "
        "THEN (GREATEST(d.due_at, %(later)s) - d.due_at) + g * interval '1 day' "
        "ELSE -(g * interval '1 day') END"
    )
    select = []
    for col in columns:
        if col in SHIFTED:
            select.append(f"d.{col} + {shift}")
        elif col == "occurrence":
            select.append("d.occurrence + g")
        else:
            select.append(f"d.{col}")
    # Table and column names come from the model, never from input.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(select)} FROM {table} d "
        "CROSS JOIN generate_series(1, %(copies)s) g "
        "WHERE d.id <= %(last)s AND d.id > %(last)s - %(base)s "
        "LIMIT %(extra)s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {table}")  # noqa: S608
        last = cursor.fetchone()[0]
        cursor.execute(
            sql,
            {
                "later": T0 + timedelta(hours=2),
                "copies": copies,
                "last": last,
                "base": base,
                "extra": target - base,
            },
        )
        cursor.execute(f"SELECT status, count(*) FROM {table} GROUP BY status")  # noqa: S608
        by_status = dict(cursor.fetchall())
    return {
        **counts,
        **{k: by_status.get(k, 0) for k in ("open", "met", "missed", "cancelled")},
        "total": sum(by_status.values()),
    }


def naive_scan(now) -> tuple[int, int, int]:
    """Every open and missed deadline read and judged in Python, as a scan without the
    engine's indexes and flags would."""
    from nrm.deadlines.models import Deadline

    due = risk = escalate = 0
    qs = Deadline.objects.filter(status__in=["open", "missed"]).only(
        "status", "due_at", "at_risk_at", "at_risk_notified", "next_escalation_at"
    )
    for d in qs.iterator(chunk_size=10_000):
        if d.status == "open" and d.due_at <= now:
            due += 1
        elif (
            d.status == "open"
            and not d.at_risk_notified
            and d.at_risk_at is not None
            and d.at_risk_at <= now
        ):
            risk += 1
        elif d.status == "missed" and d.next_escalation_at and d.next_escalation_at <= now:
            escalate += 1
    return due, risk, escalate


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"load average {load:.2f} at the start of the measurements"
    )


def write_doc(section: str, *, scaled: bool = False) -> None:
    start, end = (SCALED_START, SCALED_END) if scaled else (START, END)
    block = f"{start}\n{section.rstrip()}\n{end}\n"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if start in text and end in text:
        before = text.split(start, 1)[0]
        after = text.split(end, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    elif scaled:
        text = text.rstrip() + "\n\n" + SCALED_HEADING + "\n\n" + block
    else:
        text = text.rstrip() + "\n\n" + METHOD + "\n" + block
    DOC.write_text(text, encoding="utf-8")
    log(f"wrote {DOC.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DEADLINES_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--per-case", type=int, default=10)
    parser.add_argument(
        "--deadlines",
        type=int,
        default=0,
        help="grow to this many deadlines in SQL (e.g. 10000000); skips the naive scan",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--profile", action="store_true", help="cProfile the 1 % scan")
    args = parser.parse_args(argv)

    db_recreate(args.db)
    django_setup(args.db)
    from django.core.management import call_command
    from django.db import connection

    from nrm.accounts.policy import system_actor
    from nrm.core import clock
    from nrm.deadlines.models import Deadline, Notification
    from nrm.deadlines.services import deadline_scan

    call_command("migrate", verbosity=0)
    with clock.override(T0):
        started = time.perf_counter()
        system, cases, institutions = make_people(args.cases, args.seed)
        log(f"{len(cases)} cases in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        counts = make_deadlines(system, cases, institutions, args.per_case, args.seed)
        log(f"{counts['total']} deadlines in {time.perf_counter() - started:.1f} s: {counts}")
        if args.deadlines > counts["total"]:
            started = time.perf_counter()
            counts = scale_deadlines(args.deadlines, counts)
            log(f"grown to {counts['total']} in {time.perf_counter() - started:.1f} s: {counts}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    actor = system_actor()

    where = machine()
    idle_runs = []
    for _ in range(5):
        with clock.override(T0):
            seconds, result = timed(lambda: deadline_scan(actor=actor, now=T0))
        assert result.total() == 0, result
        idle_runs.append(seconds)
    idle = statistics.median(idle_runs)
    log(f"scan, nothing newly due: median {idle * 1000:.1f} ms of {len(idle_runs)}")

    t1 = T0 + timedelta(hours=1)
    scaled = args.deadlines > 0
    if scaled:  # minutes of Python at 10,000,000 rows: not measured
        naive_s, naive_due = None, counts["newly_due"]
    else:
        naive_s, (naive_due, _risk, _esc) = timed(lambda: naive_scan(t1))
        log(f"naive full scan: {naive_s:.2f} s ({naive_due} due found)")

    notes_before = Notification.objects.count()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    with clock.override(t1):
        due_s, result = timed(lambda: deadline_scan(actor=actor, now=t1))
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    notes = Notification.objects.count() - notes_before
    log(f"scan, 1 % newly due: {due_s:.2f} s ({result})")
    missed = Deadline.objects.filter(status="missed", missed_at=t1).count()
    if missed != counts["newly_due"] or naive_due != counts["newly_due"]:
        log(f"BROKEN: expected {counts['newly_due']} newly due, scan {missed}, naive {naive_due}")
        return 1

    def verdict(value, target):
        return "met" if value <= target else "**not met**"

    def ratio(seconds, digits):
        return "—" if naive_s is None else f"{naive_s / seconds:,.{digits}f} ×"

    rows = [
        f"| scan, nothing newly due (median of 5) | {idle * 1000:.1f} ms | ≤ 1 s: "
        f"{verdict(idle, TARGET_IDLE_S)} | {ratio(idle, 0)} |",
        f"| scan, {counts['newly_due']:,} newly due ({result.missed:,} missed, {notes:,} "
        f"notifications) | {due_s:.2f} s | ≤ 5 s: {verdict(due_s, TARGET_DUE_S)} "
        f"| {ratio(due_s, 1)} |",
    ]
    if naive_s is not None:
        rows.append(
            "| naive full scan (read and judge every open and missed deadline) | "
            f"{naive_s:.2f} s | — | 1 × |"
        )
    section = "\n".join(
        [
            f"Run of {datetime.now(TIRANE):%Y-%m-%d %H:%M} (Tirana): {where}.",
            f"{len(cases):,} cases, {counts['total']:,} deadlines ({counts['open']:,} open, "
            f"{counts['met']:,} met, {counts['missed']:,} missed, {counts['cancelled']:,} "
            f"cancelled); {counts['newly_due']:,} newly due."
            + (" Grown in SQL (`--deadlines`); the naive scan is not run." if scaled else ""),
            "",
            "| measure | time | target | ratio naive ÷ scan |",
            "|---|---:|---|---:|",
            *rows,
        ]
    )
    print(section)
    if not args.no_doc:
        write_doc(section, scaled=scaled)
    return 0


if __name__ == "__main__":
    sys.exit(main())
