"""The reintegration's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class ReintegrationError(ErrorCode):
    LINE_CLOSED = (
        "reintegration_line_closed",
        _("This service line is already provided or refused."),
    )
    MONITORING_OVER = (
        "reintegration_monitoring_over",
        _("The monitoring of this case's reintegration has ended."),
    )
