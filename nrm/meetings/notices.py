"""The inbox notices nrm.meetings sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class MeetingNotice(StrEnum):
    TASK_ASSIGNED = "task_assigned"


NOTICES = {
    MeetingNotice.TASK_ASSIGNED: NoticeKind(
        label=_lazy("task assigned"),
        text=_lazy(
            "A meeting gave your institution a task with a due date (case %(ref)s). See your "
            "institution's deadlines."
        ),
    ),
}
