"""Every write of the consent registry. Keyword-only, one transaction, its audit event (codes
only: purpose, giver, form, institution code, country; never a name).

A withdrawal tells every holder of the case in the same transaction: the members with the
profile's `notify_roles` (focal points and caseworkers) of the owning institution and of
every institution with an accepted grant, through the deadline engine's inbox notices.
A withdrawal or refusal of consent to share with an institution (or with every institution)
also revokes that institution's grant through the registry's `case_grant_revoke`, and tells
both sides (second review, finding 10).
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.accounts.selectors import role_members
from nrm.audit.services import event_record
from nrm.consent import rules
from nrm.consent.audit_codes import ConsentCode
from nrm.consent.models import ConsentRecord, GiverSuspicion
from nrm.consent.notices import ConsentNotice
from nrm.consent.selectors import consent_allows, consent_record_get, suspected_givers
from nrm.core import clock
from nrm.core.codes import is_country
from nrm.core.errors import Forbidden, ValidationFailed
from nrm.deadlines.services import notice_send
from nrm.registry.models import Case, CaseGrant, GrantStatus
from nrm.registry.selectors import case_get
from nrm.registry.services import case_grant_revoke, profile_of

# The reason written on a grant revoked because consent to share was withdrawn (stored, so
# not translated; the grant's reason is encrypted free text).
GRANT_REVOKED_REASON = "consent withdrawn"


def _case_for_update(actor, case_id: int) -> Case:
    """Who may record consent: holders of case.update who see the case. An invisible case is
    NotFound first, whatever the caller's role, so a refusal tells nothing about it."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden()
    return Case.objects.select_for_update().get(pk=case.pk)


def _institution(code) -> Institution | None:
    if code in (None, ""):
        return None
    if isinstance(code, Institution):
        return code
    found = Institution.objects.filter(code=str(code).strip(), is_active=True).first()
    if found is None:
        raise ValidationFailed({"institution": [_("Unknown institution.")]})
    return found


def _country(code: str) -> str:

    code = (code or "").strip().upper()
    if code and not is_country(code):
        raise ValidationFailed({"country": [_("Unknown country code (ISO 3166-1, two letters).")]})
    return code


def _create(
    *,
    actor,
    case: Case,
    purpose: str,
    given: bool,
    given_by: str,
    signed_on: date | None,
    signatory: str = "",
    form: str = "",
    institution=None,
    country: str = "",
    note: str = "",
    withdraws: ConsentRecord | None = None,
    child_view: str = "",
    child_view_note: str = "",
    acts_because: str = "",
) -> ConsentRecord:
    """Checks the record against the profile's rules, saves it and, for a withdrawal of a
    consent in effect, tells every holder. No audit event: the calling service writes it."""
    consent = rules.rules_of(profile_of(case))
    institution = _institution(institution)
    country = _country(country)
    record_in = rules.Input(
        purpose=purpose,
        given=bool(given),
        given_by=given_by,
        signed_on=signed_on,
        form=form or "",
        institution_id=institution.pk if institution else None,
        country=country,
        child_view=child_view or "",
        child_view_note=child_view_note or "",
        acts_because=acts_because or "",
    )
    rules.check_record(
        consent,
        record_in,
        is_child=case.is_child,
        suspected=suspected_givers(case=case, consent=consent),
        today=clock.today(),
    )
    # A refusal or withdrawal that ends something tells every holder, unless the purpose
    # says otherwise (the A2 consent: docs/consent.md).
    ended = (
        not given
        and consent.purpose(purpose).notify_withdrawal
        and _in_effect(case, consent, purpose, institution, country)
    )
    record = ConsentRecord.objects.create(
        case=case,
        purpose=purpose,
        institution=institution,
        country=country,
        given=bool(given),
        given_by=given_by,
        signatory=(signatory or "").strip(),
        form=form or "",
        signed_on=signed_on,
        note=(note or "").strip(),
        withdraws=withdraws,
        child_view=record_in.child_view,
        child_view_note=record_in.child_view_note.strip(),
        acts_because=record_in.acts_because,
        recorded_at=clock.now(),
        recorded_by=actor.user,
        recorded_by_institution=actor.institution,
    )
    if ended:
        _notify_holders(actor=actor, case=case, record=record, roles=consent.notify_roles)
    if not record.given and purpose == rules.SHARING:
        _revoke_grants(actor=actor, case=case, record=record, roles=consent.notify_roles)
    return record


def _revoke_grants(*, actor, case: Case, record: ConsentRecord, roles) -> int:
    """Consent to share with an institution withdrawn or refused: its grant (every grant, for
    a record naming no institution) is revoked, each with the registry's own audit event,
    and the members with `roles` of the owner and of that institution are told. The notice
    holds the institution's code and the grant, nothing about the person."""
    grants = CaseGrant.objects.filter(
        case=case, status__in=[GrantStatus.PENDING, GrantStatus.ACCEPTED]
    ).select_related("institution")
    if record.institution_id is not None:
        grants = grants.filter(institution_id=record.institution_id)
    revoked = 0
    for grant in grants:
        case_grant_revoke(actor=actor, grant_id=grant.pk, reason=GRANT_REVOKED_REASON)
        found = role_members(
            institution_ids={case.owner_institution_id, grant.institution_id}, roles=roles
        )
        recipients = [u for members in found.values() for u in members if u.pk != actor.user.pk]
        notice_send(
            recipients=recipients,
            kind=ConsentNotice.ACCESS_REVOKED,
            case=case,
            data={"institution": grant.institution.code, "grant": grant.pk},
        )
        revoked += 1
    return revoked


def _in_effect(case: Case, consent, purpose: str, institution, country: str) -> bool:
    """Whether a withdrawal of this use ends something: the use is allowed now, or (for a
    withdrawal of every institution or country) some named one is."""
    if consent_allows(case=case, purpose=purpose, institution=institution, country=country):
        return True
    if institution is None and not country and consent.purpose(purpose).per != "none":
        named = ConsentRecord.objects.filter(case=case, purpose=purpose).exclude(
            institution__isnull=True, country=""
        )
        return any(
            consent_allows(
                case=case, purpose=purpose, institution=r.institution_id, country=r.country
            )
            for r in named
        )
    return False


def holders(case: Case, roles) -> list:
    """Members with these roles of the owning institution and of every institution with an
    accepted grant: everyone who holds the case's data."""
    ids = {case.owner_institution_id} | set(
        CaseGrant.objects.filter(case=case, status=GrantStatus.ACCEPTED).values_list(
            "institution_id", flat=True
        )
    )
    found = role_members(institution_ids=ids, roles=roles)
    users = {u.pk: u for members in found.values() for u in members}
    return list(users.values())


def _notify_holders(*, actor, case: Case, record: ConsentRecord, roles) -> int:
    recipients = [u for u in holders(case, roles) if u.pk != actor.user.pk]
    return notice_send(
        recipients=recipients,
        kind=ConsentNotice.CONSENT_WITHDRAWN,
        case=case,
        data={"purpose": record.purpose, "consent_record": record.pk},
    )


def _audit_data(record: ConsentRecord) -> dict:
    return {
        "purpose": record.purpose,
        "given": record.given,
        "given_by": record.given_by,
        "form": record.form,
        "institution": record.institution.code if record.institution else "",
        "country": record.country,
        "acts_because": record.acts_because,
    }


@transaction.atomic
def consent_record(
    *,
    actor,
    case_id: int,
    purpose: str,
    given: bool,
    given_by: str,
    signed_on: date | None,
    signatory: str = "",
    form: str = "",
    institution: str | Institution | None = None,
    country: str = "",
    note: str = "",
    child_view: str = "",
    child_view_note: str = "",
    acts_because: str = "",
) -> ConsentRecord:
    """Consent for a purpose given, or refused (withdrawn), as the newest record. Refused
    with field errors, nothing saved, when the profile's rules do not allow it: an unknown
    purpose, a giver who may not speak for this person or purpose, a parent or guardian
    suspected of involvement, a representative who does not say why the parents do not
    sign, a child's A2 without the child's view, a consent to share without the
    institution, a future date."""
    case = _case_for_update(actor, case_id)
    record = _create(
        actor=actor,
        case=case,
        purpose=purpose,
        given=given,
        given_by=given_by,
        signed_on=signed_on,
        signatory=signatory,
        form=form,
        institution=institution,
        country=country,
        note=note,
        child_view=child_view,
        child_view_note=child_view_note,
        acts_because=acts_because,
    )
    event_record(
        actor=actor,
        code=ConsentCode.RECORDED,
        case_id=case.pk,
        target=record,
        data=_audit_data(record),
    )
    return record


@transaction.atomic
def consent_withdraw(
    *,
    actor,
    record_id: int,
    reason: str,
    given_by: str = "",
    signed_on: date | None = None,
    signatory: str = "",
    form: str = "",
) -> ConsentRecord:
    """Withdraws a consent in force: a new record for the same purpose and institution or
    country, `given` false, with the reason. Stops every future use for that purpose and
    tells every holder of the case. By default the one who gave it withdraws it, today."""

    record = consent_record_get(actor=actor, id=record_id)
    case = _case_for_update(actor, record.case_id)
    newest = (
        ConsentRecord.objects.filter(
            case=case,
            purpose=record.purpose,
            institution_id=record.institution_id,
            country=record.country,
        )
        .order_by("-recorded_at", "-id")
        .first()
    )
    errors: dict[str, list[str]] = {}
    if not record.given or newest.pk != record.pk:
        errors["__all__"] = [_("Only a consent in force can be withdrawn.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for the withdrawal.")]
    if errors:
        raise ValidationFailed(errors)
    withdrawer = given_by or record.given_by
    withdrawal = _create(
        actor=actor,
        case=case,
        purpose=record.purpose,
        given=False,
        given_by=withdrawer,
        signed_on=signed_on or clock.today(),
        signatory=signatory,
        form=form,
        institution=record.institution,
        country=record.country,
        note=reason,
        withdraws=record,
        # The representative who signed in place of the parents withdraws for the same reason.
        acts_because=record.acts_because if withdrawer == record.given_by else "",
    )
    data = _audit_data(withdrawal) | {"withdraws": record.pk}
    event_record(
        actor=actor, code=ConsentCode.WITHDRAWN, case_id=case.pk, target=withdrawal, data=data
    )
    return withdrawal


@transaction.atomic
def giver_suspicion_record(
    *, actor, case_id: int, giver: str, suspected: bool, note: str = ""
) -> GiverSuspicion:
    """States that a parent or the guardian is (or is no longer) suspected of involvement in
    the trafficking. While suspected they may not give or withdraw consent, and a consent
    they gave no longer counts."""
    case = _case_for_update(actor, case_id)
    consent = rules.rules_of(profile_of(case))
    excluded = [g.code for g in consent.givers if g.excluded_if_suspected]
    if giver not in excluded:
        raise ValidationFailed({"giver": [_("Choose the parent or the legal guardian.")]})
    statement = GiverSuspicion.objects.create(
        case=case,
        giver=giver,
        suspected=bool(suspected),
        note=(note or "").strip(),
        recorded_at=clock.now(),
        recorded_by=actor.user,
        recorded_by_institution=actor.institution,
    )
    event_record(
        actor=actor,
        code=ConsentCode.GIVER_SUSPICION_RECORDED,
        case_id=case.pk,
        target=statement,
        data={"giver": giver, "suspected": statement.suspected},
    )
    return statement
