"""The action plans' domain error codes (issue 16)."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class ActionPlanError(ErrorCode):
    MALFORMED = "actionplan_malformed", _("The action-plan file is not valid.")
    NOT_LEAD = "actionplan_not_lead", _("Your institution does not lead this activity.")
    PERIOD_OUTSIDE = "actionplan_period_outside", _("The period is outside the plan.")
    REVIEWED = "actionplan_reviewed", _("The report has already been accepted.")
