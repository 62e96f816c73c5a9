"""The plans' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class PlanError(ErrorCode):
    LOCKED = "plan_locked", _("The plan is with the AP: it changes after the AP's decision.")
    NOT_SUBMITTED = "plan_not_submitted", _("The plan is not awaiting a decision.")
