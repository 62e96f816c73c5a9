"""nrm.core.charts: inline SVG that parses, obeys the CSP (no style anywhere), draws bars in
proportion to the values, never draws a suppressed cell as a number, and speaks the page's
language (docs/charts.md)."""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from nrm.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, no entities)


def no_style(root: ET.Element) -> None:
    for element in root.iter():
        assert element.tag != f"{SVG}style"
        assert "style" not in element.attrib


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def test_a_bar_chart_is_accessible_well_formed_svg_without_style():
    root = parse(charts.bar_chart(key="forms", title="By form", labels=["A", "B"], values=[3, 9]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert re.match(r"0 0 400 \d+", root.get("viewBox"))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "By form"
    assert desc.text == "A: 3; B: 9"  # the numbers in words for a screen reader
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    no_style(root)


def test_bars_are_proportional_to_the_values_the_largest_the_full_track():
    values = [40, 10, 25, 0]
    root = parse(charts.bar_chart(key="k", title="t", labels=list("abcd"), values=values))
    widths = [float(r.get("width")) for r in bars(root)]
    assert len(widths) == 3  # a zero draws no bar, only its "0"
    assert widths[0] / widths[1] == pytest.approx(4, rel=0.01)
    assert widths[0] / widths[2] == pytest.approx(40 / 25, rel=0.01)
    assert widths[0] < 400 and "0" in texts(root)


@pytest.mark.parametrize("mark", ["<5", "c"])
def test_a_suppressed_cell_is_a_hatched_mark_with_its_text_never_a_bar(mark):
    root = parse(charts.bar_chart(key="k", title="t", labels=["big", "small"], values=[120, mark]))
    assert len(bars(root)) == 1  # only the number has a bar
    hatched = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "suppressed"]
    assert len(hatched) == 1
    assert hatched[0].get("fill") == "url(#chart-k-h)"
    assert float(hatched[0].get("width")) == charts.SUPPRESSED_MARK  # says nothing of its size
    assert mark in texts(root)
    assert root.find(f"{SVG}desc").text == f"big: 120; small: {mark}"
    no_style(root)


def test_a_long_label_is_cut_on_its_own_line_and_whole_in_the_title():
    label = "Shfrytëzim për punë të detyruar në bujqësi, ndërtim dhe shërbime shtëpiake"
    root = parse(charts.bar_chart(key="k", title="t", labels=[label], values=[7]))
    shown = texts(root)[0]
    assert shown.endswith("…") and len(shown) * charts.FONT * charts.CHAR <= charts.WIDTH
    assert root.find(f"{SVG}g/{SVG}title").text == f"{label}: 7"


def test_a_trend_of_one_series_is_columns_in_proportion():
    labels = ["January 2026", "February 2026", "March 2026"]
    series = [charts.Series("Identified", (10, "<5", 5))]
    root = parse(charts.trend_chart(key="t6", title="Trend", labels=labels, series=series))
    no_style(root)
    heights = [float(r.get("height")) for r in bars(root)]
    assert heights[0] / heights[1] == pytest.approx(2, rel=0.01)
    assert [r.get("class") for r in root.iter(f"{SVG}rect")].count("suppressed") == 1
    assert "<5" in texts(root)


def test_a_trend_of_several_series_is_lines_broken_at_a_suppressed_month():
    labels = [f"M{n}" for n in range(1, 6)]
    series = [
        charts.Series("Presumed", (4, 6, "c", 8, 9)),
        charts.Series("Identified", (1, 2, 3, 4, 5)),
    ]
    root = parse(charts.trend_chart(key="t", title="T", labels=labels, series=series))
    groups = {g.get("data-series"): g for g in root.iter(f"{SVG}g") if g.get("data-series")}
    presumed = groups["Presumed"].findall(f"{SVG}polyline")
    assert [len(p.get("points").split()) for p in presumed] == [2, 2]  # broken at "c"
    assert len(groups["Identified"].findall(f"{SVG}polyline")) == 1
    assert "c" in texts(root)
    assert {"Presumed", "Identified"} <= set(texts(root))  # the legend names them


def test_month_ticks_are_thinned_so_they_never_overlap():
    labels = [f"{m:02d}/2025" for m in range(1, 13)] + [f"{m:02d}/2026" for m in range(1, 13)]
    series = [charts.Series("n", tuple(range(24)))]
    root = parse(charts.trend_chart(key="t", title="T", labels=labels, series=series))
    ticks = [
        (float(t.get("x")), t.text)
        for t in root.iter(f"{SVG}text")
        if "tick" in t.get("class") and t.get("text-anchor") == "middle"
    ]
    assert 2 <= len(ticks) < 24
    for (x1, a), (x2, b) in itertools.pairwise(ticks):
        assert x2 - x1 >= (len(a) + len(b)) / 2 * charts.SMALL * charts.CHAR


def test_the_scale_is_round_and_covers_the_largest_value():
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(230) == [0, 100, 200, 300]
    assert charts.nice_ticks(0) == [0, 1]


def test_words_and_numbers_follow_the_active_language():
    with translation.override("sq"):
        empty = parse(charts.bar_chart(key="k", title="t", labels=[], values=[]))
        decimal = parse(charts.bar_chart(key="k", title="t", labels=["a"], values=[12.5]))
    with translation.override("en"):
        english = parse(charts.bar_chart(key="k", title="t", labels=[], values=[]))
    assert texts(empty) == ["Nuk ka të dhëna për këtë periudhë."]
    assert texts(english) == ["No data for this period."]
    assert "12,5" in texts(decimal)


def test_a_key_that_would_make_a_bad_id_is_refused():
    with pytest.raises(ValueError):
        charts.bar_chart(key='x" onload="', title="t", labels=["a"], values=[1])


def test_text_is_escaped():
    root = parse(charts.bar_chart(key="k", title="<b>&", labels=["<i>"], values=[1]))
    assert root.find(f"{SVG}title").text == "<b>&"
    assert texts(root)[0] == "<i>"


def test_stacked_parts_are_in_proportion_the_longest_bar_the_track():
    series = [charts.Series("on time", (30, 6)), charts.Series("late", (10, "c"))]
    root = parse(charts.stacked_bar_chart(key="s", title="t", labels=["a", "b"], series=series))
    no_style(root)
    assert "chart-stacked" in root.get("class")
    drawn = [
        float(r.get("width"))
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "item"
        for r in g.iter(f"{SVG}rect")
        if r.get("class") == "bar"
    ]
    assert drawn[0] / drawn[1] == pytest.approx(3, rel=0.01)  # a: 30 on time, 10 late
    assert drawn[0] / drawn[2] == pytest.approx(5, rel=0.01)  # b: 6 on time, "c" has no bar
    assert "c" in texts(root)
