"""The inbox notices nrm.plans sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class PlanNotice(StrEnum):
    PLAN_TASK = "plan_task"
    PLAN_COORDINATION = "plan_coordination"


NOTICES = {
    PlanNotice.PLAN_TASK: NoticeKind(
        label=_lazy("action of an individual plan"),
        text=_lazy(
            "An individual plan of case %(ref)s gives your institution an action with a due "
            "date. See your institution's deadlines."
        ),
    ),
    PlanNotice.PLAN_COORDINATION: NoticeKind(
        label=_lazy("reintegration plan to coordinate"),
        text=_lazy(
            "The individual reintegration plan of case %(ref)s was sent to the AP and to your"
            " committee to coordinate the interventions."
        ),
    ),
}
