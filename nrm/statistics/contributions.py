"""What the statistics contribute to the doors: their audit codes, the meaning check of the
profile's `statistics` block; and the table builders to the catalogue."""

from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import profile_checks
from nrm.statistics import tables
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.checks import check_statistics

APP = "nrm.statistics"


def contribute() -> None:
    audit_codes.add(StatisticsCode, code="statistics", app=APP)
    profile_checks.add(check_statistics, code="statistics", app=APP)
    tables.register_all()
