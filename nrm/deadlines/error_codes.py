"""The deadline engine's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class DeadlineError(ErrorCode):
    UNKNOWN_EVENT = "unknown_event", _("An event the profile does not know")
