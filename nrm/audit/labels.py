"""Readable names for audit codes. Codes are stored; labels are only for display, and a
code without a label is shown as it is."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "case.view": _("Opened the case page"),
    "api.case.read": _("Read the case through the API"),
    "api.case.history": _("Read the status history through the API"),
    "api.case.access_log": _("Read the access log through the API"),
    "audit.trail_export": _("Exported the audit trail"),
    "audit.trail_exported": _("Exported the audit trail"),
    "security.unusual_reading": _("Opened an unusual number of cases in a short time"),
    "case.created": _("Opened the case"),
    "case.stage_changed": _("Changed the stage"),
    "case.identification_status_changed": _("Changed the identification status"),
    "case.assigned": _("Gave another institution access"),
    "case.grant_revoked": _("Took back an institution's access"),
    "case.anonymised": _("Anonymised the case (retention period ended)"),
    "person.exported": _("Exported the person's data on request"),
    "person.export": _("Read the case for an export of the person's data"),
    "person.request_refused": _("Refused a request from a suspected parent or guardian"),
    "person.corrected": _("Corrected the person's data on request"),
    "api.case.corrections": _("Read the corrections through the API"),
    "notification.purged": _("Deleted notifications past their retention period"),
    # Reference data, written by administrators (the admin site saves through the services).
    "institution.created": _("Added an institution"),
    "institution.updated": _("Changed an institution"),
    "user.created": _("Added a user account"),
    "user.updated": _("Changed a user account"),
    "api_token.revoked": _("Revoked one of their API tokens"),
    "user.logged_out_everywhere": _("Logged out everywhere (every session and API token)"),
    "membership.created": _("Gave a user a role at an institution"),
    "membership.updated": _("Replaced a user's role at an institution"),
    "membership.removed": _("Ended a user's membership of an institution"),
    "closure_day.created": _("Added a closure day"),
    "closure_day.updated": _("Changed a closure day"),
    "closure_day.deleted": _("Deleted a closure day"),
    # Reasons that services record as codes in the status history.
    "case.opened": _("Case opened"),
    "screening.threshold_reached": _("Screening: the threshold of indicators was reached"),
    "screening.override": _("Screening: the worker's justified decision"),
    "screening.formal_identification_requested": _("Request for formal identification (A5)"),
    "consent.recorded": _("Recorded consent"),
    "consent.withdrawn": _("Withdrew consent"),
    "consent.giver_suspicion_recorded": _("Stated whether a parent or guardian is suspected"),
    "api.consent.read": _("Read the consent records through the API"),
}


def label(code: str) -> str:
    return str(LABELS.get(code, code))
