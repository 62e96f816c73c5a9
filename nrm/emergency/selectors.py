"""Every read of the emergency app, scoped by the reader: a record is visible with its case
(a case the reader may not see is NotFound, the same as a missing one)."""

from dataclasses import dataclass, field

from nrm.core import clock
from nrm.core.errors import NotFound
from nrm.emergency.models import (
    ChildDocumentation,
    EmergencyMeasure,
    ForeignProcedure,
    MissionRequest,
    NonResponse,
    ReflectionPeriod,
)
from nrm.registry import rules as registry_rules
from nrm.registry.models import Case
from nrm.registry.selectors import case_in_scope
from nrm.registry.services import profile_of


def rules_of(case_or_profile):
    """The profile's `emergency` block (None: this profile has none)."""
    if isinstance(case_or_profile, Case):
        return profile_of(case_or_profile).emergency
    return case_or_profile.emergency


def allowed(actor, recorders) -> bool:
    """Whether the actor is one of `recorders` (roles at institution types, from the profile)."""
    if actor is None or actor.institution is None:
        return False
    return registry_rules.may_record(
        role=actor.role, institution_type=actor.institution.type, recorders=recorders
    )


def is_foreign(case: Case) -> bool:
    """The person is not a citizen of the jurisdiction (stateless and unknown included)."""
    home = profile_of(case).home_country
    citizenship = case.person.citizenship if case.person_id else ""
    return bool(citizenship) and bool(home) and citizenship != home


def open_measure_of(case: Case) -> EmergencyMeasure | None:
    return EmergencyMeasure.objects.filter(case=case, ended_at__isnull=True).first()


def measure_list(*, actor, case: Case) -> list[EmergencyMeasure]:
    case_in_scope(actor=actor, case=case)
    return list(EmergencyMeasure.objects.filter(case=case).prefetch_related("changes"))


def non_response_get(*, actor, id: int) -> NonResponse:
    found = NonResponse.objects.select_related("case").filter(pk=id).first()
    if found is None:
        raise NotFound()
    case_in_scope(actor=actor, case=found.case)
    return found


def permit_get(*, actor, id: int) -> ForeignProcedure:
    found = ForeignProcedure.objects.select_related("case").filter(pk=id).first()
    if found is None:
        raise NotFound()
    case_in_scope(actor=actor, case=found.case)
    return found


def mission_request_get(*, actor, id: int) -> MissionRequest:
    found = MissionRequest.objects.select_related("case").filter(pk=id).first()
    if found is None:
        raise NotFound()
    case_in_scope(actor=actor, case=found.case)
    return found


def reflection_of(case: Case) -> ReflectionPeriod | None:
    return ReflectionPeriod.objects.filter(case=case).first()


@dataclass
class Summary:
    """Everything the emergency app holds on one case (the panel, the API, the export)."""

    case: Case
    measures: list = field(default_factory=list)
    non_responses: list = field(default_factory=list)
    permits: list = field(default_factory=list)
    missions: list = field(default_factory=list)
    documentation: ChildDocumentation | None = None
    reflection: ReflectionPeriod | None = None

    @property
    def measure(self) -> EmergencyMeasure | None:
        return next((m for m in self.measures if m.ended_at is None), None)

    @property
    def reflection_days_left(self) -> int | None:
        if self.reflection is None:
            return None
        return (self.reflection.ends_on - clock.today()).days + 1


def summary(*, actor, case: Case) -> Summary:
    case_in_scope(actor=actor, case=case)
    return Summary(
        case=case,
        measures=list(EmergencyMeasure.objects.filter(case=case).prefetch_related("changes")[:5]),
        non_responses=list(
            NonResponse.objects.filter(case=case)
            .select_related("institution")
            .prefetch_related("steps")[:20]
        ),
        permits=list(ForeignProcedure.objects.filter(case=case)),
        missions=list(MissionRequest.objects.filter(case=case)),
        documentation=ChildDocumentation.objects.filter(case=case).first(),
        reflection=ReflectionPeriod.objects.filter(case=case)
        .prefetch_related("extensions")
        .first(),
    )
