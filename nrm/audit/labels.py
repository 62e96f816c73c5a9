"""Readable names for audit codes. Codes are stored; labels are only for display, and a
code without a label is shown as it is."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "case.view": _("Opened the case page"),
    "api.case.read": _("Read the case through the API"),
    "api.case.history": _("Read the status history through the API"),
    "api.case.access_log": _("Read the access log through the API"),
    "case.created": _("Opened the case"),
    "case.stage_changed": _("Changed the stage"),
    "case.identification_status_changed": _("Changed the identification status"),
    "case.assigned": _("Gave another institution access"),
    "case.grant_revoked": _("Took back an institution's access"),
    # Reasons that services record as codes in the status history.
    "case.opened": _("Case opened"),
    "screening.threshold_reached": _("Screening: the threshold of indicators was reached"),
    "screening.override": _("Screening: the worker's justified decision"),
    "screening.formal_identification_requested": _("Request for formal identification (A5)"),
}


def label(code: str) -> str:
    return str(LABELS.get(code, code))
