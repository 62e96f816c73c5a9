"""What the statistics contribute to the doors (read in `ready()`): their audit codes and
the meaning check of the profile's `statistics` block."""

from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import profile_checks
from nrm.statistics.audit_codes import StatisticsCode
from nrm.statistics.checks import check_statistics

APP = "nrm.statistics"


def contribute() -> None:
    audit_codes.add(StatisticsCode, code="statistics", app=APP)
    profile_checks.add(check_statistics, code="statistics.block", app=APP)
