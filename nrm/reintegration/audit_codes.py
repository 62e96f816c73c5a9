"""The reintegration's audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ReintegrationCode(AuditCode):
    # Change events.
    REPORT_SUBMITTED = (
        "reintegration.report_submitted",
        _("Filed a monthly monitoring report (D2)"),
    )
    PROPOSAL_FILED = (
        "reintegration.reevaluation_proposed",
        _("Filed the reasoned report proposing re-evaluation of the status"),
    )
    MONITORING_ENDED = (
        "reintegration.monitoring_ended",
        _("Ended the reintegration monitoring"),
    )
    LINE_OPENED = "reintegration.service_line_opened", _("Requested a service for the person")
    LINE_STATUS = (
        "reintegration.service_line_status",
        _("Recorded the status of a service line"),
    )
    # Reads of a case (access log).
    PAGE = "reintegration.page", _("Opened the reintegration monitoring of a case")
    REPORT_PDF = "reintegration.report_pdf", _("Printed a monitoring report (D2)")
    API_READ = "reintegration.api_read", _("Read the monitoring reports through the API")
