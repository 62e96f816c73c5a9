"""Every write of the shelters (SOP S7 L1010–1146). One transaction each, with its audit event.

A centre with access to the case (an accepted referral or an assignment) admits the person
into one of its directory services (`admission_record`: C1 adult, C3 child, with the C2
agreement): a bed is taken under the capacity row's lock, the protection procedure opens (or
moves back) in `placed`, and `shelter_admitted` opens the 3-day rule to explain the formal
interview, which `interview_information_record` meets. The examination, the case worker and
the exit (the bed is given back) follow. Incidents (`incident_record`) are the profile's
kinds; their notices (`incident_notify`) go to the institutions the profile names and meet
the SOP's "immediately" rules. docs/shelters.md.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Membership
from nrm.accounts.selectors import institutions_of_types, role_members
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, ValidationFailed
from nrm.deadlines.services import event_emit, notice_send
from nrm.directory.models import Service
from nrm.referrals.models import ACCESS_STATUSES, Referral, ReferralStatus
from nrm.referrals.services import referral_start
from nrm.registry import rules as registry_rules
from nrm.registry import services as registry
from nrm.registry.models import Case
from nrm.registry.selectors import case_get, case_granted_institutions, procedure_open_of
from nrm.shelters import beds, rules, selectors
from nrm.shelters.audit_codes import ShelterCode
from nrm.shelters.error_codes import ShelterError
from nrm.shelters.models import Incident, IncidentNotice, Residence
from nrm.shelters.notices import ShelterNotice

MAX_TEXT = 20_000
MAX_SHORT = 120
# A moment recorded a little "in the future" is a clock a few minutes apart.
CLOCK_SKEW_SECONDS = 300


class CaseClosed(DomainError):
    code = ShelterError.CASE_CLOSED
    status = 409
    default_message = _("The case is closed: reopen it first.")


class AlreadyResident(DomainError):
    code = ShelterError.ALREADY_RESIDENT
    status = 409


class NotResident(DomainError):
    code = ShelterError.NOT_RESIDENT
    status = 409


# --- helpers ------------------------------------------------------------------------------


def _rules(profile):
    if profile.shelters is None:
        raise ValidationFailed({"__all__": [_("This procedure has no shelters.")]})
    return profile.shelters


def _locked_case(actor, case_id: int) -> tuple[Case, object, object]:
    """The case, visible (NotFound first), locked; the actor must be a receiving centre."""
    case = case_get(actor=actor, id=case_id)
    profile = registry.profile_of(case)
    shelter = _rules(profile)
    if not actor.can(Capability.CASE_UPDATE) or not _is_centre(actor, shelter):
        raise Forbidden(_("Only a shelter or centre with access to the case records this."))
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if registry_rules.is_closed(profile, case.stage):
        raise CaseClosed()
    return case, profile, shelter


def _is_centre(actor, shelter) -> bool:
    institution = actor.institution
    return institution is not None and institution.type in shelter.receiving_institution_types


def _locked_residence(actor, residence_id: int) -> tuple[Residence, object, object]:
    """A stay the actor may see, locked, at the actor's own centre (Forbidden otherwise)."""
    residence = selectors.residence_get(actor=actor, id=residence_id)
    case, _profile, shelter = _locked_case(actor, residence.case_id)
    if residence.institution_id != actor.institution_id:
        raise Forbidden(_("Only the centre where the person stays records this."))
    residence = Residence.objects.select_for_update().select_related("service").get(pk=residence.pk)
    return residence, case, shelter


def _text(value, field: str, errors: dict, *, limit: int = MAX_TEXT, required=False) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > limit:
        errors[field] = [_("At most %(n)d characters.") % {"n": limit}]
    return value


def _moment(value, field: str, errors: dict, *, not_before=None) -> datetime:
    """When something happened: now when not given; never in the future."""
    now = clock.now()
    if value is None or value == "":
        return now
    if not isinstance(value, datetime):
        errors[field] = [_("Give the date and time.")]
        return now
    if (value - now).total_seconds() > CLOCK_SKEW_SECONDS:
        errors[field] = [_("This moment is in the future.")]
    elif not_before is not None and value < not_before:
        errors[field] = [_("This moment is before the admission.")]
    return value


def _day(value, field: str, errors: dict, *, required=True) -> date | None:
    if value is None or value == "":
        if required:
            errors[field] = [_("Give the date.")]
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        errors[field] = [_("Give the date.")]
        return None
    if value > clock.today():
        errors[field] = [_("This date is in the future.")]
    return value


def _version(case: Case) -> int:
    return Case.objects.values_list("version", flat=True).get(pk=case.pk)


def _emit(actor, case, event: str, at=None) -> None:
    if event:
        event_emit(actor=actor, case=case, event=event, at=at)


def _record(actor, code: ShelterCode, case_id, target, data=None) -> None:
    event_record(actor=actor, code=code, case_id=case_id, target=target, data=data or {})


def _place(actor, case: Case, profile, shelter, reason: str) -> None:
    """The protection procedure in `placed`: opened, moved back, or left where it is."""
    procedure = profile.procedure(shelter.procedure)
    running = procedure_open_of(case, shelter.procedure)
    step = rules.procedure_step(
        running_state=running.state if running else None,
        target=shelter.placed_state,
        transitions=procedure.transitions,
    )
    if step == "open":
        registry.procedure_open(
            actor=actor,
            case_id=case.pk,
            code=shelter.procedure,
            state=shelter.placed_state,
            reason=reason,
            expected_version=_version(case),
        )
    elif step == "move":
        registry.procedure_move(
            actor=actor,
            case_id=case.pk,
            code=shelter.procedure,
            to=shelter.placed_state,
            reason=reason,
            expected_version=_version(case),
        )


def _after_exit(actor, case: Case, profile, shelter, reason_code: str, reason: str) -> None:
    target = rules.procedure_after_exit(shelter, reason_code)
    running = procedure_open_of(case, shelter.procedure)
    if not target or running is None or running.state == target:
        return
    if profile.procedure(shelter.procedure).allows(running.state, target):
        registry.procedure_move(
            actor=actor,
            case_id=case.pk,
            code=shelter.procedure,
            to=target,
            reason=reason,
            expected_version=_version(case),
        )


def _caseworker_check(shelter, institution_id: int, user_id, errors: dict):
    if user_id in (None, ""):
        return None
    member = (
        Membership.objects.filter(
            user_id=user_id,
            institution_id=institution_id,
            role__in=shelter.caseworker_roles,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .first()
    )
    if member is None:
        errors["caseworker"] = [_("Choose a case worker of your centre.")]
        return None
    return member.user


# --- admission ----------------------------------------------------------------------------


@transaction.atomic
def admission_record(
    *,
    actor,
    case_id: int,
    service_id: int | None,
    referral_id: int | None = None,
    admitted_at: datetime | None = None,
    information_given=(),
    basic_needs=(),
    agreement_signed: bool = False,
    agreement_signed_on: date | None = None,
    caseworker_id: int | None = None,
    medical_examined_on: date | None = None,
    medical_examined_by: str = "",
    medical_notes: str = "",
) -> Residence:
    """Admits the person to one of the actor's centre's services (C1 adult, C3 child; C2 the
    agreement): one bed taken, protection `placed`, `shelter_admitted` (3-day rules) and, for
    a foreign national, `foreign_national_placed` (residence permit)."""
    case, profile, shelter = _locked_case(actor, case_id)
    errors: dict = {}
    service = (
        Service.objects.filter(
            pk=service_id, organization__institution_id=actor.institution_id
        ).first()
        if service_id not in (None, "")
        else None
    )
    if service is None:
        errors["service"] = [_("Choose a service of your centre.")]
    referral = None
    if referral_id not in (None, ""):
        referral = Referral.objects.filter(
            pk=referral_id,
            case=case,
            to_institution_id=actor.institution_id,
            status__in=ACCESS_STATUSES,
        ).first()
        if referral is None:
            errors["referral"] = [_("Choose an accepted referral of this case to your centre.")]
    at = _moment(admitted_at, "admitted_at", errors)
    info = rules.check_codes(
        information_given,
        rules.items_for(shelter.information_items, is_child=case.is_child),
        "information_given",
        errors,
    )
    needs = rules.check_codes(
        basic_needs,
        rules.items_for(shelter.basic_needs, is_child=case.is_child),
        "basic_needs",
        errors,
    )
    signed_on = _day(agreement_signed_on, "agreement_signed_on", errors, required=False)
    if agreement_signed and signed_on is None and "agreement_signed_on" not in errors:
        signed_on = clock.today()
    caseworker = _caseworker_check(shelter, actor.institution_id, caseworker_id, errors)
    examined_on = _day(medical_examined_on, "medical_examined_on", errors, required=False)
    examined_by = _text(medical_examined_by, "medical_examined_by", errors, limit=MAX_SHORT)
    notes = _text(medical_notes, "medical_notes", errors)
    if (examined_by or notes) and examined_on is None and "medical_examined_on" not in errors:
        errors["medical_examined_on"] = [_("Give the date of the examination.")]
    if errors:
        raise ValidationFailed(errors)
    if Residence.objects.filter(case=case, exited_at__isnull=True).exists():
        raise AlreadyResident(
            _("The person is already staying in a centre: record the exit first.")
        )
    beds.bed_take(actor=actor, service=service)
    residence = Residence.objects.create(
        case=case,
        institution=actor.institution,
        service=service,
        referral=referral,
        form=rules.form_for(is_child=case.is_child),
        admitted_at=at,
        admitted_by=actor.user,
        information_given=info,
        basic_needs=needs,
        agreement_signed=bool(agreement_signed),
        agreement_signed_on=signed_on if agreement_signed else None,
        caseworker=caseworker,
        caseworker_assigned_at=clock.now() if caseworker else None,
        medical_examined_on=examined_on,
        medical_examined_by=examined_by,
        medical_notes=notes,
    )
    if referral is not None and referral.status == ReferralStatus.ACCEPTED:
        referral_start(actor=actor, referral_id=referral.pk)  # the service has started
    _place(actor, case, profile, shelter, _("Admitted to a shelter or centre"))
    _emit(actor, case, "shelter_admitted", at)
    if registry_rules.is_foreign_national(case.person.citizenship, profile=profile):
        _emit(actor, case, "foreign_national_placed", at)
    _record(
        actor,
        ShelterCode.ADMITTED,
        case.pk,
        residence,
        {
            "institution": actor.institution.code,
            "service": service.pk,
            "form": residence.form,
            "referral": referral.pk if referral else None,
        },
    )
    return residence


@transaction.atomic
def admission_medical_record(
    *, actor, residence_id: int, examined_on: date | None, examined_by: str, notes: str = ""
) -> Residence:
    """The medical examination on admission (L1015–1016, L1086–1087): when, by whom (a
    role or service, not a name), notes (health class)."""
    residence, case, _shelter = _locked_residence(actor, residence_id)
    if not residence.is_open:
        raise NotResident(_("This stay has already ended."))
    errors: dict = {}
    day = _day(examined_on, "examined_on", errors)
    if day is not None and day < residence.admitted_at.date() and "examined_on" not in errors:
        errors["examined_on"] = [_("The examination cannot precede the admission.")]
    by = _text(examined_by, "examined_by", errors, limit=MAX_SHORT, required=True)
    text = _text(notes, "notes", errors)
    if errors:
        raise ValidationFailed(errors)
    residence.medical_examined_on = day
    residence.medical_examined_by = by
    residence.medical_notes = text
    residence.save(update_fields=["medical_examined_on", "medical_examined_by", "medical_notes"])
    _record(actor, ShelterCode.MEDICAL_RECORDED, case.pk, residence, {"on": day.isoformat()})
    return residence


@transaction.atomic
def admission_caseworker_assign(*, actor, residence_id: int, user_id: int | None) -> Residence:
    """The director assigns the resident's case worker from the centre's staff (L1050–1052,
    L1112–1114)."""
    residence, case, shelter = _locked_residence(actor, residence_id)
    if not residence.is_open:
        raise NotResident(_("This stay has already ended."))
    errors: dict = {}
    user = _caseworker_check(shelter, residence.institution_id, user_id, errors)
    if user is None and not errors:
        errors["caseworker"] = [_("Choose a case worker of your centre.")]
    if errors:
        raise ValidationFailed(errors)
    residence.caseworker = user
    residence.caseworker_assigned_at = clock.now()
    residence.save(update_fields=["caseworker", "caseworker_assigned_at"])
    _record(actor, ShelterCode.CASEWORKER_ASSIGNED, case.pk, residence, {"user": user.pk})
    return residence


@transaction.atomic
def interview_information_record(
    *, actor, residence_id: int, given_at: datetime | None = None
) -> Residence:
    """The formal interview was explained to the person (child, L1060) or their right to it
    (adult, L1121–1122): meets the 3-day rule `shelter_admitted` opened."""
    residence, case, _shelter = _locked_residence(actor, residence_id)
    if not residence.is_open:
        raise NotResident(_("This stay has already ended."))
    if residence.interview_information_given_at is not None:
        raise ValidationFailed({"given_at": [_("This is already recorded for this stay.")]})
    errors: dict = {}
    at = _moment(given_at, "given_at", errors, not_before=residence.admitted_at)
    if errors:
        raise ValidationFailed(errors)
    residence.interview_information_given_at = at
    residence.save(update_fields=["interview_information_given_at"])
    _emit(actor, case, "formal_interview_information_given", at)
    _record(actor, ShelterCode.INTERVIEW_INFORMATION, case.pk, residence)
    return residence


def _exit(actor, residence: Residence, *, reason: str, at: datetime, note: str) -> None:
    residence.exited_at = at
    residence.exit_reason = reason
    residence.exit_note = note
    residence.exited_by = actor.user
    residence.save(update_fields=["exited_at", "exit_reason", "exit_note", "exited_by"])
    beds.bed_release(actor=actor, service=residence.service)


@transaction.atomic
def admission_exit(
    *, actor, residence_id: int, reason: str, exited_at: datetime | None = None, note: str = ""
) -> Residence:
    """The person leaves: the bed is given back, the protection procedure follows the
    reason (community, ended, or unchanged), and a reason that is an incident (absconding,
    return to family, refusal of help) records that incident too."""
    residence, case, shelter = _locked_residence(actor, residence_id)
    if not residence.is_open:
        raise NotResident(_("This stay has already ended."))
    profile = registry.profile_of(case)
    errors: dict = {}
    try:
        exit_reason = shelter.exit_reason(reason)
    except KeyError:
        errors["reason"] = [_("Choose why the person left.")]
        exit_reason = None
    at = _moment(exited_at, "exited_at", errors, not_before=residence.admitted_at)
    text = _text(note, "note", errors)
    if errors:
        raise ValidationFailed(errors)
    _exit(actor, residence, reason=reason, at=at, note=text)
    if exit_reason.incident:
        kind = shelter.incident_kind(exit_reason.incident)
        _incident_create(actor, case, residence, kind, at=at, note="")
    _after_exit(actor, case, profile, shelter, reason, exit_reason.name.sq)
    _record(
        actor,
        ShelterCode.EXITED,
        case.pk,
        residence,
        {"reason": reason, "service": residence.service_id},
    )
    return residence


# --- incidents ----------------------------------------------------------------------------


def _incident_create(actor, case, residence, kind, *, at, note) -> Incident:
    incident = Incident.objects.create(
        case=case,
        residence=residence,
        institution=actor.institution,
        kind=kind.code,
        occurred_at=at,
        note=note,
        recorded_at=clock.now(),
        recorded_by=actor.user,
    )
    _emit(actor, case, kind.emits, at)
    return incident


@transaction.atomic
def incident_record(
    *, actor, case_id: int, kind: str, occurred_at: datetime | None = None, note: str = ""
) -> Incident:
    """Records an incident of the stay at the actor's centre. A kind that ends the stay
    (`exit_reason`) ends it, gives the bed back and moves the procedure; a child's return
    needs a stay at this centre that ended by absconding."""
    case, profile, shelter = _locked_case(actor, case_id)
    errors: dict = {}
    try:
        rule = shelter.incident_kind(kind)
    except KeyError:
        rule = None
        errors["kind"] = [_("Choose the kind of incident.")]
    if rule is not None and not rules.applies(rule.applies_to, is_child=case.is_child):
        errors["kind"] = [_("This kind of incident does not apply to this person.")]
    text = _text(note, "note", errors)
    residences = Residence.objects.select_for_update().filter(
        case=case, institution_id=actor.institution_id
    )
    open_stay = residences.filter(exited_at__isnull=True).select_related("service").first()
    last = residences.order_by("-admitted_at", "-id").first()
    at = _moment(occurred_at, "occurred_at", errors, not_before=last.admitted_at if last else None)
    if rule is not None and "kind" not in errors:
        if rule.exit_reason and open_stay is None:
            errors["kind"] = [_("The person is not staying in your centre.")]
        if rule.requires_exit_reason and (
            open_stay is not None or last is None or last.exit_reason != rule.requires_exit_reason
        ):
            errors["kind"] = [_("The person did not leave your centre without permission.")]
        if not rule.exit_reason and not rule.requires_exit_reason and last is None:
            errors["kind"] = [_("The person has not stayed in your centre.")]
    if errors:
        raise ValidationFailed(errors)
    residence = open_stay or last
    if rule.exit_reason:
        _exit(actor, open_stay, reason=rule.exit_reason, at=at, note="")
    incident = _incident_create(actor, case, residence, rule, at=at, note=text)
    if rule.exit_reason:
        _after_exit(actor, case, profile, shelter, rule.exit_reason, rule.name.sq)
    _record(
        actor,
        ShelterCode.INCIDENT_RECORDED,
        case.pk,
        incident,
        {"kind": rule.code, "residence": residence.pk},
    )
    return incident


@transaction.atomic
def incident_notify(
    *,
    actor,
    incident_id: int,
    police_complaint_on: date | None = None,
    police_complaint_reference: str = "",
) -> Incident:
    """Sends the incident's notices to the institutions the profile names (inbox, e-mail
    after commit), records the police complaint for a child who absconded and who follows
    the case up, and emits the kind's `notified_event` (meets the "immediately" rule)."""
    incident = selectors.incident_get(actor=actor, id=incident_id)
    case, _profile, shelter = _locked_case(actor, incident.case_id)
    if incident.institution_id != actor.institution_id:
        raise Forbidden(_("Only the centre that recorded the incident sends its notices."))
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.notified_at is not None:
        raise ValidationFailed({"__all__": [_("The notices of this incident were sent.")]})
    kind = shelter.incident_kind(incident.kind)
    errors: dict = {}
    complaint = rules.needs_police_complaint(kind, is_child=case.is_child)
    day = _day(police_complaint_on, "police_complaint_on", errors, required=complaint)
    reference = _text(police_complaint_reference, "police_complaint_reference", errors, limit=64)
    if errors:
        raise ValidationFailed(errors)
    granted = case_granted_institutions(actor=actor, case_ids=[case.pk]).get(case.pk, [])
    now = clock.now()
    for recipient in rules.recipients_for(kind, is_child=case.is_child):
        institution = rules.institution_for(
            recipient.institution_types,
            owner=case.owner_institution,
            granted=granted,
            of_type=institutions_of_types(types=recipient.institution_types),
            county=case.county,
        )
        if institution is None or institution.pk == actor.institution_id:
            continue
        members = role_members(institution_ids=[institution.pk], roles=recipient.roles)
        users = [u for role in recipient.roles for u in members.get((institution.pk, role), [])]
        sent = notice_send(
            recipients=users,
            kind=ShelterNotice.SHELTER_INCIDENT,
            case=case,
            data={"incident": kind.code},
        )
        IncidentNotice.objects.create(
            incident=incident,
            institution=institution,
            roles=list(recipient.roles),
            recipients=sent,
            sent_at=now,
        )
    follow_type = rules.follow_up_type(kind, is_child=case.is_child)
    if follow_type:
        incident.follow_up_institution = rules.institution_for(
            (follow_type,),
            owner=case.owner_institution,
            granted=granted,
            of_type=institutions_of_types(types=(follow_type,)),
            county=case.county,
        )
    incident.notified_at = now
    incident.notified_by = actor.user
    incident.police_complaint_on = day if complaint or day else None
    incident.police_complaint_reference = reference
    incident.save()
    _emit(actor, case, kind.notified_event, now)
    _record(
        actor,
        ShelterCode.INCIDENT_NOTIFIED,
        case.pk,
        incident,
        {
            "kind": kind.code,
            "institutions": [n.institution.code for n in incident.notices.all()],
            "police_complaint": bool(incident.police_complaint_on),
        },
    )
    return incident
