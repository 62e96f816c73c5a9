"""The inbox notices nrm.emergency sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class EmergencyNotice(StrEnum):
    NON_RESPONSE = "non_response"
    CHILD_DOCUMENTATION = "child_documentation"


NOTICES = {
    EmergencyNotice.NON_RESPONSE: NoticeKind(
        label=_lazy("institutions not responding"),
        text=_lazy(
            "Institutions are not responding in the management of case %(ref)s: the previous "
            "level asks you to act (see the case's emergency measures)."
        ),
    ),
    EmergencyNotice.CHILD_DOCUMENTATION: NoticeKind(
        label=_lazy("a foreign child's documentation"),
        text=_lazy(
            "A foreign child's documentation needs the AP (case %(ref)s): request the AP "
            "meeting within 24 hours."
        ),
    ),
}
