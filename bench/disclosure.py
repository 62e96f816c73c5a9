"""Time of disclosure control against a release log (docs/disclosure.md): a 20 × 5 table
with many small cells released as twelve months, four quarters and the year, each checked
against everything released before. `PYTHONPATH=. .venv/bin/python bench/disclosure.py`"""

import random
import time

from nrm.statistics.disclosure import Rules, leaks, publish
from tests.statistics.disclosure_tables import YEAR_2024, grid, month, quarter

ROWS = [f"C{i}" for i in range(20)]
COLS = ["F_LT18", "F_GE18", "M_LT18", "M_GE18", "UNK"]


def main() -> None:
    random.seed(1)
    rules = Rules()
    months = [
        {r: {c: random.choice([0, 0, 1, 2, 3, 5, 8, 13]) for c in COLS} for r in ROWS}
        for _ in range(12)
    ]
    released = []

    def step(name, period, inner):
        start = time.perf_counter()
        released.append(publish(grid("T02", period, inner), tier=2, rules=rules, released=released))
        print(f"{name}: {time.perf_counter() - start:.2f} s, {len(released[-1].suppressed)} hidden")

    for m in range(12):
        step(f"month {m + 1}", month(m + 1), months[m])
    for q in range(4):
        parts = months[3 * q : 3 * q + 3]
        step(f"quarter {q + 1}", quarter(q + 1), _sum(parts))
    step("year", YEAR_2024, _sum(months))
    print("recoverable at the end:", leaks(released))


def _sum(parts):
    return {r: {c: sum(p[r][c] for p in parts) for c in COLS} for r in ROWS}


if __name__ == "__main__":
    main()
