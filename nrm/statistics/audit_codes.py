"""The statistics' audit codes: every page, file and API read of a table is one event
(table codes and the period, never anything about a person)."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class StatisticsCode(AuditCode):
    VIEWED = "statistics.viewed", _("Viewed statistics tables")
    EXPORTED = "statistics.exported", _("Downloaded a statistics table")
    API_READ = "api.statistics.read", _("Read a statistics table through the API")
