"""Charts drawn on the server as inline SVG (issue 14 item 6, docs/charts.md): no script, no
`style` attribute, no `<style>` element (the CSP is 'self' without 'unsafe-inline'). Shapes
carry classes that `nrm.css` colours, plus presentation attributes so a chart also reads where
that stylesheet is absent (a PDF). Every chart scales with its `viewBox`, names itself with
`role="img"`, `<title>` and `<desc>` (the numbers in words), and is drawn beside a table of the
same numbers by the page that shows it.

A value is a number, a string (a suppressed cell: "<5", "c" — drawn as a hatched mark with
that text, never as a bar of some length), or None (not collected: "—").

Only counts and labels come in; the caller translates the labels. Nothing here knows a case
or a person."""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Value = int | float | str | None

WIDTH = 400  # viewBox units: about one unit a CSS pixel on a 390-px phone
FONT = 13
SMALL = 11
CHAR = 0.62  # a generous average glyph width, in ems: text measured with it does not overlap
BAR = 14  # height of a horizontal bar
ROW = FONT + 4 + BAR + 10  # a category: its label line, its bar, a gap
SUPPRESSED_MARK = 26  # width of the hatched mark of a suppressed cell (says nothing of its size)
PLOT_HEIGHT = 150
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")  # Okabe-Ito
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,40}$")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]


def text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def fmt(value: Value) -> str:
    """A value as people read it, in the active language (decimal comma in Albanian)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1)
    return number_format(int(value), force_grouping=True)


def is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fit(text: str, width: float, size: int = FONT) -> str:
    """`text` cut to `width` with an ellipsis (the full text is in the table beside)."""
    room = int(width / (size * CHAR))
    return text if len(text) <= room else text[: max(1, room - 1)].rstrip() + "…"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _ids(key: str) -> tuple[str, str, str]:
    if not _KEY.match(key):
        raise ValueError(f"chart key {key!r}: a letter, then letters, digits, - or _")
    base = f"chart-{key}"
    return f"{base}-t", f"{base}-d", f"{base}-h"


def _open(kind: str, key: str, height: float, title: str, desc: str) -> list[str]:
    title_id, desc_id, hatch_id = _ids(key)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nrm-chart chart-{kind}" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" data-chart="{escape(key)}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<defs><pattern id="{hatch_id}" class="hatch" patternUnits="userSpaceOnUse" '
        'width="6" height="6" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b6b" stroke-width="2"/></pattern></defs>',
    ]


def _suppressed(x: float, y: float, width: float, height: float, hatch_id: str) -> str:
    return (
        f'<rect class="suppressed" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" '
        f'height="{_num(height)}" fill="url(#{hatch_id})" stroke="#6b6b6b" stroke-width="1"/>'
    )


def _text(x: float, y: float, text: str, cls: str = "label", size: int = FONT, anchor="") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}" font-size="{size}"{anchor_attr}>'
        f"{escape(text)}</text>"
    )


def _svg(parts: list[str]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 (every text and attribute escaped above)


def _describe(labels: Sequence[str], values: Sequence[Value]) -> str:
    return "; ".join(f"{label}: {fmt(value)}" for label, value in zip(labels, values, strict=True))


def _empty(kind: str, key: str, title: str) -> SafeString:
    message = _("No data for this period.")
    parts = _open(kind, key, 30, title, message)
    parts += [_text(0, 20, message, "label empty"), "</svg>"]
    return _svg(parts)


def bar_chart(
    *, key: str, title: str, labels: Sequence[str], values: Sequence[Value]
) -> SafeString:
    """Horizontal bars, one a category: the label on its own line above its bar (long labels
    never collide on a phone), the value after the bar. Bars are proportional to the values,
    the longest the width of the track. `key` makes the chart's ids unique on its page."""
    if len(labels) != len(values):
        raise ValueError("bar_chart: as many labels as values")
    _title_id, _desc_id, hatch_id = _ids(key)
    if not labels:
        return _empty("bars", key, title)
    texts = [fmt(value) for value in values]
    track = WIDTH - max(text_width(text) for text in texts) - 8  # the value fits after a bar
    top = max((value for value in values if is_number(value)), default=0) or 0
    height = len(labels) * ROW + 4
    parts = _open("bars", key, height, title, _describe(labels, values))
    for index, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        y = index * ROW + 4
        bar_y = y + FONT + 4
        parts.append(f'<g class="item s0"><title>{escape(label)}: {escape(text)}</title>')
        parts.append(_text(0, y + FONT - 2, _fit(label, WIDTH)))
        if is_number(value):
            width = track * value / top if top > 0 else 0
            if width > 0:
                parts.append(
                    f'<rect class="bar" x="0" y="{_num(bar_y)}" width="{_num(width)}" '
                    f'height="{BAR}" fill="{PALETTE[0]}"/>'
                )
            parts.append(_text(width + 4, bar_y + BAR - 3, text, "value"))
        elif isinstance(value, str):
            parts.append(_suppressed(0, bar_y, SUPPRESSED_MARK, BAR, hatch_id))
            parts.append(_text(SUPPRESSED_MARK + 4, bar_y + BAR - 3, text, "value suppressed-text"))
        else:
            parts.append(_text(0, bar_y + BAR - 3, text, "value missing"))
        parts.append("</g>")
    parts.append("</svg>")
    return _svg(parts)


def stacked_bar_chart(*, key: str, title: str, labels: Sequence[str], series: Sequence[Series]):
    """Horizontal bars of parts (deadlines met on time, late, missed): each category's bar is
    its parts end to end, in proportion, the longest bar the width of the track; a part's
    number is written inside it when it fits. A suppressed part is a hatched mark with its
    text after the bar (its share is unknown, so it has no length)."""
    if any(len(one.values) != len(labels) for one in series):
        raise ValueError("stacked_bar_chart: as many values as labels in every series")
    _title_id, _desc_id, hatch_id = _ids(key)
    if not labels or not series:
        return _empty("stacked", key, title)
    rows = list(zip(*(one.values for one in series), strict=True))
    top = max((sum(v for v in row if is_number(v)) for row in rows), default=0)
    legend, legend_height = _legend(series, always=True)
    # room after the longest bar for the widest row's suppressed marks and their texts
    reserve = max(
        sum(4 + SUPPRESSED_MARK + 3 + text_width(v) for v in row if isinstance(v, str))
        for row in rows
    )
    track = max(WIDTH - max(reserve, 2 * (SUPPRESSED_MARK + 4 + text_width("<5"))), WIDTH / 4)
    height = legend_height + 4 + len(labels) * ROW + 4
    desc = " — ".join(f"{one.name}: {_describe(labels, one.values)}" for one in series)
    parts = _open("stacked", key, height, title, desc) + legend
    for index, (label, row) in enumerate(zip(labels, rows, strict=True)):
        y = legend_height + 4 + index * ROW
        bar_y = y + FONT + 4
        parts.append(f'<g class="item"><title>{escape(label)}</title>')
        parts.append(_text(0, y + FONT - 2, _fit(label, WIDTH)))
        x = 0.0
        hidden = []
        for number, value in enumerate(row):
            if isinstance(value, str):
                hidden.append(value)
            if not is_number(value) or value <= 0 or top <= 0:
                continue
            width = track * value / top
            cls = f"s{number % len(PALETTE)}"
            parts.append(
                f'<g class="{cls}"><title>{escape(series[number].name)}: {fmt(value)}</title>'
                f'<rect class="bar" x="{_num(x)}" y="{_num(bar_y)}" width="{_num(width)}" '
                f'height="{BAR}" fill="{PALETTE[number % len(PALETTE)]}"/>'
            )
            if text_width(fmt(value), SMALL) + 4 <= width:
                parts.append(
                    _text(x + width / 2, bar_y + BAR - 3, fmt(value), "value in", SMALL, "middle")
                )
            parts.append("</g>")
            x += width
        for text in hidden:
            x += 4
            parts.append(_suppressed(x, bar_y, SUPPRESSED_MARK, BAR, hatch_id))
            parts.append(_text(x + SUPPRESSED_MARK + 3, bar_y + BAR - 3, text, "value"))
            x += SUPPRESSED_MARK + 3 + text_width(text)
        parts.append("</g>")
    parts.append("</svg>")
    return _svg(parts)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and round steps up to at least `top` (1, 2, 2.5 or 5 times a power of ten; whole
    numbers for counts under 4)."""
    if top <= 0:
        return [0, 1]
    rough = top / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    if top >= 1 and step < 1:
        step = 1
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _legend(series: Sequence[Series], always: bool = False) -> tuple[list[str], float]:
    """Names of the series: a line each (dashed as drawn) for a trend; `always` (stacked
    bars, even of one part): a square of the part's colour."""
    if len(series) < 2 and not always:
        return [], 0
    parts, x, y = [], 0.0, FONT
    for index, one in enumerate(series):
        name = _fit(one.name, WIDTH - 30)
        width = 30 + text_width(name)
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + FONT + 6
        cls = f"s{index % len(PALETTE)}"
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        colour = PALETTE[index % len(PALETTE)]
        swatch = (
            f'<rect class="bar" x="{_num(x + 4)}" y="{_num(y - 10)}" width="14" height="10" '
            f'fill="{colour}"/>'
            if always
            else f'<line class="line" x1="{_num(x)}" y1="{_num(y - 4)}" x2="{_num(x + 22)}" '
            f'y2="{_num(y - 4)}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(f'<g class="legend {cls}">{swatch}{_text(x + 26, y, name)}</g>')
        x += width + 10
    return parts, y + 8


def trend_chart(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    ticks: Sequence[str] | None = None,
) -> SafeString:
    """Months (or any ordered periods) along the bottom: one series as columns, several as
    lines with a legend (colour and dash tell them apart). `labels` name the periods in full
    (the description); `ticks` are what the axis shows, a second line after "\\n" (e.g. "Jan\\n
    2026"); ticks are thinned so none overlap. A suppressed value is a hatched mark on the
    baseline with its text, a line breaks there."""
    ticks = list(ticks if ticks is not None else labels)
    if len(ticks) != len(labels) or any(len(one.values) != len(labels) for one in series):
        raise ValueError("trend_chart: as many values and ticks as labels")
    _title_id, _desc_id, hatch_id = _ids(key)
    if not labels or not series:
        return _empty("trend", key, title)
    numbers = [v for one in series for v in one.values if is_number(v)]
    scale = nice_ticks(max(numbers, default=0))
    tick_texts = [fmt(int(t) if float(t).is_integer() else t) for t in scale]
    left = max(text_width(t, SMALL) for t in tick_texts) + 6
    legend, legend_height = _legend(series)
    plot_top = legend_height + SMALL + 6  # room for a column's value above it
    base = plot_top + PLOT_HEIGHT
    plot_width = WIDTH - left - 4
    slot = plot_width / len(labels)
    lines_of = [tick.split("\n") for tick in ticks]
    widest = max(text_width(line, SMALL) for lines in lines_of for line in lines)
    step = max(1, math.ceil((widest + 4) / slot))
    height = base + 6 + 2 * (SMALL + 3)
    desc = " — ".join(f"{one.name}: {_describe(labels, one.values)}" for one in series)
    parts = _open("trend", key, height, title, desc)
    parts += legend
    for tick, text in zip(scale, tick_texts, strict=True):
        y = base - PLOT_HEIGHT * tick / scale[-1]
        cls = "axis" if tick == 0 else "grid-line"
        parts.append(
            f'<line class="{cls}" x1="{_num(left)}" y1="{_num(y)}" x2="{WIDTH}" y2="{_num(y)}" '
            'stroke="#888888" stroke-width="1"/>'
        )
        parts.append(_text(left - 4, y + 3, text, "label tick", SMALL, "end"))
    for index, lines in enumerate(lines_of):
        if index % step:
            continue
        x = left + slot * (index + 0.5)
        for line_no, line in enumerate(lines[:2]):
            y = base + 6 + (line_no + 1) * SMALL + line_no * 3
            parts.append(_text(x, y, line, "label tick", SMALL, "middle"))

    def y_of(value: float) -> float:
        return base - PLOT_HEIGHT * value / scale[-1]

    if len(series) == 1:
        parts += _columns(series[0], labels, left, slot, base, y_of, hatch_id)
    else:
        for number, one in enumerate(series):
            parts += _line(one, number, labels, left, slot, base, y_of, hatch_id)
    parts.append("</svg>")
    return _svg(parts)


def _columns(one: Series, labels, left, slot, base, y_of, hatch_id) -> list[str]:
    parts = [f'<g class="series s0" data-series="{escape(one.name)}">']
    width = slot * 0.7
    for index, (label, value) in enumerate(zip(labels, one.values, strict=True)):
        x = left + slot * index + (slot - width) / 2
        centre = x + width / 2
        text = fmt(value)
        fits = text_width(text, SMALL) <= slot
        parts.append(f"<g><title>{escape(label)}: {escape(text)}</title>")
        if is_number(value):
            y = y_of(value)
            if value > 0:
                parts.append(
                    f'<rect class="bar" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" '
                    f'height="{_num(base - y)}" fill="{PALETTE[0]}"/>'
                )
            if fits:
                parts.append(_text(centre, y - 3, text, "value", SMALL, "middle"))
        elif isinstance(value, str):
            parts.append(_suppressed(x, base - 10, width, 10, hatch_id))
            parts.append(_text(centre, base - 13, text, "value suppressed-text", SMALL, "middle"))
        parts.append("</g>")
    parts.append("</g>")
    return parts


def _line(one: Series, number, labels, left, slot, base, y_of, hatch_id) -> list[str]:
    cls = f"s{number % len(PALETTE)}"
    colour = PALETTE[number % len(PALETTE)]
    dash = DASHES[number % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<g class="series {cls}" data-series="{escape(one.name)}">']
    run: list[str] = []
    points: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            parts.append(
                f'<polyline class="line" points="{" ".join(run)}" fill="none" '
                f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            )
        run.clear()

    for index, (label, value) in enumerate(zip(labels, one.values, strict=True)):
        x = left + slot * (index + 0.5)
        text = fmt(value)
        if is_number(value):
            y = y_of(value)
            run.append(f"{_num(x)},{_num(y)}")
            points.append(
                f'<circle class="point" cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{colour}">'
                f"<title>{escape(one.name)}, {escape(label)}: {escape(text)}</title></circle>"
            )
            continue
        flush()
        if isinstance(value, str):
            y = base - 8 - number * (SMALL + 10)
            points.append(
                f"<g><title>{escape(one.name)}, {escape(label)}: {escape(text)}</title>"
                + _suppressed(x - 4, y, 8, 8, hatch_id)
                # in the right half the text goes left of the mark: it stays in the chart
                + (
                    _text(x - 6, y + 8, text, "value suppressed-text", SMALL, "end")
                    if x > WIDTH / 2
                    else _text(x + 6, y + 8, text, "value suppressed-text", SMALL)
                )
                + "</g>"
            )
    flush()
    parts += points
    parts.append("</g>")
    return parts
