"""A statistics table as a file for people: CSV (UTF-8 with a byte order mark, headers in
the reader's language, formula-safe: `nrm.core.csvsafe`) or XLSX (openpyxl). The cells are
what the pages show (`display.grid`), then the period, the cut-off, the persons left out for
withdrawn consent and the table's notes."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from nrm.core import csvsafe
from nrm.statistics import display
from nrm.statistics.periods import label as period_label
from nrm.statistics.table import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(table: Table, extension: str) -> str:
    return f"nrm-{table.code}-{table.period.code}.{extension}"


def header(table: Table) -> list[str]:
    return [_("Category"), *(c.label for c in table.columns)]


def body(table: Table) -> list[list]:
    """The table's rows, then its footer: every cell a number or a text."""
    rows = [[r.label, *(_number(v) for v in cells)] for r, cells in display.grid(table)]
    rows.append([])
    rows.append([_("Period"), period_label(table.period)])
    rows.append([_("Data as of"), csvsafe.local_datetime(table.cutoff) if table.cutoff else ""])
    rows.append([_("Left out: statistics consent withdrawn"), table.left_out])
    if table.multi_response:
        rows.append([_("Multi-response: the rows do not add up.")])
    rows += [[note] for note in table.notes]
    return rows


def _number(text: str):
    return int(text) if text.lstrip("-").isdigit() else text


def csv_response(table: Table) -> HttpResponse:
    return csvsafe.human_response(filename(table, "csv"), header(table), body(table))


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.code
    sheet.append([csvsafe.cell(table.title)])
    for row in [header(table), *body(table)]:
        # a text starting with "=" would be a formula in the workbook too
        sheet.append([csvsafe.cell(str(v)) if isinstance(v, str) else v for v in row])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(table: Table) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(table, "xlsx")}"'
    return response
