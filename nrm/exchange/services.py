"""The exchange's writes: a case opened from an HTCDS document, and the CTDC extract (whose
making is an audit event). One transaction each."""

from django.db import transaction

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.exchange import ctdc, htcds
from nrm.exchange.audit_codes import ExchangeCode
from nrm.exchange.error_codes import ExchangeError
from nrm.exchange.models import HtcdsImport
from nrm.registry import services as registry
from nrm.registry.models import Case


def _refuse(fields: dict[str, list[str]]) -> None:
    raise DomainError(
        ExchangeError.INVALID_DOCUMENT.label, fields=fields, code=ExchangeError.INVALID_DOCUMENT
    )


@transaction.atomic
def case_import_htcds(*, actor, document: dict) -> Case:
    """Opens a case from an HTCDS v2.0 document, owned by the actor's institution: the
    document is validated first (nothing is written when a field is at fault), the case is
    opened by the registry's `case_create` (with its own event) and its forms of exploitation
    set by `case_exploitation_set`. The source's coded values — its trafficking status among
    them — are kept as information (`HtcdsImport.source`), never as the case's status."""
    if not actor.can(Capability.CASE_CREATE):
        raise Forbidden()
    found = htcds.problems(document)
    if found:
        _refuse(found)
    try:
        case = registry.case_create(actor=actor, person=htcds.person_input(document))
    except ValidationFailed as exc:  # the registry's own checks (e.g. a date in the future)
        _refuse({_HTCDS_OF.get(k, k): v for k, v in exc.fields.items()})
    forms = htcds.forms_of(registry.profile_of(case), document.get("vic_TypeOfExploitation", []))
    if forms:
        case = registry.case_exploitation_set(
            actor=actor, case_id=case.pk, forms=forms, expected_version=case.version
        )
    source = htcds.source_values(document)
    HtcdsImport.objects.create(
        case=case, source=source, imported_at=clock.now(), imported_by=actor.user
    )
    event_record(
        actor=actor,
        code=ExchangeCode.HTCDS_IMPORTED,
        case_id=case.pk,
        target=case,
        data={
            "standard": f"HTCDS {htcds.VERSION}",
            "fields": len(document),
            "forms": forms,
            "source_status": source.get("vic_TraffickingStatus", ""),
        },
    )
    return case


# The registry's field names → the document's, for an error found by `case_create`.
_HTCDS_OF = {
    "given_name": "prs_FirstName",
    "family_name": "prs_SecondName",
    "date_of_birth": "prs_Birthdate",
    "sex": "prs_Gender",
    "citizenship": "prs_Citizenship",
    "languages": "prs_PrimaryLanguage",
    "phone": "prs_MobilePhone",
    "email": "prs_Email",
    "address": "prs_MailingStreet",
}


@transaction.atomic
def ctdc_extract(*, actor, k: int | None = None) -> ctdc.Extract:
    """The CTDC-compatible anonymised extract of every registered victim the actor reaches
    (the AP secretariat and coordinators: `case.read_all`), one row per unique person, made
    k-anonymous (`ctdc.anonymise`). Its audit event holds counts only."""
    if not actor.can(Capability.CASE_READ_ALL):
        raise Forbidden()
    extract = ctdc.extract(actor=actor, k=k)
    event_record(actor=actor, code=ExchangeCode.CTDC_EXTRACTED, data=extract.report())
    return extract
