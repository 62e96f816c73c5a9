"""The Commission's meeting on an appeal: the `meeting_purposes` entry "appeal_review".

Convening the Commission is `meetings.services.meeting_convene(body="commission",
purpose="appeal_review")` (from the appeal page, or the meetings pages): `on_convened` ties
the meeting to the case's appeal awaiting it and emits `commission_convened`. The decision is
`meeting_decide` (quorum and majority of the members' votes are the meetings' rules);
`on_decision` applies it to the appeal and the case in the same transaction."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.appeals import services
from nrm.appeals.models import Appeal, AppealStatus
from nrm.core.errors import ValidationFailed
from nrm.meetings.doors import MeetingPurpose

PURPOSE = "appeal_review"
BODY = "commission"


def appeal_of(meeting) -> Appeal | None:
    return Appeal.objects.select_related("case").filter(meeting_id=meeting.pk).first()


def outcomes(meeting) -> list[tuple[str, str]]:
    appeal = appeal_of(meeting)
    if appeal is None:
        return []
    return [(code, str(label)) for code, label in services.outcomes_for(appeal)]


def on_convened(*, actor, meeting) -> None:
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("case")
        .filter(case_id=meeting.case_id, status=AppealStatus.FILED)
        .first()
    )
    if appeal is None:
        raise ValidationFailed({"purpose": [_("No appeal on this case awaits the Commission.")]})
    services.appeal_convened(actor=actor, appeal=appeal, meeting=meeting)


def on_decision(*, actor, meeting, decision) -> None:
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("case")
        .filter(meeting_id=meeting.pk)
        .first()
    )
    if appeal is None:
        raise ValidationFailed({"outcome": [_("No appeal is tied to this meeting.")]})
    services.decision_apply(
        actor=actor,
        appeal=appeal,
        outcome=decision.outcome,
        reasoning=decision.text,
        reference=appeal.number,
        vote=services.Vote(decision.votes_for, decision.votes_against, decision.abstentions),
        decided_at=decision.decided_at,
    )


APPEAL_REVIEW = MeetingPurpose(
    body=BODY,
    label=lambda: gettext_lazy("Review of an appeal"),
    outcomes=outcomes,
    on_decision=on_decision,
    on_convened=on_convened,
)
