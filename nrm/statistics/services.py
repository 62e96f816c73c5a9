"""Reading statistics is audited: each page, file and API read of tables is one event that
names the tables and the period (never a person). Who: `statistics.read`."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.statistics import catalogue, periods, tables
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.table import Period, Table

FORMATS = ("csv", "xlsx")


def period_of(code: str) -> Period:
    """A period code ("2024-Q1"…) or a field error."""
    try:
        return periods.parse(code)
    except periods.BadPeriod:
        raise ValidationFailed({"period": [_("This is not a period nrm offers.")]}) from None


def _check(actor, codes: list[str]) -> None:
    if not actor.can(Capability.STATISTICS_READ):
        raise Forbidden()
    unknown = [c for c in codes if c not in catalogue.codes()]
    if unknown or not codes:
        raise ValidationFailed({"code": [_("There is no such statistics table.")]})


def tables_show(
    *,
    actor,
    codes: list[str],
    period: Period,
    report: str = "",
    cutoff: datetime | None = None,
    api: bool = False,
) -> list[Table]:
    """The tables of a report (or one table) for the period, as of the cut-off (now by
    default); one audit event."""
    _check(actor, codes)
    cutoff = cutoff or clock.now()
    with transaction.atomic():
        built = tables.build_many(codes, period, cutoff)
        event_record(
            actor=actor,
            code=StatisticsCode.API_READ if api else StatisticsCode.VIEWED,
            data={
                "tables": list(codes),
                "period": period.code,
                "report": report,
                "cutoff": cutoff.isoformat(),
            },
        )
    return built


def table_export(
    *, actor, code: str, period: Period, file_format: str, cutoff: datetime | None = None
) -> Table:
    """One table for a file (CSV or XLSX); one audit event."""
    _check(actor, [code])
    if file_format not in FORMATS:
        raise ValidationFailed({"format": [_("Choose CSV or XLSX.")]})
    cutoff = cutoff or clock.now()
    with transaction.atomic():
        (table,) = tables.build_many([code], period, cutoff)
        event_record(
            actor=actor,
            code=StatisticsCode.EXPORTED,
            data={
                "table": code,
                "period": period.code,
                "format": file_format,
                "cutoff": cutoff.isoformat(),
            },
        )
    return table
