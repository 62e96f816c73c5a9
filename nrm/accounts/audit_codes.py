"""The accounts' audit codes: reference data written by administrators, tokens, two-factor."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class AccountsCode(AuditCode):
    INSTITUTION_CREATED = "institution.created", _("Added an institution")
    INSTITUTION_UPDATED = "institution.updated", _("Changed an institution")
    USER_CREATED = "user.created", _("Added a user account")
    USER_UPDATED = "user.updated", _("Changed a user account")
    MEMBERSHIP_CREATED = "membership.created", _("Gave a user a role at an institution")
    MEMBERSHIP_UPDATED = "membership.updated", _("Replaced a user's role at an institution")
    MEMBERSHIP_REMOVED = "membership.removed", _("Ended a user's membership of an institution")
    API_TOKEN_ISSUED = "api_token.issued", _("Issued an API token")
    API_TOKEN_REVOKED = "api_token.revoked", _("Revoked one of their API tokens")
    LOGGED_OUT_EVERYWHERE = (
        "user.logged_out_everywhere",
        _("Logged out everywhere (every session and API token)"),
    )
    OTP_ENROLMENT_STARTED = "otp.enrolment_started", _("Started two-factor enrolment")
    OTP_ENROLLED = "otp.enrolled", _("Turned on two-factor sign-in")
    OTP_FAILED = "otp.failed", _("Entered a wrong two-factor code")
