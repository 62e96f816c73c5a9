"""The inbox notices nrm.oversight sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class OversightNotice(StrEnum):
    UNUSUAL_READING = "unusual_reading"


NOTICES = {
    OversightNotice.UNUSUAL_READING: NoticeKind(
        label=_lazy("unusual reading of cases"),
        text=_lazy("A user opened an unusual number of cases in a short time. See the access log."),
    ),
}
