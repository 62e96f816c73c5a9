"""The meetings' audit codes: their change events and their reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class MeetingCode(AuditCode):
    CONVENED = "meeting.convened", _("Convened a meeting")
    ATTENDANCE_RECORDED = "meeting.attendance_recorded", _("Recorded who attended a meeting")
    DECIDED = "meeting.decided", _("Recorded a meeting's decision and its votes")
    MINUTES_RECORDED = "meeting.minutes_recorded", _("Recorded the minutes of a meeting")
    TASK_ASSIGNED = "meeting.task_assigned", _("Gave an institution a task from a meeting")
    TASK_DONE = "meeting.task_done", _("Recorded a task from a meeting done")
    CANCELLED = "meeting.cancelled", _("Cancelled a meeting")
    # Reads (access log).
    MEETING_VIEWED = "meeting.viewed", _("Opened a meeting about a case")
    MINUTES_PDF = "meeting.minutes_pdf", _("Printed the minutes of a meeting about a case")
