"""The action plans' audit codes (issue 16)."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ActionPlanCode(AuditCode):
    IMPORTED = "actionplan.imported", _("Imported an action plan")
    ACTIVITY_EDITED = "actionplan.activity_edited", _("Edited an action-plan activity")
    OBJECTIVE_EDITED = "actionplan.objective_edited", _("Edited an action-plan objective")
    ALIAS_MAPPED = "actionplan.alias_mapped", _("Mapped an action plan's institution name")
    CYCLE_OPENED = "actionplan.cycle_opened", _("Opened an action plan's reporting period")
    REPORT_SUBMITTED = "actionplan.report_submitted", _("Reported on an action-plan activity")
    REPORT_REVIEWED = "actionplan.report_reviewed", _("Reviewed a report on an activity")
