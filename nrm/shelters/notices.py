"""The inbox notices nrm.shelters sends (the deadline engine's `notice_kinds` door)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class ShelterNotice(StrEnum):
    SHELTER_INCIDENT = "shelter_incident"


NOTICES = {
    ShelterNotice.SHELTER_INCIDENT: NoticeKind(
        label=_lazy("incident in a shelter or centre"),
        text=_lazy(
            "A shelter or centre recorded an incident in case %(ref)s that your institution "
            "must know of (leaving without permission, refusal of help, return to family, or "
            "a child's return). Follow the case up as the procedure requires."
        ),
    ),
}
