"""The deadline engine's audit codes."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class DeadlineCode(AuditCode):
    EVENT = "deadline.event", _("The procedure's clocks heard an event")
    SCANNED = "deadline.scanned", _("Checked the deadlines: reminders, missed, escalated")
    FIGURES_EXPORTED = "deadline.figures_exported", _("Exported the deadline figures")
    NOTIFICATION_READ = "notification.read", _("Marked notifications as read")
    NOTIFICATION_PREFERENCE_SET = (
        "notification.preference_set",
        _("Chose how to receive notifications"),
    )
    NOTIFICATION_PURGED = (
        "notification.purged",
        _("Deleted notifications past their retention period"),
    )
    CLOSURE_DAY_CREATED = "closure_day.created", _("Added a closure day")
    CLOSURE_DAY_UPDATED = "closure_day.updated", _("Changed a closure day")
    CLOSURE_DAY_DELETED = "closure_day.deleted", _("Deleted a closure day")
    # Reads of a case (access log).
    API_CASE_DEADLINES = "api.case.deadlines", _("Read the deadlines through the API")
