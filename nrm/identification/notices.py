"""The inbox notices nrm.identification sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class IdentificationNotice(StrEnum):
    GROUP_FORMED = "group_formed"
    AP_DECIDED = "ap_decided"


NOTICES = {
    IdentificationNotice.GROUP_FORMED: NoticeKind(
        label=_lazy("formal identification group formed"),
        text=_lazy(
            "The formal identification group of case %(ref)s is formed: every institution has"
            " taken up the case. Plan the formal interview."
        ),
    ),
    IdentificationNotice.AP_DECIDED: NoticeKind(
        label=_lazy("the AP decided a file without consensus"),
        text=_lazy(
            "The Responsible Authority took its final and binding decision on the status of "
            "case %(ref)s (the group had not agreed). See the case."
        ),
    ),
}
