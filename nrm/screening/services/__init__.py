"""Every write of initial identification. Keyword-only, one transaction, its audit event;
status and stage move only through the registry's guarded transitions; deadlines and
notifications through the deadline engine's `event_emit`.

Split by sub-domain: screening (and the checklist), interview, request (A2, A5,
investigation information).
"""

from nrm.screening.services.interview import (
    declaration_record,
    interview_hold,
    interview_log_record,
    interview_plan,
    interview_prepare,
    participant_add,
    participant_remove,
)
from nrm.screening.services.request import (
    a2_record,
    formal_identification_request,
    investigation_information_open,
    investigation_information_record,
)
from nrm.screening.services.screening import (
    checklist_record,
    checklist_save,
    identification_start,
    screening_submit,
)

__all__ = [
    "a2_record",
    "checklist_record",
    "checklist_save",
    "declaration_record",
    "formal_identification_request",
    "identification_start",
    "interview_hold",
    "interview_log_record",
    "interview_plan",
    "interview_prepare",
    "investigation_information_open",
    "investigation_information_record",
    "participant_add",
    "participant_remove",
    "screening_submit",
]
