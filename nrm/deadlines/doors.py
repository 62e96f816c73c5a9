"""The deadline engine's door: the inbox notices other apps send through `notice_send`.

The engine knows its own kinds (a reminder, a missed deadline, an escalation); a stage that
tells users something about a case (consent withdrawn, an incident in a shelter) contributes
the notice's kind here, with its label and text, instead of editing the engine."""

from dataclasses import dataclass

from nrm.core.doors import Door

KIND_MAX = 24  # Notification.kind's length


@dataclass(frozen=True)
class NoticeKind:
    label: str  # lazy: the kind's name in the inbox and the e-mail's subject
    text: str  # lazy: the message, with %(ref)s for the case reference (never a name)
    # The page the inbox links to when the reader may not open the case yet (a URL name
    # without arguments: a pending referral's inbox); empty: no link then.
    page: str = ""


notice_kinds: Door[NoticeKind] = Door(
    "notice_kinds", "Inbox notices about a case that the apps send (kind, label, text)."
)


def add_notices(notices: dict, *, app: str) -> None:
    """notices: {code: NoticeKind} of one app (codes unique across apps, ≤ 24 characters)."""
    for code, notice in notices.items():
        if len(code) > KIND_MAX:
            raise ValueError(f"notice kind {code!r} is longer than {KIND_MAX} characters")
        notice_kinds.add(notice, code=str(code), app=app)
