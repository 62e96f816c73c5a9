"""The registry's audit codes: changes of cases and persons, reads of a case, and the reasons
its services record as codes in the status history (labelled the same way)."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class RegistryCode(AuditCode):
    # Change events.
    CASE_CREATED = "case.created", _("Opened the case")
    STAGE_CHANGED = "case.stage_changed", _("Changed the stage")
    STATUS_CHANGED = (
        "case.identification_status_changed",
        _("Changed the identification status"),
    )
    STATUS_DECIDED = (
        "case.status_decided",
        _("Recorded a decision on the identification status"),
    )
    STATUS_CORRECTED = (
        "case.status_corrected",
        _("Corrected a wrongly recorded identification status"),
    )
    # Before procedures (issue 11): kept so older trails still read.
    STAGE_CORRECTED = "case.stage_corrected", _("Corrected a wrongly recorded stage")
    PROCEDURE_OPENED = "case.procedure_opened", _("Started a procedure on the case")
    PROCEDURE_MOVED = "case.procedure_moved", _("Moved a procedure of the case")
    PROCEDURE_ENDED = "case.procedure_ended", _("Ended a procedure of the case")
    PROCEDURE_CORRECTED = (
        "case.procedure_corrected",
        _("Corrected a wrongly recorded procedure"),
    )
    CLOSED = "case.closed", _("Closed the case")
    REOPENED = "case.reopened", _("Reopened the case")
    EXPLOITATION_SET = "case.exploitation_forms_set", _("Recorded the forms of exploitation")
    ASSIGNED = "case.assigned", _("Gave another institution access")
    GRANT_REVOKED = "case.grant_revoked", _("Took back an institution's access")
    GRANT_OFFERED = "case.grant_offered", _("Offered another institution access (a referral)")
    GRANT_ACCEPTED = "case.grant_accepted", _("Accepted access to a case (a referral)")
    GRANT_DECLINED = "case.grant_declined", _("Declined access to a case (a referral)")
    LIST_EXPORTED = "case.list_exported", _("Exported the list of cases")
    GENERATED = "case.generated", _("Generated invented cases (demo or benchmark)")
    ANONYMISED = "case.anonymised", _("Anonymised the case (retention period ended)")
    PERSON_EXPORTED = "person.exported", _("Exported the person's data on request")
    PERSON_REQUEST_REFUSED = (
        "person.request_refused",
        _("Refused a request from a suspected parent or guardian"),
    )
    PERSON_CORRECTED = "person.corrected", _("Corrected the person's data on request")
    PERSON_UPDATED = "person.updated", _("Corrected the person's data (the caseworker)")
    # Reads of a case (access log).
    CASE_VIEW = "case.view", _("Opened the case page")
    CASE_HISTORY = "case.history", _("Read the status history")
    API_CASE_READ = "api.case.read", _("Read the case through the API")
    API_CASE_HISTORY = "api.case.history", _("Read the status history through the API")
    API_CORRECTIONS = "api.case.corrections", _("Read the corrections through the API")
    PERSON_EXPORT = "person.export", _("Read the case for an export of the person's data")
    # Reasons recorded as codes in the status history.
    CASE_OPENED = "case.opened", _("Case opened")


# `_apply` (closing, reopening, status changes): the field changed → its event.
CHANGED = {
    "stage": RegistryCode.STAGE_CHANGED,
    "identification_status": RegistryCode.STATUS_CHANGED,
}
