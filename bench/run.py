"""`make bench`: response times of the case list and search at scale, on PostgreSQL.

What it does, in order:
1. (re)creates the PostgreSQL database named in DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/nrm_bench), unless --reuse;
2. `nrm migrate`, `nrm generate --cases N --seed 1`, `nrm bench_setup` (demo users);
3. starts the real server, `nrm serve --bind 127.0.0.1:PORT --workers 2`, on a free port;
4. measures, over one keep-alive connection per endpoint, the API list and reference search,
   the same two through the HTML pages with a logged-in session, a caseworker's lists, the
   dashboards, the case page, the inbox, my deadlines, the formal-identification queue,
   the API read of a case, and a bare view that reads one row by primary key (the
   baseline of the machine and the stack);
5. measures the throughput of the audited API case read against the bare view at 16
   concurrent clients (alternated rounds, the median ratio);
6. writes the tables between the markers of docs/performance.md and prints them.

It is a benchmark, not a test: it reports, it does not fail on slow figures (exit 0), only
when something is broken (non-200 answers, the server not starting).
Everything stays on the loopback interface; the server is stopped whatever happens.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/nrm_bench"
LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
# Targets (issue): every page's p95 ≤ 150 ms and ≤ 4 × the bare view's p95 in the same run;
# the audited API read of a case, at 16 concurrent clients, ≥ 0.35 × the bare view's
# requests per second.
TARGET_MS = 150.0
TARGET_RATIO = 4.0
TARGET_THROUGHPUT = 0.35
CLIENTS = 16
USERNAME, PASSWORD = "ap.secretariat", "demo"
# A caseworker sees only their institution's cases and those granted to it.
CASEWORKER = "police.tirana"

# Used only when docs/performance.md is missing; the file's hand-written part is kept.
INTRO = """# Performance

Figures from `make bench` (`bench/run.py`, whose docstring describes the method). Targets:
p95 of the list and of the search ≤ 150 ms and ≤ 5 × the bare view's p95 in the same run.
"""


# ---------------------------------------------------------------------------- helpers


def log(msg: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def db_params(url: str) -> dict:
    params = conninfo_to_dict(url)
    host = params.get("host", "")
    if host not in LOOPBACK and not host.startswith("/"):
        raise SystemExit(f"bench: refusing a database that is not on this machine ({host})")
    return params


def db_recreate(url: str) -> None:
    params = db_params(url)
    name = params["dbname"]
    if "bench" not in name:
        raise SystemExit(f"bench: refusing to drop {name!r}: its name must contain 'bench'")
    admin = make_conninfo(url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    log(f"database {name} recreated")


def db_ensure(url: str) -> None:
    params = db_params(url)
    name = params["dbname"]
    admin = make_conninfo(url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"database {name} created")


def nrm(env: dict, *args: str, timeout: float = 3600) -> None:
    log("nrm " + " ".join(args))
    subprocess.run(
        [sys.executable, "-m", "nrm", *args], env=env, cwd=ROOT, check=True, timeout=timeout
    )


def machine() -> dict:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count() or 0,
        "cpu": model or platform.processor() or "?",
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
    }


# ------------------------------------------------------------------------- HTTP client


class Client:
    """One keep-alive HTTP/1.1 connection to the loopback server, with a cookie jar."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}
        self.reconnects = 0

    def _connect(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict, bytes]:
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):  # one retry if the server closed an idle connection
            conn = self._connect()
            try:
                conn.request(method, path, body=body, headers=all_headers)
                response = conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                self.reconnects += 1
                if attempt:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            for value in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    self.cookies[key] = morsel.value
            return response.status, dict(response.headers), data
        raise RuntimeError("unreachable")


class _CsrfFinder(html.parser.HTMLParser):
    token = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken" and not self.token:
            self.token = a.get("value") or ""


def html_login(port: int, username: str = USERNAME) -> Client:
    client = Client(port)
    status, _h, body = client.request("GET", "/login/")
    if status != 200:
        raise SystemExit(f"bench: GET /login/ answered {status}")
    finder = _CsrfFinder()
    finder.feed(body.decode())
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": finder.token}
    ).encode()
    status, _headers, body = client.request(
        "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"bench: the login form answered {status}: {body[:300]!r}")
    return client


def api_login(port: int, username: str = USERNAME) -> Client:
    client = Client(port)
    payload = json.dumps({"username": username, "password": PASSWORD}).encode()
    status, _h, body = client.request(
        "POST", "/api/v1/auth/token", payload, {"Content-Type": "application/json"}
    )
    if status != 200:
        raise SystemExit(f"bench: POST /api/v1/auth/token answered {status}: {body[:300]!r}")
    client.headers["Authorization"] = "Bearer " + json.loads(body)["token"]
    return client


# ---------------------------------------------------------------------------- measure


@dataclass
class Result:
    name: str
    path: str
    times_ms: list[float]
    targeted: bool = True  # a list or a search, held to the targets

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=100, method="inclusive")[94]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.times_ms)


def measure(
    client: Client, name: str, paths, *, n: int, warmup: int, check=None, targeted=True
) -> Result:
    """paths: a list of paths used in turn. Every answer must be 200 (and pass `check`)."""
    times: list[float] = []
    for i in range(warmup + n):
        path = paths[i % len(paths)]
        t0 = time.perf_counter()
        status, _h, body = client.request("GET", path)
        elapsed = (time.perf_counter() - t0) * 1000
        if status != 200:
            raise SystemExit(f"bench: {name}: GET {path} answered {status}: {body[:300]!r}")
        if check is not None and i < warmup:
            check(path, body)
        if i >= warmup:
            times.append(elapsed)
    shown = paths[0] if len(paths) == 1 else re.sub(r"q=[^&]+", "q=<ref>", paths[0])
    result = Result(name, shown, times, targeted)
    log(
        f"{name:<22} p50 {result.p50:7.1f} ms  p95 {result.p95:7.1f} ms  mean {result.mean:7.1f} ms"
    )
    return result


def check_api_search(path: str, body: bytes) -> None:
    ref = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
    data = json.loads(body)
    if data["count"] != 1 or data["results"][0]["reference"] != ref:
        raise SystemExit(f"bench: the API search for {ref} did not find exactly that case")


def check_html_search(path: str, body: bytes) -> None:
    ref = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
    if ref.encode() not in body:
        raise SystemExit(f"bench: the HTML search for {ref} does not show it")


def check_api_list(path: str, body: bytes) -> None:
    data = json.loads(body)
    if not data["results"]:
        raise SystemExit("bench: the API list is empty")


@dataclass
class Throughput:
    name: str
    path: str
    requests: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def throughput(
    make_client, name: str, paths: list[str], *, clients: int, per_client: int
) -> Throughput:
    """`clients` threads, each with its own keep-alive connection, send `per_client`
    requests one after the other; requests per second over the wall time of them all."""
    errors: list[str] = []
    conns = [make_client() for _ in range(clients)]
    for c in conns:  # open the connections outside the timing
        c.request("GET", paths[0])
    start = threading.Barrier(clients + 1)

    def run(k: int) -> None:
        client = conns[k]
        start.wait()
        for i in range(per_client):
            path = paths[(k * per_client + i) % len(paths)]
            status, _h, body = client.request("GET", path)
            if status != 200:
                errors.append(f"GET {path} answered {status}: {body[:200]!r}")
                return

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    for c in conns:
        c.close()
    if errors:
        raise SystemExit(f"bench: {name}: {errors[0]}")
    result = Throughput(name, paths[0], clients * per_client, seconds)
    log(f"{name:<22} {clients} clients: {result.rps:7.0f} requests/s")
    return result


# ---------------------------------------------------------------------------- server


def start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    log_file = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nrm",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-migrate",
        ],
        env=env,
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: the server exited ({proc.returncode}); see {log_path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                conn.close()
                log(f"server up on 127.0.0.1:{port} (pid {proc.pid})")
                return proc
            conn.close()
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"bench: the server did not answer /api/v1/health in 120 s; see {log_path}")


def stop_server(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # gunicorn's master stops its workers
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own session only (start_new_session)
        proc.wait(timeout=10)
    log("server stopped")


# ---------------------------------------------------------------------------- report


def table(results: list[Result], bare: Result) -> str:
    lines = [
        "| endpoint | path | p50 ms | p95 ms | mean ms | p95 / bare p95 | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r is bare:
            ratio, verdict = "1.0", "baseline"
        elif not r.targeted:
            ratio, verdict = f"{r.p95 / bare.p95:.1f}", "no target"
        else:
            x = r.p95 / bare.p95
            ok = r.p95 <= TARGET_MS and x <= TARGET_RATIO
            ratio = f"{x:.1f}"
            verdict = (
                "met"
                if ok
                else (
                    "**missed**"
                    + (" (> 150 ms)" if r.p95 > TARGET_MS else "")
                    + (f" (> {TARGET_RATIO:g}× bare)" if x > TARGET_RATIO else "")
                )
            )
        lines.append(
            f"| {r.name} | `{r.path}` | {r.p50:.1f} | {r.p95:.1f} | {r.mean:.1f} | {ratio} "
            f"| {verdict} |"
        )
    return "\n".join(lines)


def write_doc(section: str) -> None:
    block = f"{START}\n{section.rstrip()}\n{END}\n"
    text = DOC.read_text() if DOC.exists() else INTRO + "\n"
    if START in text and END in text:
        before = text.split(START, 1)[0]
        after = text.split(END, 1)[1].lstrip("\n")
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block
    DOC.write_text(text)
    log(f"wrote {DOC.relative_to(ROOT)}")


def pg_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


@dataclass
class Sample:
    refs: list[str]  # random existing references
    ids: list[int]  # random case ids (any owner)
    own_ids: list[int]  # random ids of cases the caseworker's institution owns
    total: int
    inst_id: int  # the row the bare view reads


def sample(url: str, k: int, seed: int) -> Sample:
    """A random sample of k cases, k of the caseworker's cases, the number of cases."""
    with psycopg.connect(url) as conn:
        total = conn.execute("SELECT count(*) FROM registry_case").fetchone()[0]
        # TABLESAMPLE would skew small tables; the ids are read once, outside the timing.
        rows = conn.execute("SELECT reference, id FROM registry_case").fetchall()
        own = conn.execute(
            "SELECT c.id FROM registry_case c JOIN accounts_membership m"
            " ON m.institution_id = c.owner_institution_id"
            " JOIN accounts_user u ON u.id = m.user_id WHERE u.username = %s",
            [CASEWORKER],
        ).fetchall()
        inst = conn.execute(
            "SELECT id FROM accounts_institution WHERE code = 'ap-secretariat'"
        ).fetchone()[0]
    rng = random.Random(seed)
    picked = rng.sample(rows, min(k, len(rows)))
    own_picked = rng.sample(own, min(k, len(own))) or [(picked[0][1],)]
    return Sample(
        [r[0] for r in picked], [r[1] for r in picked], [r[0] for r in own_picked], total, inst
    )


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="measured, per endpoint")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--concurrent-requests",
        type=int,
        default=100,
        help=f"per client, for the throughput at {CLIENTS} concurrent clients",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternated throughput rounds (median)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database; generate only the cases missing"
    )
    parser.add_argument("--db", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="only the concurrent measurement (to iterate on it); implies --no-doc",
    )
    parser.add_argument(
        "--no-deadlines", action="store_true", help="skip the deadline-scan benchmark"
    )
    args = parser.parse_args(argv)

    url = args.db
    data_dir = ROOT / "var" / "bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        # Demo mode: the benchmark logs in as the demo's AP secretariat, without a TOTP code.
        "NRM_MODE": "demo",
        "NRM_DEBUG": "0",
        "NRM_DATA_DIR": str(data_dir),
        "NRM_BENCH": "1",
        "NRM_LOG_LEVEL": "WARNING",
    }

    if args.reuse:
        db_ensure(url)
    else:
        db_recreate(url)
    nrm(env, "migrate", "--verbosity", "0")
    have = 0
    if args.reuse:
        with psycopg.connect(url) as conn:
            have = conn.execute("SELECT count(*) FROM registry_case").fetchone()[0]
    missing = max(0, args.cases - have)
    if missing:
        t0 = time.monotonic()
        # A different seed per top-up, so --reuse never invents the same people twice.
        seed = args.seed + have
        nrm(env, "generate", "--cases", str(missing), "--seed", str(seed), timeout=12 * 3600)
        log(f"generated {missing} cases in {time.monotonic() - t0:.0f} s")
    nrm(env, "bench_setup")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # as autovacuum would have done after a bulk load

    picked = sample(url, max(args.requests + args.warmup, 1), args.seed)
    refs, ids, own_ids = picked.refs, picked.ids, picked.own_ids
    port = free_port()
    proc = None
    try:
        proc = start_server(env, port, data_dir / "server.log")
        api = api_login(port)
        web = html_login(port)
        worker = api_login(port, CASEWORKER)
        worker_web = html_login(port, CASEWORKER)
        bare_client = Client(port)
        load_before = os.getloadavg()[0]
        n, w = args.requests, args.warmup
        q = urllib.parse.quote
        bare_path = f"/-/bench/bare/{picked.inst_id}"
        if args.throughput_only:
            n, w = 3, 1
            args.no_doc = args.no_deadlines = True
        bare = measure(bare_client, "bare view", [bare_path], n=n, warmup=w)
        results = (
            []
            if args.throughput_only
            else [
                measure(api, "API list", ["/api/v1/cases"], n=n, warmup=w, check=check_api_list),
                measure(
                    api,
                    "API search",
                    [f"/api/v1/cases?q={q(r)}" for r in refs],
                    n=n,
                    warmup=w,
                    check=check_api_search,
                ),
                measure(web, "HTML list", ["/cases/"], n=n, warmup=w),
                measure(
                    web,
                    "HTML search",
                    [f"/cases/?q={q(r)}" for r in refs],
                    n=n,
                    warmup=w,
                    check=check_html_search,
                ),
                measure(
                    worker,
                    f"API list, {CASEWORKER}",
                    ["/api/v1/cases"],
                    n=n,
                    warmup=w,
                    check=check_api_list,
                ),
                measure(worker_web, f"HTML list, {CASEWORKER}", ["/cases/"], n=n, warmup=w),
                measure(web, "HTML dashboard", ["/"], n=n, warmup=w),
                # A caseworker's "/" is "My work" (docs/home.md): one or two queries a section.
                measure(worker_web, f"HTML dashboard, {CASEWORKER}", ["/"], n=n, warmup=w),
                measure(web, "HTML My work", ["/my-work/"], n=n, warmup=w),
                # Every read of a case writes its access-log row; the page also asks for
                # sensitivity, consent and the person-rights panel.
                measure(web, "HTML case page", [f"/cases/{i}/" for i in ids], n=n, warmup=w),
                measure(
                    worker_web,
                    f"HTML case page, {CASEWORKER}",
                    [f"/cases/{i}/" for i in own_ids],
                    n=n,
                    warmup=w,
                ),
                measure(web, "HTML inbox", ["/inbox/"], n=n, warmup=w),
                measure(worker_web, f"HTML inbox, {CASEWORKER}", ["/inbox/"], n=n, warmup=w),
                measure(
                    worker_web, f"HTML my deadlines, {CASEWORKER}", ["/deadlines/"], n=n, warmup=w
                ),
                measure(
                    web,
                    "HTML formal-identification queue",
                    ["/identifications/queue/"],
                    n=n,
                    warmup=w,
                ),
                measure(
                    api,
                    "API case read",
                    [f"/api/v1/cases/{i}" for i in ids],
                    n=n,
                    warmup=w,
                ),
            ]
        )
        results.append(bare)

        def api_client() -> Client:
            c = Client(port)
            c.headers.update(api.headers)
            return c

        per = args.concurrent_requests
        # Alternated rounds, the median ratio: on a shared machine the load moves between
        # one measurement and the next, and a single pair can be off by half.
        rounds = []
        for _ in range(args.rounds):
            bare_tp = throughput(
                lambda: Client(port), "bare view", [bare_path], clients=CLIENTS, per_client=per
            )
            read_tp = throughput(
                api_client,
                "API case read",
                [f"/api/v1/cases/{i}" for i in ids],
                clients=CLIENTS,
                per_client=per,
            )
            rounds.append((read_tp.rps / bare_tp.rps, bare_tp, read_tp))
        rounds.sort(key=lambda r: r[0])
        tp_ratio, bare_tp, read_tp = rounds[len(rounds) // 2]
        load_after = os.getloadavg()[0]
        for c in (api, web, worker, worker_web, bare_client):
            c.close()
    finally:
        stop_server(proc)

    m = machine()
    missed = [
        r.name
        for r in results
        if r is not bare and r.targeted and (r.p95 > TARGET_MS or r.p95 / bare.p95 > TARGET_RATIO)
    ]
    tp_verdict = "met" if tp_ratio >= TARGET_THROUGHPUT else "**missed**"
    section = "\n".join(
        [
            f"## Last run — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"- cases: {picked.total:,}; caller: `{USERNAME}` (sees every case) unless named; "
            f"{n} measured requests per endpoint after {w} warm-up",
            f"- machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gib']} GiB memory, {m['os']}; "
            f"Python {m['python']}; PostgreSQL {pg_version(url)} on the same machine",
            "- server: `nrm serve --workers 2` (gunicorn, 4 threads per worker), "
            "`NRM_MODE=demo NRM_DEBUG=0`",
            f"- load average (1 min) before / after measuring: {load_before:.2f} / "
            f"{load_after:.2f} — the machine is shared, so figures move between runs",
            "",
            table(results, bare),
            "",
            (
                f"Targets met: p95 ≤ 150 ms and ≤ {TARGET_RATIO:g} × the bare view's p95 "
                "for every page."
                if not missed
                else "Targets missed by: " + ", ".join(missed) + "."
            ),
            "",
            f"Throughput, {CLIENTS} concurrent clients on loopback (one keep-alive connection "
            f"each, {per} requests each; the median of {args.rounds} alternated rounds, ratios "
            f"{', '.join(f'{r[0]:.2f}' for r in rounds)}):",
            "",
            "| endpoint | path | requests/s | ratio to bare | target |",
            "|---|---|---:|---:|---|",
            f"| {bare_tp.name} | `{bare_tp.path}` | {bare_tp.rps:.0f} | 1.00 | baseline |",
            f"| {read_tp.name} | `{read_tp.path}` | {read_tp.rps:.0f} | {tp_ratio:.2f} "
            f"| ≥ {TARGET_THROUGHPUT:g}: {tp_verdict} |",
        ]
    )
    print()
    print(section)
    if not args.no_doc:
        write_doc(section)
    if not args.no_deadlines:
        # The deadline scan (issue 4) has its own database and Django set-up: a subprocess.
        extra = ["--no-doc"] if args.no_doc else []
        subprocess.run([sys.executable, str(ROOT / "bench" / "deadlines.py"), *extra], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
