"""The inbox notices the deadline engine sends for the registry's acts (the registry sits
below the engine and cannot contribute to its door): a new child, an assignment."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.deadlines.doors import NoticeKind


class RegistryNotice(StrEnum):
    NEW_CHILD = "new_child"
    CASE_ASSIGNED = "case_assigned"


NOTICES = {
    RegistryNotice.NEW_CHILD: NoticeKind(
        label=_lazy("new child"),
        text=_lazy(
            "A case was opened for a child (or a person presumed to be a child): %(ref)s. "
            "Open the case and act as the procedure requires."
        ),
    ),
    RegistryNotice.CASE_ASSIGNED: NoticeKind(
        label=_lazy("case assigned to your institution"),
        text=_lazy("Case %(ref)s was assigned to your institution: it can open it now."),
    ),
}
