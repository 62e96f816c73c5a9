"""The shelters' audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class ShelterCode(AuditCode):
    # Change events.
    ADMITTED = "shelter.admitted", _("Admitted a person to a shelter or centre")
    MEDICAL_RECORDED = (
        "shelter.medical_recorded",
        _("Recorded the medical examination on admission"),
    )
    CASEWORKER_ASSIGNED = "shelter.caseworker_assigned", _("Assigned the resident's case worker")
    STAY_UPDATED = (
        "shelter.stay_updated",
        _("Recorded the information given, basic needs or agreement of a stay"),
    )
    INTERVIEW_INFORMATION = (
        "shelter.interview_information",
        _("Recorded that the formal interview was explained to the person"),
    )
    EXITED = "shelter.exited", _("Recorded that a person left the shelter or centre")
    INCIDENT_RECORDED = "shelter.incident_recorded", _("Recorded an incident of a stay")
    INCIDENT_NOTIFIED = "shelter.incident_notified", _("Sent the notices of an incident")
    # Reads of a case (access log).
    ADMISSION_PDF = "shelter.admission_pdf", _("Printed an admission form (C1, C2 or C3)")
    API_READ = "shelter.api_read", _("Read a stay through the API")
