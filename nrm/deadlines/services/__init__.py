"""Every write of the deadline engine. One transaction each, with its audit event.

`event_emit` is the engine's one entry point for the other apps: a service that does
something the SOP times (identifies a child, sends a decision to the AP, …) emits the
event, in its own transaction, and the profile's rules open, meet or cancel deadlines.
`deadline_scan` is the worker's periodic job: reminders, missed deadlines, escalation.
Notifications are rows first; e-mail goes out only after the transaction commits.

Split by sub-domain: events, scan, notify (recipients and e-mail), inbox.
"""

from nrm.deadlines.services.events import EmitResult, UnknownEvent, calendar_for, event_emit
from nrm.deadlines.services.figures import FIGURES_COLUMNS, deadline_figures_export
from nrm.deadlines.services.inbox import (
    closure_day_delete,
    closure_day_save,
    notice_send,
    notice_to_addressees,
    notification_mark_read,
    notification_preference_set,
)
from nrm.deadlines.services.scan import ScanResult, deadline_scan

__all__ = [
    "FIGURES_COLUMNS",
    "EmitResult",
    "ScanResult",
    "UnknownEvent",
    "calendar_for",
    "closure_day_delete",
    "closure_day_save",
    "deadline_figures_export",
    "deadline_scan",
    "event_emit",
    "notice_send",
    "notice_to_addressees",
    "notification_mark_read",
    "notification_preference_set",
]
