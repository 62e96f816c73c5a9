"""The inbox notices nrm.consent sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class ConsentNotice(StrEnum):
    CONSENT_WITHDRAWN = "consent_withdrawn"
    ACCESS_REVOKED = "access_revoked"


NOTICES = {
    ConsentNotice.CONSENT_WITHDRAWN: NoticeKind(
        label=_lazy("consent withdrawn"),
        text=_lazy(
            "Consent was withdrawn for case %(ref)s: share nothing more for the withdrawn purpose."
        ),
    ),
    ConsentNotice.ACCESS_REVOKED: NoticeKind(
        label=_lazy("access to a case revoked"),
        text=_lazy(
            "Consent to share case %(ref)s with an institution was withdrawn: that "
            "institution's access to the case was revoked."
        ),
    ),
}
