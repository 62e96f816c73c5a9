"""The exchange's audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ExchangeCode(AuditCode):
    # Change events.
    HTCDS_IMPORTED = "exchange.htcds_imported", _("Opened a case from an HTCDS document")
    CTDC_EXTRACTED = "exchange.ctdc_extracted", _("Made the anonymised CTDC extract")
    # Reads of a case (access log).
    HTCDS_EXPORTED = "exchange.htcds_exported", _("Exported the case as an HTCDS document")
