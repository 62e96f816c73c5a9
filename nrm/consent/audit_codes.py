"""The consent registry's audit codes."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ConsentCode(AuditCode):
    RECORDED = "consent.recorded", _("Recorded consent")
    WITHDRAWN = "consent.withdrawn", _("Withdrew consent")
    GIVER_SUSPICION_RECORDED = (
        "consent.giver_suspicion_recorded",
        _("Stated whether a parent or guardian is suspected"),
    )
    API_READ = "api.consent.read", _("Read the consent records through the API")
