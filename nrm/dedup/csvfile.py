"""Reading and writing the files of `nrm dedup`: strict, with the line at fault.

The input is refused whole (`BadFile`, whose message names the line) when it is not UTF-8,
its header is not exactly `columns.HEADER`, a row has the wrong number of cells, a
record_id is empty or repeated, a date is not a real `YYYY-MM-DD`, an estimated age is not
a whole number 0–120, a sex is not one of `SEXES`, or the file is over `MAX_BYTES` or
`MAX_RECORDS`. The output is written to a temporary file beside the target and renamed
over it only when complete.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from datetime import date
from pathlib import Path

from nrm.dedup.columns import HEADER, OUTPUT_HEADER

MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: ~10 million records
MAX_RECORDS = 5_000_000
SEXES = frozenset({"", "female", "male", "other", "unknown", "f", "m"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AGE = re.compile(r"^\d{1,3}$")


class BadFile(Exception):
    """The input is refused; the message names the line at fault."""


def read_persons(
    path: str | Path, *, max_bytes: int = MAX_BYTES, max_records: int = MAX_RECORDS
) -> list[dict[str, str]]:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise BadFile(f"{path}: cannot be read ({e.strerror})") from e
    if size > max_bytes:
        raise BadFile(
            f"{path}: {size:,} bytes, over the limit of {max_bytes:,} bytes: split the file"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise BadFile(
            f"line {line}: not UTF-8 (byte {raw[e.start]:#04x}); save the file as UTF-8"
        ) from e
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile("line 1: the file is empty; the header is required") from None
    except csv.Error as e:
        raise BadFile(f"line 1: {e}") from e
    if tuple(h.strip() for h in header) != HEADER:
        raise BadFile(f"line 1: the header must be exactly {','.join(HEADER)}")
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != len(HEADER):
                raise BadFile(f"line {line}: {len(cells)} cells, {len(HEADER)} expected")
            row = dict(zip(HEADER, (c.strip() for c in cells), strict=True))
            _check(row, line, seen)
            rows.append(row)
            if len(rows) > max_records:
                raise BadFile(f"line {line}: more than {max_records:,} records: split the file")
    except csv.Error as e:
        raise BadFile(f"line {reader.line_num}: {e}") from e
    return rows


def _check(row: dict[str, str], line: int, seen: dict[str, int]) -> None:
    rid = row["record_id"]
    if not rid:
        raise BadFile(f"line {line}: record_id is empty")
    if rid in seen:
        raise BadFile(f"line {line}: record_id {rid!r} repeats line {seen[rid]}")
    seen[rid] = line
    dob = row["date_of_birth"]
    if dob:
        try:
            if not _DATE.match(dob):
                raise ValueError
            date.fromisoformat(dob)
        except ValueError:
            raise BadFile(f"line {line}: date_of_birth {dob!r} is not a date YYYY-MM-DD") from None
    age = row["estimated_age"]
    if age and (not _AGE.match(age) or int(age) > 120):
        raise BadFile(f"line {line}: estimated_age {age!r} is not a whole number 0–120")
    if row["sex"].lower() not in SEXES:
        raise BadFile(f"line {line}: sex {row['sex']!r} is not female, male, other or unknown")


def write_clusters(path: str | Path, record_ids: list[str], person_ids: list[int]) -> None:
    """`record_id,person_id` for every record, atomically (temporary file, then rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(OUTPUT_HEADER)
            for rid, pid in zip(record_ids, person_ids, strict=True):
                w.writerow((rid, f"P{pid + 1:07d}"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
