"""The inbox notices nrm.screening sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class ScreeningNotice(StrEnum):
    A5_REQUESTED = "a5_requested"


NOTICES = {
    ScreeningNotice.A5_REQUESTED: NoticeKind(
        label=_lazy("request for formal identification (A5)"),
        text=_lazy(
            "A request for formal identification (A5) was sent for case %(ref)s: the formal "
            "identification group intervenes at once."
        ),
    ),
}
