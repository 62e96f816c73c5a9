"""Every read of initial identification data, scoped by the caller.

Records of a case are reached through the registry's `case_scope`, so whoever cannot see
the case cannot see its screenings, interviews or consents either: they get NotFound, as
for a case that does not exist. Information supporting investigation has its own, narrower
scope (`investigation_scope`), decided by the profile's sensitivity class `investigation`.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution
from nrm.consent import rules as consent_rules
from nrm.consent.models import ConsentRecord
from nrm.consent.selectors import consent_in_force
from nrm.consent.selectors import consent_rules as consent_block
from nrm.core.errors import NotFound
from nrm.jurisdictions.schema import ChecklistItem, ConsentGiverRule, Profile
from nrm.registry import sensitivity
from nrm.registry.models import Case, CaseProcedure
from nrm.registry.selectors import case_history, case_in_scope, case_scope, procedure_open_of
from nrm.screening import rules
from nrm.screening.models import (
    ChecklistEntry,
    ChecklistKind,
    FormalIdentificationRequest,
    Interview,
    InterviewLogEntry,
    InterviewStatus,
    InvestigationInformation,
    Participant,
    Screening,
)

# Every function taking `case` expects one fetched through registry's case_get/case_open,
# so the scope check has been made.


def screening_list(*, actor, case: Case) -> QuerySet[Screening]:
    case = case_in_scope(actor=actor, case=case)
    return case.screenings.select_related("submitted_by", "institution")


def screening_latest(*, actor, case: Case) -> Screening | None:
    return screening_list(actor=actor, case=case).first()


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    entry: ChecklistEntry | None

    @property
    def done(self) -> bool:
        return bool(self.entry and self.entry.done)


def person_of(case: Case, profile: Profile) -> rules.Person:
    return rules.Person(
        is_child=case.is_child,
        is_foreign=rules.is_foreign(case.person.citizenship, profile=profile),
        needs_interpreter=rules.needs_interpreter(case.person.languages, profile=profile),
    )


def checklist(*, actor, case: Case, profile: Profile) -> dict[str, list[ChecklistRow]]:
    """The required actions and basic needs that apply to this person, in profile order,
    each with its entry (who, when) if recorded."""
    case = case_in_scope(actor=actor, case=case)
    stage = rules.stage_rules(profile)
    person = person_of(case, profile)
    entries = {(e.kind, e.code): e for e in case.checklist.select_related("by", "institution")}
    return {
        kind: [
            ChecklistRow(item=item, entry=entries.get((kind, item.code)))
            for item in rules.applicable(items, person)
        ]
        for kind, items in (
            (ChecklistKind.ACTION, stage.required_actions),
            (ChecklistKind.NEED, stage.basic_needs),
        )
    }


def interview_list(*, actor, case: Case) -> QuerySet[Interview]:
    case = case_in_scope(actor=actor, case=case)
    return case.interviews.prefetch_related("participants").select_related("institution")


def interview_held_latest(*, actor, case: Case) -> Interview | None:
    case = case_in_scope(actor=actor, case=case)
    return case.interviews.filter(status=InterviewStatus.HELD).order_by("-held_at", "-id").first()


def interview_get(*, actor, id: int) -> Interview:
    try:
        return (
            Interview.objects.filter(case__in=case_scope(actor=actor))
            .select_related("case", "case__person", "institution")
            .get(pk=id)
        )
    except (Interview.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def participant_get(*, actor, id: int) -> Participant:
    try:
        return (
            Participant.objects.filter(interview__case__in=case_scope(actor=actor))
            .select_related("interview", "interview__case")
            .get(pk=id)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def interview_log(*, actor, case: Case) -> list[InterviewLogEntry]:
    """Every recorded interview of the case's person, by any institution, newest first."""
    case = case_in_scope(actor=actor, case=case)
    return list(
        InterviewLogEntry.objects.filter(person_id=case.person_id).select_related(
            "by", "institution"
        )
    )


def parent_guardian_suspected_at(*, case: Case) -> list:
    """When interviews of the case recorded a parent or guardian suspected of involvement
    (the consent registry refuses them as givers). `case` comes from case_get."""
    return list(
        Interview.objects.filter(case=case, parent_guardian_suspected=True).values_list(
            "created_at", flat=True
        )
    )


def a2_current(*, actor, case: Case) -> ConsentRecord | None:
    """The A2 in force: the newest record of the consent registry with the profile's A2
    purpose (consent to the formal identification interview), given or refused."""
    case = case_in_scope(actor=actor, case=case)
    consent = consent_block(case)
    if consent is None or consent.a2_purpose is None:
        return None
    return consent_in_force(case=case, purpose=consent.a2_purpose)


def a2_givers(*, profile: Profile, is_child: bool | None) -> list[ConsentGiverRule]:
    """Who may sign the A2 for a child or an adult (None: either, for the blank form): the
    consent registry's givers of the A2 purpose on the A2 form."""
    consent = profile.consent
    if consent is None or consent.a2_purpose is None:
        return []
    return consent_rules.givers_for(
        consent, purpose=consent.a2_purpose, form=consent.a2_form or "", is_child=is_child
    )


def group_candidates(*, case: Case, county: str, profile: Profile) -> dict[str, list]:
    """Active institutions of the county for each type of the case's formal identification
    group (reference data: no case data is read)."""

    types = rules.group_types(rules.stage_rules(profile), is_child=case.is_child)
    found: dict[str, list] = {t: [] for t in types}
    for institution in Institution.objects.filter(
        type__in=types, county=county, is_active=True
    ).order_by("code"):
        found[institution.type].append(institution)
    return found


def request_list(*, actor, case: Case) -> QuerySet[FormalIdentificationRequest]:
    case = case_in_scope(actor=actor, case=case)
    return case.formal_identification_requests.select_related(
        "institution", "requested_by"
    ).prefetch_related("recipients__institution")


def request_get(*, actor, id: int) -> FormalIdentificationRequest:
    try:
        return (
            FormalIdentificationRequest.objects.filter(case__in=case_scope(actor=actor))
            .select_related("case", "case__person", "institution", "requested_by", "interview")
            .prefetch_related("recipients__institution")
            .get(pk=id)
        )
    except (FormalIdentificationRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def in_initial_identification(case: Case) -> bool:
    """Whether the case's identification is still at stage A (whatever else runs beside it:
    a person placed in a shelter is still screened and sent to the group). `case` is one
    the caller already holds."""
    running = procedure_open_of(case, rules.IDENTIFICATION)
    return running is not None and running.state == rules.INITIAL_STATE


def formal_identification_queue(*, actor) -> QuerySet[FormalIdentificationRequest]:
    """Requests (A5) addressed to the caller's institution whose case still awaits formal
    identification, oldest first; every such request for whoever reaches every case."""

    waiting = CaseProcedure.objects.filter(
        code=rules.IDENTIFICATION, state=rules.FORMAL_STATE, closed_at__isnull=True
    ).values("case_id")
    visible = case_scope(actor=actor).filter(id__in=waiting)
    qs = FormalIdentificationRequest.objects.filter(case__in=visible)
    if not actor.can(Capability.CASE_READ_ALL):
        if actor.institution_id is None:
            return qs.none()
        qs = qs.filter(recipients__institution_id=actor.institution_id)
    return (
        qs.select_related("case", "institution")
        .prefetch_related("recipients__institution")
        .order_by("requested_at", "id")
        .distinct()
    )


# --- information supporting investigation -------------------------------------------------
# Who reads it is the profile's sensitivity class `investigation` (nrm.registry.sensitivity):
# one rule for this page, the case page and the API.


def addressed_case_ids(*, institution_id: int) -> QuerySet:
    """Ids (`case_id`) of the cases an A5 request was addressed to this institution for."""
    return FormalIdentificationRequest.objects.filter(
        recipients__institution_id=institution_id
    ).values("case_id")


def investigation_reader(actor) -> bool:
    """Whether the caller reads information supporting investigation on some cases."""
    return sensitivity.is_reader(actor, sensitivity.INVESTIGATION)


def investigation_scope(*, actor) -> QuerySet[InvestigationInformation]:
    """Nothing by default; the records of the cases where the caller sees the class."""
    cases = sensitivity.class_cases(actor, sensitivity.INVESTIGATION)
    if cases is None:
        return InvestigationInformation.objects.none()
    qs = InvestigationInformation.objects.all()
    return qs if cases == Q() else qs.filter(case__in=Case.objects.filter(cases).values("id"))


def investigation_list(*, actor, case_id: int | None = None) -> QuerySet[InvestigationInformation]:
    qs = investigation_scope(actor=actor).select_related(
        "case", "recorded_by", "institution", "interview"
    )
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    return qs.order_by("-recorded_at", "-id")


def investigation_case_visible(*, actor, case_id: int) -> Case:
    """The case whose information the caller may read (reference only is shown); NotFound
    otherwise, whether the case exists or not."""
    if not investigation_reader(actor):
        raise NotFound()
    case = Case.objects.filter(pk=case_id).first()
    if case is None or sensitivity.INVESTIGATION not in sensitivity.visible_classes(actor, case):
        raise NotFound()
    return case


def investigation_count(*, actor, case: Case) -> int:
    """How many records were passed on for the case (a number reveals no content)."""
    case = case_in_scope(actor=actor, case=case)
    return InvestigationInformation.objects.filter(case=case).count()


def potential_victim_since(*, actor, case: Case):
    """When the case was first identified as a potential victim (VMT) at initial
    identification, or None: the fact the certificate of initial identification certifies,
    which stays true when the status moves on."""
    first = (
        case_history(actor=actor, case=case)
        .filter(field="identification_status", to_value=rules.POTENTIAL_VICTIM)
        .first()
    )
    if first is not None:
        return first.at
    if case.identification_status == rules.POTENTIAL_VICTIM:  # opened as one
        return case.created_at
    return None


def requests_addressed_home(*, actor, limit: int) -> list[FormalIdentificationRequest]:
    """The home page's A5 requests: those addressed to the actor's own institution whose case
    still awaits formal identification, oldest first; at most `limit` + 1."""
    if actor is None or actor.institution_id is None:
        return []
    qs = formal_identification_queue(actor=actor).filter(
        recipients__institution_id=actor.institution_id
    )
    return list(qs[: limit + 1])
