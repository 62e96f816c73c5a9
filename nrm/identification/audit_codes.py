"""Formal identification's audit codes: its change events, its reads of a case, and the
reasons its services record as codes in the status history."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class IdentificationCode(AuditCode):
    # Change events.
    OPENED = (
        "formal.opened",
        _("Opened formal identification at the person's own request"),
    )
    SEAT_TAKEN = (
        "formal.seat_taken",
        _("Took up the case for an institution of the formal identification group"),
    )
    INTERVIEW_PLANNED = "formal.interview_planned", _("Planned the formal interview")
    PARTICIPANT_ADDED = (
        "formal.participant_added",
        _("Added a participant to the formal interview"),
    )
    INTERVIEW_STARTED = "formal.interview_started", _("Started the formal interview")
    INTERVIEW_ENDED = "formal.interview_ended", _("Ended the formal interview")
    NEEDS_ASSESSED = (
        "formal.needs_assessed",
        _("Recorded the in-depth needs assessment"),
    )
    DECIDED = "formal.decided", _("Recorded the decision of the group (B3)")
    NO_CONSENSUS = (
        "formal.no_consensus",
        _("Recorded that the group reached no consensus and sent the file to the AP"),
    )
    SENT_TO_AP = "formal.sent_to_ap", _("Sent the group's decision to the AP")
    NOTICE_RECORDED = (
        "formal.notice_recorded",
        _("Recorded the day the person received notice of the decision"),
    )
    AP_MEETING_CONVENED = (
        "formal.ap_meeting_convened",
        _("Convened the AP on a file without consensus"),
    )
    # Reasons recorded as codes in the history.
    GROUP_DECISION = (
        "formal.group_decision",
        _("Formal identification: the decision of the group (B3)"),
    )
    AP_DECISION = (
        "formal.ap_decision",
        _("Formal identification: the binding decision of the AP"),
    )
    # Reads of a case (access log).
    VIEW = "formal.view", _("Opened the formal identification page")
    INTERVIEW_VIEW = "formal.interview", _("Opened a formal interview")
    DECISION_FORM = "formal.decision_form", _("Opened the decision form (B3)")
    API_DECISIONS = "api.formal.decisions", _("Read the group's decisions through the API")
    DOCUMENT_B1 = "document.b1", _("Printed a formal interview with a child (B1)")
    DOCUMENT_B2 = "document.b2", _("Printed a formal interview with an adult (B2)")
    DOCUMENT_B3 = "document.b3", _("Printed the decision of the group (B3)")


DOCUMENT_READS = {
    "b1": IdentificationCode.DOCUMENT_B1,
    "b2": IdentificationCode.DOCUMENT_B2,
    "b3": IdentificationCode.DOCUMENT_B3,
}
