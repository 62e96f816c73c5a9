"""Initial identification's audit codes: its change events, its reads of a case, and the
reasons its services record as codes in the status history."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ScreeningCode(AuditCode):
    # Change events.
    SUBMITTED = "screening.submitted", _("Recorded a screening")
    CHECKLIST_RECORDED = "screening.checklist_recorded", _("Recorded a checklist item")
    INTERVIEW_PLANNED = "screening.interview_planned", _("Planned an interview")
    PARTICIPANT_ADDED = "screening.participant_added", _("Added a participant to an interview")
    PARTICIPANT_REMOVED = (
        "screening.participant_removed",
        _("Removed a participant from an interview"),
    )
    DECLARATION_SIGNED = (
        "screening.declaration_signed",
        _("Recorded a signed confidentiality declaration (A1)"),
    )
    INTERVIEW_HELD = "screening.interview_held", _("Recorded that an interview was held")
    INTERVIEW_LOGGED = "screening.interview_logged", _("Wrote in the interview log")
    FORMAL_IDENTIFICATION_REQUESTED = (
        "screening.formal_identification_requested",
        _("Request for formal identification (A5)"),
    )
    INVESTIGATION_INFORMATION_RECORDED = (
        "screening.investigation_information_recorded",
        _("Recorded information supporting the investigation"),
    )
    # Reasons recorded as codes in the status history.
    THRESHOLD_REACHED = (
        "screening.threshold_reached",
        _("Screening: the threshold of indicators was reached"),
    )
    OVERRIDE = "screening.override", _("Screening: the worker's justified decision")
    # Reads of a case (access log): pages.
    SCREENING_FORM = "screening.form", _("Opened the screening form")
    IDENTIFICATION_VIEW = "identification.view", _("Opened the initial identification page")
    IDENTIFICATION_CHECKLIST = (
        "identification.checklist",
        _("Opened the checklist of initial identification"),
    )
    INTERVIEW_FORM = "interview.form", _("Opened the interview form")
    INTERVIEW_VIEW = "interview.view", _("Opened an interview")
    CONSENT_FORM = "consent.form", _("Opened the consent form (A2)")
    REQUEST_FORM = "request.form", _("Opened the request for formal identification (A5)")
    INVESTIGATION_VIEW = "investigation.view", _("Read information supporting the investigation")
    # ... the API.
    API_SCREENING_LIST = "api.screening.list", _("Read the screenings through the API")
    API_CHECKLIST_READ = "api.checklist.read", _("Read the checklist through the API")
    API_INTERVIEW_LIST = "api.interview.list", _("Read the interviews through the API")
    API_INTERVIEW_LOG_READ = "api.interview_log.read", _("Read the interview log through the API")
    API_INVESTIGATION_READ = (
        "api.investigation.read",
        _("Read information supporting the investigation through the API"),
    )
    # ... the documents (PDF).
    DOCUMENT_A1 = "document.a1", _("Printed a confidentiality declaration (A1)")
    DOCUMENT_A2 = "document.a2", _("Printed the declaration of consent (A2)")
    DOCUMENT_A3 = "document.a3", _("Printed an initial interview with a child (A3)")
    DOCUMENT_A4 = "document.a4", _("Printed an initial interview with an adult (A4)")
    DOCUMENT_A5 = "document.a5", _("Printed the request for formal identification (A5)")
    DOCUMENT_CERTIFICATE = (
        "document.certificate",
        _("Printed the certificate of initial identification"),
    )


# The documents the stage prints (the profile's `documents`), by form: their reads.
DOCUMENT_READS = {
    "a1": ScreeningCode.DOCUMENT_A1,
    "a2": ScreeningCode.DOCUMENT_A2,
    "a3": ScreeningCode.DOCUMENT_A3,
    "a4": ScreeningCode.DOCUMENT_A4,
    "a5": ScreeningCode.DOCUMENT_A5,
    "certificate": ScreeningCode.DOCUMENT_CERTIFICATE,
}
