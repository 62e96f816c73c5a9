"""The statistics' charts (docs/charts.md): the chart a table gets, suppressed cells kept as
text, and the coordinators' dashboard with a chart and a table for each of its five tables."""

import re
from datetime import date, datetime

import pytest
from django.test import Client
from django.utils import translation

from nrm.registry import doors
from nrm.statistics import catalogue, charts, dashboard
from nrm.statistics.table import TOTAL, Label, Period, Published, Table
from tests.core.test_charts import parse
from tests.registry.test_unique_ids import duplicate_ids
from tests.statistics import toys

SVG = "{http://www.w3.org/2000/svg}"
YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(autouse=True)
def _no_kept_tables():
    from django.core.cache import cache

    cache.clear()  # tables the dashboard kept for another test's builders


def forms_table() -> Table:
    rows = [Label("SEX", "Sexual exploitation"), Label("LAB", "Forced labour"), Label(TOTAL, "T")]
    columns = [Label("F", "Female"), Label("M", "Male"), Label(TOTAL, "Total")]
    counts = {
        ("SEX", "F"): 20, ("SEX", "M"): 4, ("SEX", TOTAL): 24,
        ("LAB", "F"): 3, ("LAB", "M"): 9, ("LAB", TOTAL): 12,
        (TOTAL, "F"): 23, (TOTAL, "M"): 13, (TOTAL, TOTAL): 36,
    }  # fmt: skip
    return Table("T03A", "By form", YEAR, rows, columns, counts)


def published(table: Table, hidden: dict) -> Published:
    cells = {cell: str(v) for cell, v in table.counts.items()}
    cells.update(hidden)
    return Published(table, 2, cells, list(hidden), "public k=5")


def texts(svg) -> list[str]:
    return [t.text or "" for t in parse(str(svg)).iter(f"{SVG}text")]


def test_categories_are_bars_of_the_total_column_without_the_total_row():
    root = parse(str(charts.table_chart(forms_table())))
    assert "chart-bars" in root.get("class")
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(widths) == 2 and widths[0] / widths[1] == pytest.approx(24 / 12, rel=0.01)
    assert root.find(f"{SVG}desc").text == "Sexual exploitation: 24; Forced labour: 12"


def test_rows_by_month_are_a_trend():
    period = Period("years", date(2025, 11, 1), date(2026, 2, 28))
    table = toys.t15(period, datetime(2026, 3, 1))
    with translation.override("sq"):
        svg = charts.table_chart(table, columns=("MEDIAN_DAYS", "P90_DAYS"))
    root = parse(str(svg))
    assert "chart-trend" in root.get("class")
    assert len(root.findall(f".//{SVG}polyline")) == 2  # median and p90: two lines
    everything = parse(charts.table_chart(table))  # no TOTAL column: every column a line
    assert len(everything.findall(f".//{SVG}polyline")) == 3
    assert {"Nën", "Dhj", "Jan", "2026", "2025"} <= set(texts(svg))  # Albanian months


def test_a_published_table_draws_its_suppressed_cells_as_text_never_as_numbers():
    table = forms_table()
    shown = published(table, {("LAB", TOTAL): "<5", ("SEX", TOTAL): "c"})
    svg = str(charts.table_chart(shown))
    root = parse(svg)
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert "<5" in texts(svg) and "c" in texts(svg)
    assert not {"12", "24"} & set(texts(svg))
    assert "12" not in root.find(f"{SVG}desc").text
    # Whatever the hidden numbers were, the chart is the same.
    table.counts[("LAB", TOTAL)], table.counts[("SEX", TOTAL)] = 1, 30
    assert str(charts.table_chart(shown)) == svg


def test_parts_of_categories_are_stacked_and_a_suppressed_part_has_no_length():
    table = toys.tdl(YEAR, datetime(2027, 1, 1))
    shown = published(table, {("interview", "MISSED"): "<5"})
    columns = dashboard.CHARTED["TDL"]
    root = parse(charts.table_chart(shown, columns=columns))
    assert "chart-stacked" in root.get("class")
    rules = [g for g in root.iter(f"{SVG}g") if g.get("class") == "item"]
    assert len(rules) == 2  # not the TOTAL row
    widths = [[float(r.get("width")) for r in g.iter(f"{SVG}rect")] for g in rules]
    assert widths[0][0] / widths[0][1] == pytest.approx(20 / 3, rel=0.01)  # on time : late
    # interview: 9 on time, 0 late (no part), missed hidden (a hatched mark), 1 open
    assert widths[1][0] / widths[1][1] == pytest.approx(9, rel=0.01)
    hatched = [r for r in rules[1].iter(f"{SVG}rect") if r.get("class") == "suppressed"]
    assert len(hatched) == 1 and "<5" in texts(parse_str(rules[1]))


def parse_str(element) -> str:
    import xml.etree.ElementTree as ET

    return ET.tostring(element, encoding="unicode")


def test_the_grid_beside_shows_the_published_cells():
    grid = charts.table_grid(published(forms_table(), {("LAB", "F"): "<5"}))
    assert grid.columns == ["Female", "Male", "Total"]
    assert grid.rows[1] == ("Forced labour", ["<5", "9", "12"])
    assert grid.suppressed


def test_the_last_twelve_months_end_with_the_current_month():
    period = dashboard.last_months(date(2026, 3, 14))
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))


def test_the_include_renders_a_chart_for_the_statistics_pages():
    from django.template.loader import render_to_string

    html = render_to_string("statistics/_chart.html", {"table": forms_table()})
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="nrm-chart chart-bars"' in html


# --- the dashboard ------------------------------------------------------------------------


def _client(username: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": "demo"}).status_code == 302
    return client


def _dashboard(client: Client, **headers) -> str:
    """The dashboard as a browser ends up showing it: the page, then its charts' placeholder
    filled by its own request (hx-get on load)."""
    html = client.get("/", **headers).content.decode()
    placeholder = re.search(r'<div id="dash-statistics-charts-body".*?</div>\n', html, re.S)
    if placeholder is None:
        return html
    assert 'hx-get="/statistics/dashboard-charts/"' in placeholder.group(0)
    fragment = client.get("/statistics/dashboard-charts/", **headers)
    assert fragment.status_code == 200
    return html.replace(placeholder.group(0), fragment.content.decode())


def _section(html: str) -> str:
    found = re.search(r'<section[^>]*id="dash-statistics-charts".*?</section>\s*</div>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.django_db
def test_the_dashboard_shows_each_chart_with_its_table_to_a_coordinator(make_case, monkeypatch):
    toys.register(monkeypatch)
    make_case("police.tirana")
    make_case("police.shkoder", given_name="Besa")
    html = _dashboard(_client("ap.secretariat"))
    section = _section(html)
    assert section
    for code in dashboard.TABLES:
        key = f"dash-{code.lower()}"
        assert f'id="{key}"' in section
        assert f'data-chart="{key}"' in section
    assert section.count('<details class="chart-table">') == 5
    assert section.count("<table>") == 5
    assert "Sexual exploitation" in section and "Forced begging" in section
    assert "<style" not in section and "style=" not in section
    assert not duplicate_ids(html)
    assert "Arta" not in html and "Besa" not in html  # counts only


@pytest.mark.django_db
def test_a_police_officer_sees_no_charts(make_case, monkeypatch, actors):
    toys.register(monkeypatch)
    make_case("police.tirana")
    client = _client("police.tirana")
    html = client.get("/").content.decode()
    assert "dash-statistics-charts" not in html and "nrm-chart" not in html
    assert client.get("/statistics/dashboard-charts/").status_code == 404
    assert dashboard.context(actors["police.tirana"]) is None


@pytest.mark.django_db
def test_without_builders_the_dashboard_shows_its_counts_alone(reference, monkeypatch):
    monkeypatch.setattr(catalogue, "_SPECS", {})
    html = _client("ap.secretariat").get("/").content.decode()
    assert "dash-statistics-charts" not in html
    assert 'id="dashboard-home"' in html


@pytest.mark.django_db
def test_a_missing_builder_leaves_the_other_charts(monkeypatch, actors):
    monkeypatch.setattr(catalogue, "_SPECS", {})
    toys.register(monkeypatch, codes=("T03A", "T05"))
    context = dashboard.context(actors["ap.secretariat"])
    assert [c["key"] for c in context["charts"]] == ["dash-t03a", "dash-t05"]


def test_the_statistics_app_contributes_the_dashboard_section():
    assert ("statistics.charts", "nrm.statistics") in doors.dashboard_sections.contributions()


@pytest.mark.django_db
def test_the_dashboard_in_albanian_and_english(monkeypatch, reference):
    toys.register(monkeypatch)
    client = _client("ap.secretariat")
    sq = _dashboard(client, HTTP_ACCEPT_LANGUAGE="sq")
    assert "Statistikat e 12 muajve të fundit" in sq and "Numrat (tabela)" in sq
    client.post("/i18n/setlang/", {"language": "en"})
    en = _dashboard(client)
    assert "Statistics of the last 12 months" in en and "The numbers (table)" in en


@pytest.mark.django_db
def test_the_dashboard_keeps_its_tables_until_the_data_changes(monkeypatch, make_case, actors):
    calls = []
    build = toys.BUILDERS["T05"]
    monkeypatch.setitem(
        toys.BUILDERS, "T05", lambda period, cutoff: calls.append(cutoff) or build(period, cutoff)
    )
    toys.register(monkeypatch, codes=("T05",))
    ap = actors["ap.secretariat"]
    assert _client("ap.secretariat").get("/").status_code == 200
    assert calls == []  # the page itself builds nothing: its charts come by their own request
    dashboard.context(ap)
    dashboard.context(ap)
    assert len(calls) == 1  # nothing written in between: the table kept
    make_case("police.tirana")  # a write, with its audit event
    dashboard.context(ap)
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_dashboard_builds_the_persons_facts_once_for_its_five_tables(monkeypatch, actors):
    """The facts of every person are the cost of a table: the dashboard's real builders share
    one set (built once, not five times)."""
    from django.core.cache import cache

    from nrm.statistics import tables

    cache.clear()
    calls = []
    real = tables.facts_as_of
    monkeypatch.setattr(tables, "facts_as_of", lambda cutoff: calls.append(cutoff) or real(cutoff))
    context = dashboard.context(actors["ap.secretariat"])
    assert len(context["charts"]) == 5 and len(calls) == 1
