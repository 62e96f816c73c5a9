"""The referrals' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class ReferralError(ErrorCode):
    NOT_PARTY = (
        "referral_not_party",
        _("Only the sending or the receiving institution may take this step."),
    )
