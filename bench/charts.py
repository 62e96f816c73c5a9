"""The coordinators' dashboard with and without its statistics charts (docs/charts.md).

`python bench/charts.py --data-dir DIR [--rounds N]` on a database made by `nrm migrate`,
`nrm generate --cases N` and `nrm bench_setup` (SQLite in DIR). It logs in as the AP
secretariat through Django's test client (in process: the view's own time, no server) and
reports the median time of `GET /` without builders in the catalogue (the page as before)
and with the five dashboard tables built by stand-in builders (tests/statistics/toys.py: the
monthly trend counts cases by month in one query, the others are fixed), then the time to
draw a chart alone. The real builders' own cost is theirs to measure (docs/statistics.md).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_ms(action, rounds: int) -> float:
    action()  # warm: templates, translations, the first query plans
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ["NRM_DATA_DIR"] = os.path.abspath(args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrm.settings")
    os.environ.setdefault("NRM_MODE", "demo")  # the demo accounts, as bench/run.py
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from nrm.statistics import catalogue, charts
    from tests.statistics import toys

    client = Client(HTTP_HOST="127.0.0.1")
    login = client.post("/login/", {"username": "ap.secretariat", "password": "demo"})
    if login.status_code != 302:
        raise SystemExit(f"bench: login answered {login.status_code}")

    def page() -> None:
        response = client.get("/")
        if response.status_code != 200:
            raise SystemExit(f"bench: GET / answered {response.status_code}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page()
        return len(captured)

    before, before_q = median_ms(page, args.rounds), queries()
    for code, build in toys.BUILDERS.items():
        catalogue._SPECS[code] = catalogue.TableSpec(code, build)
    from django.core.cache import cache

    def first_visit() -> None:
        cache.clear()
        page()

    cold = median_ms(first_visit, args.rounds)
    after, after_q = median_ms(page, args.rounds), queries()
    assert b"dash-statistics-charts" in client.get("/").content
    from nrm.core import clock
    from nrm.statistics.dashboard import last_months

    period = last_months(clock.today())
    tables = {code: spec.build(period, clock.now()) for code, spec in catalogue._SPECS.items()}
    built = median_ms(
        lambda: [spec.build(period, clock.now()) for spec in catalogue._SPECS.values()],
        args.rounds,
    )
    drawn = median_ms(lambda: [charts.table_chart(t) for t in tables.values()], args.rounds)
    for code, table in tables.items():  # builders that cost nothing: what the page adds
        catalogue._SPECS[code] = catalogue.TableSpec(code, lambda p, c, table=table: table)
    shown = median_ms(first_visit, args.rounds)
    print(f"GET / as the AP secretariat, median of {args.rounds}:")
    print(f"  without charts  {before:7.1f} ms  {before_q} queries")
    print(f"  with 5 charts, tables built  {cold:7.1f} ms")
    print(f"  with 5 charts, tables kept   {after:7.1f} ms  {after_q} queries")
    print(f"  with 5 charts of ready tables {shown:7.1f} ms (sections, charts, tables)")
    print(f"  building the 5 stand-in tables {built:6.1f} ms")
    print(f"  drawing the 5 charts alone {drawn:10.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
