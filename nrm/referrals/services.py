"""Every write of a referral: create, accept, decline, start, complete, cancel (HL7 SDOH
ServiceRequest + Task; docs/referrals.md). Each locks the referral, checks the move against
the profile (`referrals.transitions`: which moves exist and whether the sender or the
receiver makes them), moves the receiver's registry grant with it (access exactly while
accepted or in progress), writes a ReferralEvent and its audit event in one transaction."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.audit.services import event_record
from nrm.consent.selectors import consent_in_force, consent_require
from nrm.consent.services import consent_record
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from nrm.deadlines.services import notice_to_addressees
from nrm.directory import rules as directory_rules
from nrm.directory.models import Service, ServiceCapacity
from nrm.directory.selectors import service_usable
from nrm.jurisdictions.schema import Referrals
from nrm.referrals import rules
from nrm.referrals.audit_codes import ReferralCode
from nrm.referrals.models import OPEN_STATUSES, Referral, ReferralEvent, ReferralStatus
from nrm.referrals.notices import ReferralNotice
from nrm.registry import services as registry
from nrm.registry.models import Case
from nrm.registry.selectors import case_get

AUDIT = {
    ReferralStatus.ACCEPTED: ReferralCode.ACCEPTED,
    ReferralStatus.DECLINED: ReferralCode.DECLINED,
    ReferralStatus.IN_PROGRESS: ReferralCode.STARTED,
    ReferralStatus.COMPLETED: ReferralCode.COMPLETED,
    ReferralStatus.CANCELLED: ReferralCode.CANCELLED,
}


def referral_rules(case: Case) -> Referrals:
    found = registry.profile_of(case).referrals
    if found is None:
        raise NotFound()  # a profile without referrals: nothing to refer through
    return found


def person_age(case: Case, today: date) -> int | None:
    """The person's age in whole years from the recorded date of birth, or None."""
    try:
        born = date.fromisoformat((case.person.date_of_birth or "").strip())
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _institution(value) -> Institution | None:
    if isinstance(value, Institution):
        return value if value.is_active else None
    return Institution.objects.filter(code=str(value or ""), is_active=True).first()


def _service(value, to: Institution | None, need: str) -> tuple[Service | None, str]:
    """The directory service a referral names: a Service, its id or UUID, or a need code
    that the receiving institution offers exactly one active service for. Else (None,
    the string as the contract's service label)."""
    from_need = value is None or value == ""
    if from_need:
        value = need
    if isinstance(value, Service):
        return value, ""
    text = str(value).strip()
    qs = Service.objects.select_related("organization")
    found = None
    if text.isdigit():
        found = qs.filter(pk=int(text)).first()
    elif len(text) == 36:
        try:
            found = qs.filter(uuid=text).first()
        except ValueError:
            found = None
    if found is None and to is not None and text:
        offered = list(qs.filter(organization__institution=to, need=text))
        usable = [s for s in offered if service_usable(service=s)]
        found = (usable or offered or [None])[0]
    return found, ("" if found or from_need else text)


def _service_problem(service: Service, *, to: Institution, case: Case) -> str | None:
    if service.organization.institution_id != to.pk:
        return _("The receiving institution does not offer this service.")
    if service.status != "active":
        return _("This service is not active.")
    if not directory_rules.licence_valid(
        expires_on=service.licence_expires_on, today=clock.today()
    ):
        return _("The licence of this service has expired.")
    capacity = ServiceCapacity.objects.filter(service_id=service.pk).first()
    if capacity is not None and capacity.available <= 0:
        return _("This service has no free bed.")
    if not directory_rules.group_fits(target_group=service.target_group, is_child=case.is_child):
        return _("This service is not for the person's age group (child or adult).")
    if not directory_rules.age_fits(
        age=person_age(case, clock.today()), min_age=service.min_age, max_age=service.max_age
    ):
        return _("The person's age is outside this service's age range.")
    if not directory_rules.sex_fits(service_sex=service.sex, sex=case.person.sex):
        return _("This service is not for the person's sex.")
    return None


def _history(referral: Referral, *, actor, from_status: str) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=referral.status,
        at=referral.updated_at,
        by=actor.user,
        institution=actor.institution,
    )


@transaction.atomic
def referral_create(
    *,
    actor,
    case_id: int,
    to_institution,
    need: str = "",
    service=None,
    emergency: bool = False,
    consent: bool = True,
    consent_given_by: str = "",
    consent_form: str = "",
    note: str = "",
    plan_item_id: int | None = None,
) -> Referral:
    """Refers the case to another institution (pending: HL7 Task requested). Refused with
    field errors, nothing saved: without consent to share with that institution (the
    profile's `referrals.consent_purpose`; `consent_given_by` records it first, through the
    consent registry, when the caller may), to an unknown institution or itself, for a
    service it does not offer, inactive, with an expired licence, without a free bed, or not
    for this person's age or sex; a case the caller may not see is NotFound."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    spec = referral_rules(case)
    needs = {n.code for n in registry.profile_of(case).service_needs}
    errors: dict[str, list[str]] = {}
    to = _institution(to_institution)
    if to is None:
        errors["to_institution"] = [_("Choose an institution of the system.")]
    elif to.pk == actor.institution_id:
        errors["to_institution"] = [_("Refer to another institution than your own.")]
    found, label = _service(service, to, need)
    if found is not None:
        need = need or found.need
        if to is not None and (problem := _service_problem(found, to=to, case=case)):
            errors["service"] = [problem]
    elif to is not None and hasattr(to, "organization") and (service or need):
        errors["service"] = [_("The receiving institution does not offer this service.")]
    if need and need not in needs:
        errors["need"] = [_("Choose a need of the profile's catalogue.")]
    elif not need and not label:
        errors["need"] = [_("Say which need the referral is for.")]
    if (
        to is not None
        and "to_institution" not in errors
        and need
        and Referral.objects.filter(
            case=case, to_institution=to, need=need, status__in=OPEN_STATUSES
        ).exists()
    ):
        errors["to_institution"] = [
            _("The case is already referred to this institution for this need.")
        ]
    if not consent:
        errors["consent"] = [_("The referral needs the person's consent.")]
    if errors:
        raise ValidationFailed(errors)
    if consent_given_by:
        consent_record(
            actor=actor,
            case_id=case.pk,
            purpose=spec.consent_purpose,
            given=True,
            given_by=consent_given_by,
            signed_on=clock.today(),
            form=consent_form,
            institution=to,
        )
    consent_require(case=case, purpose=spec.consent_purpose, institution=to)
    grant = registry.case_grant_offer(actor=actor, case_id=case.pk, institution=to, reason="")
    now = clock.now()
    referral = Referral.objects.create(
        case=case,
        from_institution=actor.institution,
        to_institution=to,
        service=found,
        service_label=label[:200],
        need=need,
        emergency=bool(emergency),
        status=spec.initial,
        consent=consent_in_force(case=case, purpose=spec.consent_purpose, institution=to),
        plan_item_id=plan_item_id,
        grant=grant,
        note=(note or "").strip(),
        created_at=now,
        created_by=actor.user,
        updated_at=now,
    )
    _history(referral, actor=actor, from_status="")
    event_record(
        actor=actor,
        code=ReferralCode.CREATED,
        case_id=case.pk,
        target=referral,
        data={"to": to.code, "need": need, "emergency": referral.emergency},
    )
    if referral.emergency and spec.emergency_event:
        registry.case_event(actor=actor, case=case, event=spec.emergency_event)
    notice_to_addressees(
        actor=actor,
        case=case,
        kind=ReferralNotice.REFERRAL_SENT,
        addressed=[to],
        data={"referral": referral.pk},
    )
    return referral


def _locked(actor, referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("case", "from_institution", "to_institution")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or actor.institution_id not in (
        referral.from_institution_id,
        referral.to_institution_id,
    ):
        raise NotFound()  # missing and not a party look the same
    return referral


def _move(
    *, actor, referral_id: int, to: str, reason: str = "", expected_version: int | None = None
) -> Referral:
    referral = _locked(actor, referral_id)
    spec = referral_rules(referral.case)
    side = rules.mover(spec, referral.status, to)  # IllegalTransition when no such move
    party = rules.SENDER if actor.institution_id == referral.from_institution_id else None
    if actor.institution_id == referral.to_institution_id:
        party = rules.RECEIVER
    if party != side or not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    if expected_version is not None and expected_version != referral.version:
        raise Conflict()
    effect = rules.grant_effect(spec, referral.status, to, side)
    if referral.grant_id is not None:
        if effect.answer is not None:
            registry.case_grant_answer(
                actor=actor, grant_id=referral.grant_id, accept=effect.answer
            )
        elif effect.end:
            registry.case_grant_end(actor=actor, grant_id=referral.grant_id, reason="")
    from_status = referral.status
    now = clock.now()
    referral.status = to
    referral.updated_at = now
    referral.version += 1
    if reason.strip():
        referral.reason = reason.strip()
    if from_status == spec.initial and side == rules.RECEIVER:
        referral.decided_at, referral.decided_by = now, actor.user
    referral.save()
    _history(referral, actor=actor, from_status=from_status)
    event_record(
        actor=actor,
        code=AUDIT[ReferralStatus(to)],
        case_id=referral.case_id,
        target=referral,
        data={"from": from_status, "to": to},
    )
    return referral


@transaction.atomic
def referral_accept(
    *, actor, referral_id: int, note: str = "", expected_version: int | None = None
) -> Referral:
    """The receiving institution accepts (HL7 Task accepted): it sees the case from now on."""
    return _move(
        actor=actor,
        referral_id=referral_id,
        to=ReferralStatus.ACCEPTED,
        reason=note,
        expected_version=expected_version,
    )


@transaction.atomic
def referral_decline(
    *, actor, referral_id: int, note: str = "", expected_version: int | None = None
) -> Referral:
    """The receiving institution declines (HL7 Task rejected), saying why."""
    if not (note or "").strip():
        raise ValidationFailed({"note": [_("Say why the referral is declined.")]})
    return _move(
        actor=actor,
        referral_id=referral_id,
        to=ReferralStatus.DECLINED,
        reason=note,
        expected_version=expected_version,
    )


@transaction.atomic
def referral_start(
    *, actor, referral_id: int, note: str = "", expected_version: int | None = None
) -> Referral:
    """The receiving institution starts the service (HL7 Task in-progress)."""
    return _move(
        actor=actor,
        referral_id=referral_id,
        to=ReferralStatus.IN_PROGRESS,
        reason=note,
        expected_version=expected_version,
    )


@transaction.atomic
def referral_complete(
    *, actor, referral_id: int, note: str = "", expected_version: int | None = None
) -> Referral:
    """The receiving institution completes the service (HL7 Task completed): its access
    through this referral ends."""
    return _move(
        actor=actor,
        referral_id=referral_id,
        to=ReferralStatus.COMPLETED,
        reason=note,
        expected_version=expected_version,
    )


@transaction.atomic
def referral_cancel(
    *, actor, referral_id: int, note: str = "", expected_version: int | None = None
) -> Referral:
    """The sending institution cancels (HL7 Task cancelled): the receiver's access through
    this referral ends."""
    if not (note or "").strip():
        raise ValidationFailed({"note": [_("Say why the referral is cancelled.")]})
    return _move(
        actor=actor,
        referral_id=referral_id,
        to=ReferralStatus.CANCELLED,
        reason=note,
        expected_version=expected_version,
    )
