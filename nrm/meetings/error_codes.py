"""The meetings' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class MeetingError(ErrorCode):
    NO_QUORUM = "meeting_no_quorum", _("The meeting has no quorum.")
    NO_MAJORITY = "meeting_no_majority", _("The decision has no majority.")
    NOT_HELD = "meeting_not_held", _("The meeting has not been held.")
    CLOSED = "meeting_closed", _("The meeting is cancelled or already held.")
