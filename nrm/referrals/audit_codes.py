"""The referrals' audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ReferralCode(AuditCode):
    # Change events: one per step of a referral.
    CREATED = "referral.created", _("Referred the case to another institution")
    ACCEPTED = "referral.accepted", _("Accepted a referral")
    DECLINED = "referral.declined", _("Declined a referral")
    STARTED = "referral.started", _("Started the service of a referral")
    COMPLETED = "referral.completed", _("Completed a referral")
    CANCELLED = "referral.cancelled", _("Cancelled a referral")
    # Reads of a case (access log).
    API_READ = "referral.api_read", _("Read a case's referrals through the API")
