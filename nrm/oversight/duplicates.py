"""Inbox notices when a case is opened past likely existing records its opener may not see
(the registry's `duplicate_sinks` door; docs/duplicate-warning.md): the AP's oversight of
the registry, sent through the deadline engine's inbox. The AP secretariat is
told of the new case, each owner of a matched case of its own case: a reference and a
fixed text, never a name, and neither notice names the other institution's case."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _lazy

from nrm.accounts.selectors import role_members, users_with_roles
from nrm.deadlines.doors import NoticeKind
from nrm.deadlines.services import notice_send


class DuplicateNotice(StrEnum):
    OPENED = "possible_duplicate"
    OF_YOURS = "possible_duplicate_owner"


NOTICES = {
    DuplicateNotice.OPENED: NoticeKind(
        label=_lazy("possible duplicate opened"),
        text=_lazy(
            "Case %(ref)s was opened, with a reason, for a person who may already have a "
            "record held by another institution: check whether it is the same person."
        ),
    ),
    DuplicateNotice.OF_YOURS: NoticeKind(
        label=_lazy("possible duplicate of your case"),
        text=_lazy(
            "Another institution opened a case for a person who may be the person of your "
            "case %(ref)s; the AP secretariat was told and may ask you to compare them."
        ),
    ),
}


def tell(*, actor, case, matched, profile) -> None:
    check = profile.duplicate_check
    if check is None:
        return
    me = actor.user.pk
    if check.notify_roles:
        notice_send(
            recipients=[u for u in users_with_roles(roles=check.notify_roles) if u.pk != me],
            kind=DuplicateNotice.OPENED,
            case=case,
            data={"matched": len(matched)},
        )
    if check.notify_owner_roles:
        found = role_members(
            institution_ids={c.owner_institution_id for c in matched},
            roles=check.notify_owner_roles,
        )
        for other in matched:
            recipients = [
                u
                for (institution_id, _role), users in found.items()
                if institution_id == other.owner_institution_id
                for u in users
                if u.pk != me
            ]
            notice_send(recipients=recipients, kind=DuplicateNotice.OF_YOURS, case=other)
