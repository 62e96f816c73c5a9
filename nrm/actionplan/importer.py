"""Reading an action-plan file (the format of domain/004_action_plan.json): its
specific-objective headers and its rows. Pure: returns what to save, or raises `BadFile`
naming the row at fault. Nothing is saved here (services.plan_import does)."""

import json
import re
from dataclasses import dataclass, field

from nrm.actionplan import timeframes

TOP_KEYS = {"so_headers", "rows"}
ROW_KEYS = {
    "line",
    "id",
    "so",
    "activity",
    "results",
    "indicators",
    "verification",
    "responsible",
    "supporting",
    "timeline",
}
REQUIRED = ("id", "so", "activity")
ACTIVITY_CODE = re.compile(r"^\d+(\.\d+){2}$")
OBJECTIVE_CODE = re.compile(r"^\d+\.\d+$")
MAX_ROWS = 2000
MAX_CELL = 5000
# An institution cell lists names split by commas, semicolons and slashes.
SPLIT = re.compile(r"[,;/]")


class BadFile(ValueError):
    """`row` is the 1-based row of `rows` (0: the file itself), `line` the source line."""

    def __init__(self, message: str, *, row: int = 0, line: int | None = None):
        self.row = row
        self.line = line
        where = f"row {row}" + (f" (line {line})" if line else "") + ": " if row else ""
        super().__init__(where + message)


@dataclass
class Row:
    code: str
    objective: str
    description: str
    expected_results: str
    indicators: str
    verification: str
    responsible: str
    supporting: str
    timeframe_text: str
    timeframe: timeframes.Timeframe
    source_line: int | None
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    headers: dict[str, str]
    rows: list[Row]
    years: tuple[int, int] | None


def names(cell: str) -> list[str]:
    """ "MPB, MASHT/ MKRS," → ["MPB", "MASHT", "MKRS"] (order kept, no repeats)."""
    seen: list[str] = []
    for part in SPLIT.split(cell or ""):
        name = " ".join(part.split()).strip(" .-")
        if name and name not in seen:
            seen.append(name)
    return seen


def parse(raw: bytes | str, *, continuous_words, quarter_prefixes) -> Parsed:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadFile(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BadFile("the file must be an object with so_headers and rows")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise BadFile(f"unknown keys: {', '.join(sorted(unknown))}")
    headers = data.get("so_headers")
    rows = data.get("rows")
    if not isinstance(headers, dict) or not isinstance(rows, list) or not rows:
        raise BadFile("so_headers must be an object and rows a non-empty list")
    if len(rows) > MAX_ROWS:
        raise BadFile(f"more than {MAX_ROWS} rows")
    for code, text in headers.items():
        if not OBJECTIVE_CODE.match(str(code)) or not isinstance(text, str):
            raise BadFile(f"so_headers: {code!r} is not an objective code with a text")
    found: list[tuple[dict, int]] = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise BadFile("not an object", row=n)
        line = row.get("line") if isinstance(row.get("line"), int) else None
        unknown = set(row) - ROW_KEYS
        if unknown:
            raise BadFile(f"unknown columns: {', '.join(sorted(unknown))}", row=n, line=line)
        for key in ROW_KEYS - {"line"}:
            value = row.get(key, "")
            if not isinstance(value, str):
                raise BadFile(f"{key} must be text", row=n, line=line)
            if len(value) > MAX_CELL:
                raise BadFile(f"{key} is longer than {MAX_CELL} characters", row=n, line=line)
        for key in REQUIRED:
            if not row.get(key, "").strip():
                raise BadFile(f"{key} is empty", row=n, line=line)
        if not ACTIVITY_CODE.match(row["id"].strip()):
            raise BadFile(f"id {row['id']!r} is not an activity number", row=n, line=line)
        if row["so"].strip() not in headers:
            raise BadFile(f"objective {row['so']!r} has no header", row=n, line=line)
        if not row["id"].strip().startswith(row["so"].strip() + "."):
            raise BadFile(
                f"activity {row['id']!r} is not under objective {row['so']!r}", row=n, line=line
            )
        found.append((row, line))
    codes = [r["id"].strip() for r, _ in found]
    for n, code in enumerate(codes, start=1):
        if codes.index(code) != n - 1:
            raise BadFile(f"activity {code!r} appears twice", row=n, line=found[n - 1][1])
    parsed_frames = []
    for n, (row, line) in enumerate(found, start=1):
        try:
            parsed_frames.append(
                timeframes.parse(
                    row.get("timeline", ""),
                    continuous_words=continuous_words,
                    quarter_prefixes=quarter_prefixes,
                )
            )
        except timeframes.BadTimeframe:
            raise BadFile(
                f"timeframe {row.get('timeline')!r} is not understood", row=n, line=line
            ) from None
    years = timeframes.years_of(parsed_frames)
    out = []
    for (row, line), frame in zip(found, parsed_frames, strict=True):
        if frame.kind == "continuous" and years:
            frame = timeframes.Timeframe(
                "continuous",
                timeframes.date(years[0], 1, 1),
                timeframes.date(years[1], 12, 31),
            )
        clean = {k: " ".join(str(row.get(k, "")).split()) for k in ROW_KEYS - {"line"}}
        out.append(
            Row(
                code=clean["id"],
                objective=clean["so"],
                description=clean["activity"],
                expected_results=clean["results"],
                indicators=clean["indicators"],
                verification=clean["verification"],
                responsible=clean["responsible"],
                supporting=clean["supporting"],
                timeframe_text=clean["timeline"],
                timeframe=frame,
                source_line=line,
                lead=names(clean["responsible"]),
                support=names(clean["supporting"]),
            )
        )
    return Parsed(
        headers={str(k): " ".join(v.split()) for k, v in headers.items()}, rows=out, years=years
    )
