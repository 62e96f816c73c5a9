"""The inbox notices nrm.referrals sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class ReferralNotice(StrEnum):
    REFERRAL_SENT = "referral_sent"


NOTICES = {
    ReferralNotice.REFERRAL_SENT: NoticeKind(
        label=_lazy("referral received"),
        text=_lazy(
            "Case %(ref)s was referred to your institution: accept or decline the referral."
        ),
        page="referral_inbox",
    ),
}
