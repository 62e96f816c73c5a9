"""nrm.E130: meaning checks of the profile's `notices` block (on the `profile_checks` door):
each kind is one the apps send (`notice_kinds`) and appears once; roles and institution
types are the profile's."""

from nrm.deadlines.doors import notice_kinds
from nrm.jurisdictions.references import report
from nrm.jurisdictions.schema import Profile

CODE = "nrm.E130"


def check_notices(profile: Profile, add) -> None:
    seen: set[str] = set()
    for i, notice in enumerate(profile.notices):
        loc = ("notices", i)
        if notice.kind in seen:
            add(CODE, f"notices: kind {notice.kind!r} appears twice", loc)
        seen.add(notice.kind)
        if notice_kinds.get(notice.kind) is None:
            add(CODE, f"notices: no app sends the notice kind {notice.kind!r}", loc)
        name = f"notice {notice.kind}"
        for recipient in notice.to:
            report(add, CODE, profile, "role", recipient.roles, name, loc)
            report(add, CODE, profile, "institution_type", recipient.institution_types, name, loc)
