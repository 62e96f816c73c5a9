"""Oversight's audit codes: the AP's and inspector's readings of the trail, and the alert."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class OversightCode(AuditCode):
    # Reads of a case (access log).
    TRAIL_EXPORT = "audit.trail_export", _("Exported the audit trail")
    ACCESS_LIST = "case.access_list", _("Read the access log of the case")
    CHANGES_LIST = "case.changes_list", _("Read the changes of the case")
    API_ACCESS_LOG = "api.case.access_log", _("Read the access log through the API")
    # Change events.
    TRAIL_EXPORTED = "audit.trail_exported", _("Exported the audit trail")
    UNUSUAL_READING = (
        "security.unusual_reading",
        _("Opened an unusual number of cases in a short time"),
    )


TRAIL_PAGES = {"access": OversightCode.ACCESS_LIST, "changes": OversightCode.CHANGES_LIST}
