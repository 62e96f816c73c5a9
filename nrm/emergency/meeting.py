"""The AP meetings the emergency app asks for, as purposes of nrm.meetings (its
`meeting_purposes` door): the foreign child's documentation (L1004–1005: the AP secretariat
requests the meeting within 24 hours) and institutions not responding on a child's case
(L977–983: the chain's last level requests an immediate AP meeting). The meetings' convene
page offers each for a case once it is requested and until a meeting for it is convened;
what the AP decides is a solution or not, and the meeting's tasks carry it to the
institutions (nothing on the case changes)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from nrm.emergency.models import ChildDocumentation, NonResponse, NonResponseStep
from nrm.meetings import selectors as meetings
from nrm.meetings.doors import MeetingPurpose
from nrm.meetings.models import Meeting, MeetingStatus
from nrm.registry.services import profile_of

# The body the SOP convenes for both: the Responsible Authority (profile `meeting_bodies`;
# nrm.E080 checks that the profile has it).
AP_BODY = "ap"
DOCUMENTATION = "emergency_child_documentation"
NON_RESPONSE = "emergency_non_response"


def _convened_since(case, purpose: str, moment) -> bool:
    return Meeting.objects.filter(
        case=case,
        purpose=purpose,
        status__in=[MeetingStatus.CONVENED, MeetingStatus.HELD],
        convened_at__gte=moment,
    ).exists()


def documentation_requested(case) -> bool:
    """The AP meeting on the foreign child's documentation is requested and not convened."""
    found = (
        ChildDocumentation.objects.filter(case=case, meeting_requested_at__isnull=False)
        .order_by("-meeting_requested_at")
        .first()
    )
    return found is not None and not _convened_since(
        case, DOCUMENTATION, found.meeting_requested_at
    )


def non_response_requested(case) -> bool:
    """An institution's non-response reached the chain's last level (the AP meeting) and
    no meeting for it is convened since."""
    rules = profile_of(case).emergency
    if rules is None or not rules.non_response_steps:
        return False
    last = rules.non_response_steps[-1].code
    step = (
        NonResponseStep.objects.filter(
            non_response__in=NonResponse.objects.filter(case=case, step=last), step=last
        )
        .order_by("-at")
        .first()
    )
    return step is not None and not _convened_since(case, NON_RESPONSE, step.at)


def outcomes(meeting) -> list[tuple[str, str]]:
    return [
        ("solution_agreed", _("A solution agreed: the institutions are given tasks")),
        ("no_solution", _("No solution agreed")),
    ]


def _nothing(**_kwargs) -> None:
    """The decision changes nothing on the case: the meeting's tasks carry it out."""
    return None


def documentation_agenda(case) -> list:
    return [
        _("The foreign child's documentation: residence permit, guardianship, identity documents"),
        _("Tasks of the institutions"),
    ]


def non_response_agenda(case) -> list:
    return [
        _("The institutions that do not respond and the difficulties in the child's case"),
        _("Tasks of the institutions"),
    ]


PURPOSES = {
    DOCUMENTATION: MeetingPurpose(
        body=AP_BODY,
        label=lambda: _("The foreign child's documentation (within 24 hours)"),
        outcomes=outcomes,
        on_decision=_nothing,
        offered=documentation_requested,
        agenda=documentation_agenda,
    ),
    NON_RESPONSE: MeetingPurpose(
        body=AP_BODY,
        label=lambda: _("Institutions not responding on a child's case"),
        outcomes=outcomes,
        on_decision=_nothing,
        offered=non_response_requested,
        agenda=non_response_agenda,
    ),
}


def convene_link(actor, case) -> str:
    """The meetings' convene page for the AP on this case, for one who convenes the AP, when
    a meeting the emergency app asked for awaits convening ("" otherwise)."""
    try:
        body = profile_of(case).meeting_body(AP_BODY)
    except KeyError:
        return ""
    if not meetings.may_convene(actor, body):
        return ""
    if not any(code in PURPOSES for code, _p in meetings.purposes_offered(case=case, body=AP_BODY)):
        return ""
    return reverse("meeting_new") + "?" + urlencode({"case": case.pk, "body": AP_BODY})
