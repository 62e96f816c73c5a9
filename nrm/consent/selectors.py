"""Every read of the consent registry.

`consent_state` is for a caller who sees the case (the case comes from `case_get`).
`consent_allows`, `consent_withdrawn` and `consent_require` are the checks other services
make inside their own transaction, on a case they have already reached through the scope;
they take no actor. See docs/consent.md for who must call which.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from nrm.consent import rules
from nrm.consent.models import ConsentRecord, GiverSuspicion
from nrm.core.doors import Door
from nrm.core.errors import NotFound, ValidationFailed
from nrm.jurisdictions.schema import ConsentRules
from nrm.registry.models import Case
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.registry.services import profile_of


def consent_rules(case: Case) -> ConsentRules | None:
    """The consent block of the case's profile version (None: no consent registry)."""
    return profile_of(case).consent


def _row(r: ConsentRecord) -> rules.Row:
    return rules.Row(
        id=r.pk,
        purpose=r.purpose,
        given=r.given,
        given_by=r.given_by,
        institution_id=r.institution_id,
        country=r.country,
        recorded_at=r.recorded_at,
    )


def _excluded(consent: ConsentRules) -> list[str]:
    return [g.code for g in consent.givers if g.excluded_if_suspected]


# Readers of the stage apps' own statements that a parent or guardian is suspected (the
# initial interview's flag): each `source(case=...)` gives the moments of such statements.
# The stage apps sit above the registry and register them when they load (their AppConfig),
# so the registry reads them without importing the stage apps.
# source(case=) -> the moments a stage recorded a parent or guardian as suspected (the
# initial interview's flag); contributed by the stage apps in their ready().
suspicion_sources: Door[Callable[..., Iterable[datetime]]] = Door(
    "suspicion_sources", "Where a stage records that a parent or guardian is suspected."
)


def suspected_givers(*, case: Case, consent: ConsentRules | None = None) -> set[str]:
    """Parents or guardians of the case suspected of involvement now (docs/consent.md)."""
    consent = consent or consent_rules(case)
    if consent is None:
        return set()
    statements = GiverSuspicion.objects.filter(case=case).values_list(
        "giver", "suspected", "recorded_at"
    )
    return rules.suspected_givers(
        excluded=_excluded(consent),
        interview_flags=[at for source in suspicion_sources for at in source(case=case)],
        statements=list(statements),
    )


def _records(case: Case, purpose: str | None = None) -> list[ConsentRecord]:
    qs = ConsentRecord.objects.filter(case=case)
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    return list(qs)


def _decide(case: Case, purpose: str, institution, country: str):
    consent = consent_rules(case)
    if consent is None:
        return None, None, None
    spec = rules.purpose_of(consent, purpose)
    institution_id = getattr(institution, "pk", institution)
    row = rules.deciding(
        [_row(r) for r in _records(case, purpose)],
        purpose=purpose,
        institution_id=institution_id,
        country=(country or "").upper(),
    )
    return consent, spec, row


def consent_in_force(
    *, case: Case, purpose: str, institution=None, country: str = ""
) -> ConsentRecord | None:
    """The record that decides this use now (given or not), or None when there is none."""
    _consent, _spec, row = _decide(case, purpose, institution, country)
    return None if row is None else ConsentRecord.objects.get(pk=row.id)


def consent_allows(*, case: Case, purpose: str, institution=None, country: str = "") -> bool:
    """Whether the case's data may be used for the purpose (with this institution, to this
    country) now: the record in force, else the purpose's default (`required`: no;
    `unless_withdrawn`: yes). A consent given by a giver suspected since does not count."""
    consent, spec, row = _decide(case, purpose, institution, country)
    if consent is None:
        return True  # a profile without a consent registry asks for nothing
    suspected = suspected_givers(case=case, consent=consent) if row is not None else set()
    return rules.allows(spec, row, suspected=suspected, excluded=_excluded(consent))


def consent_withdrawn(*, case: Case, purpose: str, institution=None, country: str = "") -> bool:
    """Whether the record in force for this use is a withdrawal or refusal. Uses that the
    SOP itself prescribes (an assignment, the request to the formal identification group)
    need no prior consent but stop here."""
    _consent, _spec, row = _decide(case, purpose, institution, country)
    return row is not None and not row.given


def consent_require(*, case: Case, purpose: str, institution=None, country: str = "") -> None:
    """Raises ValidationFailed({"consent": [...]}) unless `consent_allows`. For referrals and
    every other use that needs consent first (docs/consent.md)."""
    if consent_allows(case=case, purpose=purpose, institution=institution, country=country):
        return
    if consent_withdrawn(case=case, purpose=purpose, institution=institution, country=country):
        message = _("Consent for this purpose was withdrawn or refused: nothing may be shared.")
    else:
        message = _("Record the person's consent for this purpose first.")
    raise ValidationFailed({"consent": [message]})


@dataclass
class ConsentState:
    """The case's consent: what is in force, what was withdrawn, the whole history."""

    rules: ConsentRules | None
    in_force: list[ConsentRecord] = field(default_factory=list)
    withdrawn: list[ConsentRecord] = field(default_factory=list)
    history: list[ConsentRecord] = field(default_factory=list)
    suspected: set[str] = field(default_factory=set)

    @property
    def any_withdrawn(self) -> bool:
        return bool(self.withdrawn)

    @property
    def to_holders(self) -> list[ConsentRecord]:
        """The withdrawals every holder is told of (the case page's banner): those of the
        purposes whose withdrawal notifies them, so not a refused or withdrawn A2."""
        if self.rules is None:
            return []
        quiet = {p.code for p in self.rules.purposes if not p.notify_withdrawal}
        return [r for r in self.withdrawn if r.purpose not in quiet]


def consent_records(*, actor, case: Case) -> QuerySet[ConsentRecord]:
    """`case` comes from case_get (or case_open), so the scope check is made."""
    case = case_in_scope(actor=actor, case=case)
    return ConsentRecord.objects.filter(case=case).select_related(
        "institution", "recorded_by", "recorded_by_institution"
    )


def consent_state(*, actor, case: Case) -> ConsentState:
    """`case` comes from case_get (or case_open), so the scope check is made."""
    consent = consent_rules(case)
    if consent is None:
        return ConsentState(rules=None)
    history = list(consent_records(actor=actor, case=case))
    by_id = {r.pk: r for r in history}
    current = [by_id[row.id] for row in rules.in_force(_row(r) for r in history)]
    return ConsentState(
        rules=consent,
        in_force=current,
        withdrawn=[r for r in current if not r.given],
        history=history,
        suspected=suspected_givers(case=case, consent=consent),
    )


def consent_record_get(*, actor, id: int) -> ConsentRecord:
    """A record of a case the actor sees; NotFound otherwise, whether it exists or not."""
    try:
        return ConsentRecord.objects.select_related("case").get(
            pk=id, case__in=case_scope(actor=actor)
        )
    except (ConsentRecord.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def statistics_withdrawn(cases: QuerySet[Case]) -> tuple[QuerySet[Case], QuerySet[Case]]:
    """(kept, left out): cases whose newest statistics record is a withdrawal are left out of
    exports. One correlated subquery, so the list stays a single query."""
    newest = ConsentRecord.objects.filter(
        case=OuterRef("pk"),
        purpose=rules.STATISTICS,
        institution__isnull=True,
        country="",
    ).order_by("-recorded_at", "-id")
    annotated = cases.annotate(statistics_given=Subquery(newest.values("given")[:1]))
    kept = Q(statistics_given__isnull=True) | Q(statistics_given=True)
    return annotated.filter(kept), annotated.filter(statistics_given=False)
