"""The plans' audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class PlanCode(AuditCode):
    # Change events.
    ASSESSMENT_RECORDED = "plans.assessment_recorded", _("Recorded a needs assessment")
    PLAN_CREATED = "plans.plan_created", _("Started an individual plan")
    ITEM_ADDED = "plans.item_added", _("Added an action to an individual plan")
    ITEM_CHANGED = "plans.item_changed", _("Changed an action of an individual plan")
    ITEM_PROGRESS = "plans.item_progress", _("Recorded the progress of an action of a plan")
    PLAN_APPROVED = "plans.plan_approved", _("Put an individual plan in force")
    PLAN_SUBMITTED = "plans.plan_submitted", _("Sent a reintegration plan to the AP")
    PLAN_DECIDED = "plans.plan_decided", _("Recorded the AP's decision on a reintegration plan")
    # Reads of a case (access log).
    PLANS_PAGE = "plans.page", _("Opened the needs assessment or a plan")
    ASSESSMENT_PDF = "plans.assessment_pdf", _("Printed a needs assessment (C4/C5)")
    PLAN_PDF = "plans.plan_pdf", _("Printed an individual plan (D1)")
    API_READ = "plans.api_read", _("Read the plans through the API")
