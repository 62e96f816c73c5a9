"""What the exchange contributes to the doors: the HTCDS download link on the case page, its
audit codes, and the profile codes its mappings name (`mapping`)."""

from nrm.audit.doors import audit_codes
from nrm.exchange import mapping
from nrm.exchange.audit_codes import ExchangeCode
from nrm.jurisdictions.doors import RequiredCodes, codes_of, required_codes
from nrm.registry import doors

APP = "nrm.exchange"


def htcds_link(request, case) -> dict:
    return {}


def contribute() -> None:
    audit_codes.add(ExchangeCode, code="exchange", app=APP)
    doors.case_panels.add(
        doors.CasePanel("exchange/_case_link.html", htcds_link, slot=doors.SLOT_LINKS),
        code="exchange.htcds",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            "identification_statuses",
            tuple(mapping.STATUS),
            lambda p: codes_of(p.identification_statuses),
        ),
        code="exchange.statuses",
        app=APP,
    )
