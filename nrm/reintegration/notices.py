"""The inbox notices nrm.reintegration sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class ReintegrationNotice(StrEnum):
    REINTEGRATION_PROPOSAL = "reintegration_proposal"


NOTICES = {
    ReintegrationNotice.REINTEGRATION_PROPOSAL: NoticeKind(
        label=_lazy("re-evaluation of status proposed"),
        text=_lazy(
            "The case worker of case %(ref)s filed the reasoned report: the person is "
            "assessed as sustainably reintegrated. Forward the proposal to re-evaluate the "
            "status to the Commission (Appeals, re-evaluation)."
        ),
    ),
}
