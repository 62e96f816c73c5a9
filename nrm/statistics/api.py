"""`GET /api/v1/statistics/tables/{code}?period=2024-Q1`: one table as labels and cells
(the cells as the pages show them: `display.shown`). 400 with a field error for an unknown
table or a bad period; 403 without `statistics.read`."""

from datetime import date, datetime

from ninja import Router, Schema

from nrm.core.api_input import ErrorOut
from nrm.statistics import display, services
from nrm.statistics.periods import label as period_label

router = Router(tags=["statistics"])


class LabelOut(Schema):
    code: str
    label: str
    subtotal: bool


class PeriodOut(Schema):
    code: str
    kind: str
    start: date
    end: date
    label: str


class TableOut(Schema):
    code: str
    title: str
    period: PeriodOut
    unit: str
    multi_response: bool
    left_out: int
    cutoff: datetime
    rows: list[LabelOut]
    columns: list[LabelOut]
    cells: list[list[str]]  # one list per row, in the columns' order; ".." not collected
    notes: list[str]


@router.get(
    "/statistics/tables/{code}",
    response={200: TableOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def table_read(request, code: str, period: str = ""):
    chosen = services.period_of(period)
    (table,) = services.tables_show(actor=request.actor, codes=[code], period=chosen, api=True)
    p = table.period
    return {
        "code": table.code,
        "title": table.title,
        "period": {
            "code": p.code,
            "kind": p.kind,
            "start": p.start,
            "end": p.end,
            "label": period_label(p),
        },
        "unit": table.unit,
        "multi_response": table.multi_response,
        "left_out": table.left_out,
        "cutoff": table.cutoff,
        "rows": [vars(r) for r in table.rows],
        "columns": [vars(c) for c in table.columns],
        "cells": [cells for _row, cells in display.grid(table)],
        "notes": [str(n) for n in table.notes],
    }
