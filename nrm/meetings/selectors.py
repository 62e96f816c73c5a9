"""Every read of meetings, scoped by the actor.

Who sees a meeting: its attendees; the members of its body and those who convene it; the
AP secretariat (every case); the members of an institution it gave a task. A meeting in
closed session (the Commission) is seen by its attendees and those who convene the body
only. A meeting about a case also needs the case visible (`registry.selectors.case_scope`).
"""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Membership
from nrm.core.errors import NotFound, ValidationFailed
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import MeetingBody, Profile
from nrm.meetings.doors import MeetingPurpose, meeting_purposes
from nrm.meetings.models import Capacity, Meeting, MeetingStatus, MeetingTask, TaskStatus
from nrm.registry.rules import may_record
from nrm.registry.selectors import case_scope


def current_profile() -> Profile:
    return get_profile(settings.NRM_JURISDICTION)


def profile_for(meeting_or_case) -> Profile:
    """The profile of a meeting's case (or of a case), else the one in force."""
    case = getattr(meeting_or_case, "case", meeting_or_case)
    if case is not None and hasattr(case, "profile_code"):
        return get_profile(case.profile_code, case.profile_version)
    return current_profile()


def body_spec(profile: Profile, code: str) -> MeetingBody:
    try:
        return profile.meeting_body(code)
    except KeyError:
        raise ValidationFailed({"body": [_("Unknown body.")]}) from None


def body_of(meeting: Meeting) -> MeetingBody:
    return body_spec(profile_for(meeting), meeting.body)


def purpose_of(code: str) -> MeetingPurpose:
    purpose = meeting_purposes.get(code)
    if purpose is None:
        raise ValidationFailed({"purpose": [_("Unknown purpose.")]})
    return purpose


def outcomes_of(meeting: Meeting) -> list[tuple[str, str]]:
    """The (code, label) choices of what the meeting may decide."""
    purpose = meeting_purposes.get(meeting.purpose)
    if purpose is None:
        return []
    return [(code, str(label)) for code, label in purpose.outcomes(meeting)]


def purpose_label(meeting: Meeting) -> str:
    purpose = meeting_purposes.get(meeting.purpose)
    if purpose is None:
        return meeting.purpose
    return str(purpose.label() if callable(purpose.label) else purpose.label)


def purposes_offered(*, case, body: str) -> list[tuple[str, MeetingPurpose]]:
    """(code, purpose) of the purposes about a case that the convene page offers for this
    case and body now (each purpose's `offered(case)`, contributed by its stage app)."""
    return [
        (code, p)
        for code, _app, p in meeting_purposes.entries()
        if p.about_case
        and p.offered is not None
        and (not p.body or p.body == body)
        and p.offered(case)
    ]


def body_members(body: MeetingBody) -> list[Membership]:
    """The active memberships of the body (the profile's `members`: role × institution type),
    one per user, in the order of its member lines and roles: whom a meeting convened from
    the page invites."""
    found: dict[int, object] = {}
    for line in body.members:
        qs = Membership.objects.filter(
            is_active=True, role__in=line.roles, user__is_active=True, institution__is_active=True
        )
        if line.institution_types:
            qs = qs.filter(institution__type__in=line.institution_types)
        for role in line.roles:
            for m in qs.filter(role=role).select_related("user", "institution").order_by("pk"):
                found.setdefault(m.user_id, m)
    return list(found.values())


def is_chair(actor, meeting: Meeting) -> bool:
    return meeting.attendees.filter(user=actor.user, capacity=Capacity.CHAIR).exists()


def may_run(actor, meeting: Meeting, body: MeetingBody | None = None) -> bool:
    """Whether the actor records attendance, decisions, minutes and tasks of the meeting:
    those who convene the body, and the meeting's chair."""
    body = body or body_of(meeting)
    return may_convene(actor, body) or is_chair(actor, meeting)


def _type(actor) -> str | None:
    return actor.institution.type if actor.institution is not None else None


def is_member(actor, body: MeetingBody) -> bool:
    return may_record(role=actor.role, institution_type=_type(actor), recorders=body.members)


def may_convene(actor, body: MeetingBody) -> bool:
    return may_record(role=actor.role, institution_type=_type(actor), recorders=body.convened_by)


def bodies_of(actor, profile: Profile | None = None) -> list[MeetingBody]:
    """The bodies the actor belongs to or convenes (the navigation's "Meetings")."""
    profile = profile or current_profile()
    return [b for b in profile.meeting_bodies if is_member(actor, b) or may_convene(actor, b)]


def meetings_visible(*, actor) -> QuerySet[Meeting]:
    if actor is None or actor.user is None or not actor.user.is_authenticated:
        return Meeting.objects.none()
    profile = current_profile()
    convening = [b.code for b in profile.meeting_bodies if may_convene(actor, b)]
    members = [b.code for b in profile.meeting_bodies if is_member(actor, b)]
    open_bodies = [b.code for b in profile.meeting_bodies if not b.closed_sessions]
    attending = Q(attendees__user=actor.user)
    open_ = Q(body__in=members)
    if actor.can(Capability.CASE_READ_ALL):
        open_ |= Q(body__in=open_bodies)
    if actor.institution is not None:
        open_ |= Q(tasks__institution=actor.institution)
    seen = attending | Q(body__in=convening) | (open_ & Q(closed_session=False))
    ids = Meeting.objects.filter(seen).values("pk")
    return Meeting.objects.filter(pk__in=ids).filter(
        Q(case__isnull=True) | Q(case__in=case_scope(actor=actor).values("pk"))
    )


def meeting_list(*, actor, body: str | None = None, case=None) -> QuerySet[Meeting]:
    """What is due first: meetings still to be held by their date, then the rest, newest
    first (the page splits them)."""
    qs = meetings_visible(actor=actor).select_related("case")
    if body:
        qs = qs.filter(body=body)
    if case is not None:
        qs = qs.filter(case_id=case.pk if hasattr(case, "pk") else case)
    return qs.order_by("scheduled_for", "id")


def meeting_get(*, actor, id: int) -> Meeting:
    """The meeting, or NotFound alike for a missing one and one the actor may not see."""
    try:
        return (
            meetings_visible(actor=actor)
            .select_related("case", "convened_by", "convening_institution")
            .get(pk=id)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def upcoming(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.filter(status=MeetingStatus.CONVENED).order_by("scheduled_for", "id")


def recent(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.exclude(status=MeetingStatus.CONVENED).order_by("-scheduled_for", "-id")


def attendees_of(meeting: Meeting):
    return meeting.attendees.select_related("user", "institution").order_by("id")


def tasks_open_for(*, actor) -> QuerySet[MeetingTask]:
    """The open tasks given to the actor's institution, due first."""
    if actor.institution is None:
        return MeetingTask.objects.none()
    return (
        MeetingTask.objects.filter(institution=actor.institution, status=TaskStatus.OPEN)
        .select_related("meeting", "meeting__case")
        .order_by("due_on", "id")
    )


def task_get(*, actor, id: int) -> MeetingTask:
    """A task its institution's members or the meeting's viewers may see; else NotFound."""
    try:
        task = MeetingTask.objects.select_related("meeting", "institution").get(pk=id)
    except (MeetingTask.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    # A task is addressed to its institution: its members see it (and record it done)
    # even when the meeting's case is not theirs to read (docs/meetings.md).
    if actor.institution_id is not None and actor.institution_id == task.institution_id:
        return task
    meeting_get(actor=actor, id=task.meeting_id)
    return task


def body_label(meeting: Meeting, request=None) -> str:
    language = (get_language() or "sq")[:2]
    try:
        return profile_for(meeting).meeting_body(meeting.body).name.get(language)
    except KeyError:
        return meeting.body
