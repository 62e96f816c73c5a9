"""The pages, the files and the API of the statistics: who may, bad input, languages, audit."""

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from nrm.audit.models import AuditEvent
from nrm.statistics import catalogue, files, periods
from nrm.statistics.audit_codes import StatisticsCode
from tests.statistics.conftest import CUTOFF

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    from nrm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_api_gives_labels_and_cells_and_audits(api_client, world):
    world.victim(presumed=date(2024, 2, 1), sex="male", dob="2010-01-01")
    response = api_client("ap.secretariat").get("/api/v1/statistics/tables/T01?period=2024-Q1")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"]["code"] == "2024-Q1" and body["period"]["kind"] == "quarter"
    columns = [c["code"] for c in body["columns"]]
    rows = [r["code"] for r in body["rows"]]
    assert rows == ["PRESUMED", "IDENTIFIED", "TOTAL"] and columns[-1] == "TOTAL"
    # one person: never shown as the number (public disclosure rules on the API too)
    assert body["cells"][0][columns.index("M_Y_LT18")] in {"<5", "c"}
    assert body["cells"][2][-1] == "<5" and body["left_out"] == 0
    event = AuditEvent.objects.filter(code=StatisticsCode.API_READ).latest("id")
    assert event.data["tables"] == ["T01"] and event.data["period"] == "2024-Q1"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/statistics/tables/T01?period=2024-Q5", "period"),
        ("/api/v1/statistics/tables/T01?period=", "period"),
        ("/api/v1/statistics/tables/T01?period=2024-02..2024-05", "period"),
        ("/api/v1/statistics/tables/T99?period=2024", "code"),
    ],
)
def test_the_api_refuses_a_bad_period_or_table(api_client, url, field):
    response = api_client("ap.secretariat").get(url)
    assert response.status_code == 400
    assert field in str(response.json())


def test_the_api_refuses_a_user_without_the_capability(api_client):
    response = api_client("police.tirana").get("/api/v1/statistics/tables/T01?period=2024")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(code=StatisticsCode.API_READ).exists()


def test_the_page_shows_a_report_chosen_by_name(world):
    world.victim(presumed=date(2024, 2, 1))
    client = _client("ap.secretariat")
    page = client.get("/statistics/")
    assert page.status_code == 200 and "annual_report" in page.content.decode()
    shown = client.get(
        "/statistics/", {"show": "report:annual_report", "kind": "year", "year": "2024"}
    )
    html = shown.content.decode()
    assert shown.status_code == 200
    for code in ("T01", "T02", "T03A", "T03B", "T04", "T05", "T07", "T08", "T09"):
        assert f'data-table="{code}"' in html
    event = AuditEvent.objects.filter(code=StatisticsCode.VIEWED).latest("id")
    assert event.data["report"] == "annual_report" and event.data["period"] == "2024"


def test_the_page_says_when_a_report_is_not_made_for_the_period(reference):
    client = _client("ap.secretariat")
    shown = client.get(
        "/statistics/", {"show": "report:monthly_bulletin", "kind": "quarter", "year": "2024"}
    )
    assert shown.status_code == 200
    assert "data-table" not in shown.content.decode()
    assert not AuditEvent.objects.filter(code=StatisticsCode.VIEWED).exists()


def test_the_page_and_files_are_not_found_without_the_capability(reference):
    client = _client("police.tirana")
    assert client.get("/statistics/").status_code == 404
    assert client.get("/statistics/tables/T01.csv?period=2024").status_code == 404


def test_a_file_download_is_audited_and_a_bad_period_refused(reference):
    client = _client("ap.secretariat")
    response = client.get("/statistics/tables/T06.xlsx?period=2024-03")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('nrm-T06-2024-03.xlsx"')
    event = AuditEvent.objects.filter(code=StatisticsCode.EXPORTED).latest("id")
    assert event.data == {**event.data, "table": "T06", "period": "2024-03", "format": "xlsx"}
    assert client.get("/statistics/tables/T06.csv?period=2024-13").status_code == 400
    assert client.get("/statistics/tables/T06.pdf?period=2024").status_code == 400


@pytest.mark.parametrize(
    ("language", "category", "total"),
    [("sq", "Kategoria", "Gjithsej"), ("en", "Category", "Total")],
)
def test_csv_and_xlsx_headers_are_in_the_reader_language(world, language, category, total):
    world.victim(presumed=date(2024, 2, 1))
    with translation.override(language):
        table = catalogue.get("T01").build(periods.year(2024), CUTOFF)
        csv = files.csv_response(table).content.decode("utf-8")
        book = load_workbook(BytesIO(files.xlsx_bytes(table)))
    assert csv.startswith("\ufeff" + category + ",")
    header = csv.splitlines()[0]
    assert header.rstrip().endswith(total)
    sheet = book["T01"]
    assert sheet.cell(row=2, column=1).value == category
    assert sheet.cell(row=2, column=sheet.max_column).value == total
    # the TOTAL row: one person, so shown suppressed, never as the number
    assert sheet.cell(row=5, column=sheet.max_column).value == "<5"


def test_a_label_that_looks_like_a_formula_stays_text():
    from nrm.statistics.table import Label, Table

    table = Table(
        code="T01",
        title="=HYPERLINK()",
        period=periods.year(2024),
        rows=[Label("X", "=1+1")],
        columns=[Label("C", "@SUM")],
        counts={("X", "C"): 3},
    )
    csv = files.csv_response(table).content.decode("utf-8")
    assert "'=1+1" in csv and "'@SUM" in csv
    sheet = load_workbook(BytesIO(files.xlsx_bytes(table))).active
    assert sheet.cell(row=1, column=1).value == "'=HYPERLINK()"
    assert sheet.cell(row=3, column=1).value == "'=1+1"
