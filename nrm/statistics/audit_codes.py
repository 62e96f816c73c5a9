"""The statistics' audit codes: every page, file and API read of a table is one event (table
codes and the period, never anything about a person); releases and their reproduction; the
reconciliation's reads of cases."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class StatisticsCode(AuditCode):
    # Change events.
    VIEWED = "statistics.viewed", _("Viewed statistics tables")
    EXPORTED = "statistics.exported", _("Downloaded a statistics table")
    API_READ = "api.statistics.read", _("Read a statistics table through the API")
    RELEASED = "statistics.released", _("Released a statistics table")
    REPRODUCED = "statistics.reproduced", _("Rebuilt a statistics release to compare it")
    # Reads of a case (access log).
    RECONCILIATION_READ = (
        "statistics.reconciliation_read",
        _("Saw the case in the reconciliation of agencies' records"),
    )
