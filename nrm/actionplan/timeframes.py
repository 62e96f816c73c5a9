"""An activity's timeframe as written ("K4 2015", "2015-2017", "2016", "vazhdimësi" and its
spellings, blank) → its kind and dates. Pure; the words come from the profile."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

QUARTER_START = {1: (1, 1), 2: (4, 1), 3: (7, 1), 4: (10, 1)}
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
YEARS = re.compile(r"^(\d{4})\s*(?:[-–—]\s*(\d{4}))?$")


@dataclass(frozen=True)
class Timeframe:
    kind: str  # TimeframeKind value
    starts_on: date | None = None
    ends_on: date | None = None


class BadTimeframe(ValueError):
    pass


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Në vazhdimësi" → "ne vazhdimesi"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def parse(
    text: str,
    *,
    continuous_words: tuple[str, ...],
    quarter_prefixes: tuple[str, ...],
    plan_years: tuple[int, int] | None = None,
) -> Timeframe:
    """Raises BadTimeframe for anything else. A continuous activity runs over the plan's
    years when they are known."""
    folded = fold(text)
    if not folded:
        return Timeframe("unspecified")
    if folded in {fold(w) for w in continuous_words}:
        if plan_years:
            return Timeframe("continuous", date(plan_years[0], 1, 1), date(plan_years[1], 12, 31))
        return Timeframe("continuous")
    prefixes = "|".join(re.escape(fold(p)) for p in quarter_prefixes if p)
    if prefixes:
        m = re.match(rf"^(?:{prefixes})\s*([1-4])\s+(\d{{4}})$", folded)
        if m:
            q, year = int(m.group(1)), int(m.group(2))
            return Timeframe("quarter", date(year, *QUARTER_START[q]), date(year, *QUARTER_END[q]))
    m = YEARS.match(folded)
    if m:
        first = int(m.group(1))
        last = int(m.group(2) or first)
        if last < first or not 1900 < first < 2200:
            raise BadTimeframe(text)
        return Timeframe("years", date(first, 1, 1), date(last, 12, 31))
    raise BadTimeframe(text)


def years_of(timeframes: list[Timeframe]) -> tuple[int, int] | None:
    dated = [t for t in timeframes if t.starts_on]
    if not dated:
        return None
    return min(t.starts_on.year for t in dated), max(t.ends_on.year for t in dated)
