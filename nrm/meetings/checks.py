"""nrm.E080: meaning checks of the profile's `meeting_bodies` (contributed to the profile
loader's `profile_checks` door): unique codes, known roles and institution types (members,
convened_by, task_recipients, chair_roles), a `count` quorum of at least one, and every
body a meeting purpose on the `meeting_purposes` door meets in."""

from nrm.jurisdictions.references import report, report_recorders
from nrm.jurisdictions.schema import Profile
from nrm.meetings.doors import meeting_purposes

CODE = "nrm.E080"


def check_meeting_bodies(profile: Profile, add) -> None:
    seen: set[str] = set()
    for i, body in enumerate(profile.meeting_bodies):
        where = ("meeting_bodies", i)
        if body.code in seen:
            add(CODE, f"meeting_bodies: duplicate code {body.code!r}", (*where, "code"))
        seen.add(body.code)
        for field in ("members", "convened_by"):
            for j, recorder in enumerate(getattr(body, field)):
                name, at = f"{body.code}.{field}", (*where, field, j)
                report_recorders(add, CODE, profile, (recorder,), name, at)
        for field in ("task_recipients", "chair_roles"):
            roles = getattr(body, field)
            report(add, CODE, profile, "role", roles, f"{body.code}.{field}", where)
        if body.quorum.kind == "count" and body.quorum.amount < 1:
            add(CODE, f"{body.code}: a quorum by count needs an amount of 1 or more", where)
    if not profile.meeting_bodies:
        return
    for code, app, purpose in meeting_purposes.entries():
        if purpose.body and purpose.body not in seen:
            add(
                CODE,
                f"{app} meets for {code!r} in the body {purpose.body!r}, "
                "which meeting_bodies does not define",
                ("meeting_bodies",),
            )
