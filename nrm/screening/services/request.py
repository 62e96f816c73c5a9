"""Consent to the formal identification interview (A2), the request for formal
identification (A5) and information supporting investigation."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.models import Institution
from nrm.audit.codes import AuditCode, require
from nrm.audit.services import access_record, event_record
from nrm.consent import rules as consent_rules
from nrm.consent import selectors as consent_checks
from nrm.consent import services as consent_registry
from nrm.consent.models import ConsentRecord
from nrm.core import clock
from nrm.core.errors import ValidationFailed
from nrm.core.language import current_language
from nrm.deadlines.services import notice_to_addressees
from nrm.jurisdictions import get_profile
from nrm.registry import services as registry
from nrm.registry.models import Case, CaseGrant, GrantStatus
from nrm.screening import rules
from nrm.screening.audit_codes import ScreeningCode
from nrm.screening.models import (
    ChecklistKind,
    FormalIdentificationRequest,
    Interview,
    InvestigationInformation,
    RequestRecipient,
)
from nrm.screening.notices import ScreeningNotice
from nrm.screening.selectors import (
    group_candidates,
    interview_held_latest,
    investigation_case_visible,
)
from nrm.screening.services.common import (
    SUPPORT_FORMAL_IDENTIFICATION,
    case_for_update,
    checklist_set,
    emit,
    in_initial_identification,
)

# --- consent (A2) and the request for formal identification (A5) ------------------------


@transaction.atomic
def a2_record(
    *,
    actor,
    case_id: int,
    given: bool,
    given_by: str,
    signed_on: date,
    signatory: str = "",
    note: str = "",
    child_view: str = "",
    child_view_note: str = "",
    acts_because: str = "",
) -> ConsentRecord:
    """A2, consent to the formal identification interview, given or refused: one record of
    the consent registry under the profile's `a2_purpose` and `a2_form` (its audit event
    `consent.recorded`). The newest record counts, so a refusal withdraws an earlier A2; it
    does not touch consent to services and tells no other institution (docs/consent.md). The
    registry's rules decide who signs: the person, or a child's parent or guardian who is not
    suspected of involvement — or, when they are absent or suspected, the procedural
    representative or the child protection worker (`acts_because`). A child's A2 records the
    child's own view (`child_view`, with its words or why the child was not asked)."""
    case = case_for_update(actor, case_id)
    purpose, form = consent_rules.a2(consent_rules.rules_of(registry.profile_of(case)))
    return consent_registry.consent_record(
        actor=actor,
        case_id=case.pk,
        purpose=purpose,
        given=given,
        given_by=given_by,
        signed_on=signed_on,
        signatory=signatory,
        form=form,
        note=note,
        child_view=child_view,
        child_view_note=child_view_note,
        acts_because=acts_because,
    )


@transaction.atomic
def formal_identification_request(
    *,
    actor,
    case_id: int,
    county: str = "",
    institutions: list[str] | None = None,
    grounds: str = "",
    interpreter_needed: bool | None = None,
    placement: str = "",
) -> FormalIdentificationRequest:
    """A5: sends the request, with the person's consent (A2), to the county's formal
    identification group after a held initial interview. Moves the case to formal
    identification and gives the group's institutions access to it."""
    case = case_for_update(actor, case_id)
    profile = registry.profile_of(case)
    county = county or case.county
    errors: dict[str, list[str]] = {}
    if not in_initial_identification(case):
        errors["__all__"] = [_("This case is no longer in initial identification.")]
    # The A2 in force, given and not by a parent or guardian suspected since (the registry).
    a2_purpose, _form = consent_rules.a2(consent_rules.rules_of(profile))
    consent = consent_checks.consent_in_force(case=case, purpose=a2_purpose)
    if consent is None or not consent_checks.consent_allows(case=case, purpose=a2_purpose):
        errors["consent"] = [
            _("Record the consent to the formal interview (A2) first: it has not been given.")
        ]
    interview = interview_held_latest(actor=actor, case=case)
    if interview is None:
        errors["interview"] = [_("Record the initial interview as held first.")]
    if case.identification_status != rules.POTENTIAL_VICTIM:
        errors["identification_status"] = [
            _("Only a potential victim (VMT) is sent for formal identification.")
        ]
    try:
        profile.county(county)
    except KeyError:
        errors["county"] = [_("Choose the county of the formal identification group.")]
    recipients: list[Institution] = []
    if "county" not in errors:
        recipients, group_errors = _group_members(case, county, institutions or [])
        errors.update(group_errors)
    # Formal identification is voluntary and the request shares the file with the group:
    # a withdrawal of consent to services, or to sharing (with everyone or with a member of
    # the group), stops it too (docs/consent.md).
    withdrawn = consent_checks.consent_withdrawn(case=case, purpose=consent_rules.SERVICES) or any(
        consent_checks.consent_withdrawn(case=case, purpose=consent_rules.SHARING, institution=i)
        for i in [None, *recipients]
    )
    if withdrawn:
        errors.setdefault("consent", []).append(
            _("Consent to services or to sharing was withdrawn: the request cannot be sent.")
        )
    if errors:
        raise ValidationFailed(errors)
    # The interpreter follows the languages the person speaks, not the citizenship.
    foreign = rules.needs_interpreter(case.person.languages, profile=profile)
    request = FormalIdentificationRequest.objects.create(
        case=case,
        county=county,
        for_child=case.is_child,
        consent=consent,
        interview=interview,
        grounds=(grounds or "").strip(),
        interpreter_needed=foreign if interpreter_needed is None else interpreter_needed,
        placement=(placement or "").strip()[:200],
        requested_at=clock.now(),
        requested_by=actor.user,
        institution=actor.institution,
    )
    granted = set(
        CaseGrant.objects.filter(case=case, status=GrantStatus.ACCEPTED).values_list(
            "institution_id", flat=True
        )
    )
    for institution in recipients:
        RequestRecipient.objects.create(request=request, institution=institution)
        if institution.pk != case.owner_institution_id and institution.pk not in granted:
            registry.case_assign(
                actor=actor,
                case_id=case.pk,
                institution=institution,
                reason=f"A5-{request.pk}: formal identification group",
                notify=False,  # the A5's own notice below tells the group
            )
    registry.procedure_move(
        actor=actor,
        case_id=case.pk,
        code=rules.IDENTIFICATION,
        to=rules.FORMAL_STATE,
        reason="screening.formal_identification_requested",
        reference=f"A5-{request.pk}",
        expected_version=case.version,  # locked since case_for_update
    )
    checklist_set(
        actor=actor, case=case, kind=ChecklistKind.ACTION, code=SUPPORT_FORMAL_IDENTIFICATION
    )
    # The group's clock: it intervenes at once (nrm.identification meets it, S6 L702–704).
    emit(actor=actor, case=case, event="formal_identification_requested", data={"a5": request.pk})
    notice_to_addressees(
        actor=actor,
        case=case,
        kind=ScreeningNotice.A5_REQUESTED,
        addressed=recipients,
        data={"a5": request.pk},
    )
    event_record(
        actor=actor,
        code=ScreeningCode.FORMAL_IDENTIFICATION_REQUESTED,
        case_id=case.pk,
        target=request,
        data={
            "form": "A5",
            "county": county,
            "child": case.is_child,
            "institutions": [i.code for i in recipients],
        },
    )
    return request


def _group_members(case: Case, county: str, chosen: list[str]):
    """One institution per type of the group: the chosen one, or the only one there is."""
    errors: dict[str, list[str]] = {}
    members: list[Institution] = []
    for kind, candidates in group_candidates(
        case=case, county=county, profile=registry.profile_of(case)
    ).items():
        picked = [i for i in candidates if i.code in chosen]
        if len(picked) == 1 or (not picked and len(candidates) == 1):
            members.append(picked[0] if picked else candidates[0])
            continue
        label = _institution_type_name(kind)
        if not candidates:
            message = _("There is no active %(type)s in this county.") % {"type": label}
        else:
            message = _("Choose one %(type)s.") % {"type": label}
        errors.setdefault("institutions", []).append(message)
    return members, errors


def _institution_type_name(code: str) -> str:

    try:
        kind = get_profile(settings.NRM_JURISDICTION).institution_type(code)
    except KeyError:
        return code
    return kind.name.get(current_language())


# --- information supporting investigation (SOP §2.6) ------------------------------------


@transaction.atomic
def investigation_information_record(
    *, actor, case_id: int, content: str, interview_id: int | None = None
) -> InvestigationInformation:
    """Anyone working the case may pass on information for the investigation; only the
    readers the profile names (police focal point, AP secretariat) can read it."""
    case = case_for_update(actor, case_id)
    if not (content or "").strip():
        raise ValidationFailed({"content": [_("Write the information.")]})
    interview = None
    if interview_id is not None:
        interview = Interview.objects.filter(pk=interview_id, case=case).first()
        if interview is None:
            raise ValidationFailed({"interview": [_("Unknown interview.")]})
    info = InvestigationInformation.objects.create(
        case=case,
        interview=interview,
        content=content.strip(),
        recorded_at=clock.now(),
        recorded_by=actor.user,
        institution=actor.institution,
    )
    event_record(
        actor=actor,
        code=ScreeningCode.INVESTIGATION_INFORMATION_RECORDED,
        case_id=case.pk,
        target=info,
    )
    # Recording it shares it with the focal point and, in the same step, makes it readable
    # by the police focal point (S10 points 1 and 2): both deadlines are met at once.
    data = {"interview": interview.pk} if interview else {}
    emit(actor=actor, case=case, event="investigation_information_shared", data=data)
    emit(actor=actor, case=case, event="investigation_information_forwarded_to_police", data=data)
    return info


@transaction.atomic
def investigation_information_open(*, actor, case_id: int, action: AuditCode) -> Case:
    """The case whose investigation information the caller may read, with the read in the
    access log; NotFound for anyone else, whether the case exists or not."""
    require(action)
    case = investigation_case_visible(actor=actor, case_id=case_id)
    access_record(actor=actor, case_id=case.pk, action=action)
    return case
