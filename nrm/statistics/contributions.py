"""What the statistics contribute to the doors of the apps below them (read in `ready()`):
their audit codes, the meaning check of the profile's `statistics` block, the table builders
to the catalogue and the charts of the coordinators' dashboard."""

from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import profile_checks
from nrm.registry import doors
from nrm.statistics import dashboard, tables
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.checks import check_statistics

APP = "nrm.statistics"


def contribute() -> None:
    audit_codes.add(StatisticsCode, code="statistics", app=APP)
    profile_checks.add(check_statistics, code="statistics", app=APP)
    tables.register_all()
    doors.dashboard_sections.add(dashboard.SECTION, code="statistics.charts", app=APP, order=10)
