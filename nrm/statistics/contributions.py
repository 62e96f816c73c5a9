"""What the statistics app contributes to the doors of the apps below it (read in `ready()`)."""

from nrm.registry import doors
from nrm.statistics import dashboard

APP = "nrm.statistics"


def contribute() -> None:
    doors.dashboard_sections.add(dashboard.SECTION, code="statistics.charts", app=APP, order=10)
