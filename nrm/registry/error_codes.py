"""The registry's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class RegistryError(ErrorCode):
    RETENTION_NOT_DUE = "retention_not_due", _("The retention period has not ended")
    REQUESTER_SUSPECTED = (
        "requester_suspected",
        _("Refused: a suspected parent or guardian"),
    )
