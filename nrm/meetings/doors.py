"""The door of meetings: what a meeting about a case decides and what follows.

A stage app (identification, appeals) contributes a `MeetingPurpose` in its
`contributions.py`; `services.meeting_decide` calls its `on_decision` in the decision's
own transaction, so a failing effect on the case leaves no decision behind.

    meeting_purposes.add("ap_disagreement", MeetingPurpose(...), app="nrm.identification")
"""

from collections.abc import Callable
from dataclasses import dataclass

from nrm.core.doors import Door


@dataclass(frozen=True)
class MeetingPurpose:
    body: str  # the body that meets for it ("" : any body)
    label: Callable[[], str]  # lazy label
    # (code, label) choices of what the meeting may decide: outcomes(meeting).
    outcomes: Callable[..., list[tuple[str, str]]]
    on_decision: Callable[..., None]  # on_decision(*, actor, meeting, decision)
    on_held: Callable[..., None] | None = None  # on_held(*, actor, meeting)
    on_convened: Callable[..., None] | None = None  # on_convened(*, actor, meeting)
    # A purpose about one case needs the case; a general one (a plan of work) has none.
    about_case: bool = True
    # How many decisions a meeting for it may take: a case's status is decided once.
    decisions: int | None = 1
    # offered(case) -> bool: the meetings' convene page (/meetings/new/) offers this purpose
    # for the case now (None: only its stage app convenes it, e.g. the group's disagreement).
    offered: Callable[..., bool] | None = None
    # agenda(case) -> list of lazy texts: the agenda the convene page starts from.
    agenda: Callable[..., list] | None = None


meeting_purposes: Door[MeetingPurpose] = Door(
    "meeting_purposes", "What a meeting about a case decides and what follows."
)
