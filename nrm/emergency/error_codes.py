"""The emergency app's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class EmergencyError(ErrorCode):
    STEP_DONE = "emergency_step_done", _("This step of the measure is already recorded.")
    NOT_A_CHILD = "emergency_not_a_child", _("The emergency measure is for a child.")
