"""The shape of a jurisdiction profile. Pydantic validates it; `rules.py` checks meaning."""

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from nrm.jurisdictions.htcds import METHODS_OF_CONTROL

Code = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


LANGUAGE_KEY = re.compile(r"^[a-z]{2}(_[A-Z][a-z]{3})?$")


def language_key(language: str) -> str:
    """A Django language code as a profile text's key: "sr-latn" → "sr_Latn", "sq" → "sq"."""
    base, _, script = (language or "").replace("_", "-").partition("-")
    return f"{base.lower()}_{script.title()}" if script else base.lower()


class Text(BaseModel):
    """A user-facing text in every language of the profile: English always, and one key per
    other language (`sq`, `sr_Latn`, …). That every language of the profile is present is
    checked by `nrm profile check`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    en: str = Field(min_length=1)
    sq: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _language_keys(self):
        for key, value in (self.__pydantic_extra__ or {}).items():
            if not LANGUAGE_KEY.match(key) or not isinstance(value, str) or not value:
                raise ValueError(f"{key!r} is not a language with a text")
        return self

    def languages(self) -> dict[str, str]:
        """Every language this text is written in, key → text."""
        found = {"en": self.en, **(self.__pydantic_extra__ or {})}
        if self.sq:
            found["sq"] = self.sq
        return found

    def get(self, language: str) -> str:
        """The text in `language` (a Django code: "sq", "sr-latn", or its first two letters),
        else Albanian where written, else English."""
        texts = self.languages()
        key = language_key(language)
        if key in texts:
            return texts[key]
        for k, value in texts.items():  # "sr" finds "sr_Latn"
            if k.split("_")[0] == key.split("_")[0]:
                return value
        return self.sq or self.en


class Named(Strict):
    code: Code = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text


class ExploitationForm(Named):
    """A form of exploitation the jurisdiction's law names, stored on the case as a coded
    fact and mapped to HTCDS v2.0 `vic_TypeOfExploitation` for exchange (a form the
    standard lacks, such as forced criminality, maps to "Other")."""

    htcds: str
    legal_basis: str = ""
    # Eurostat/ICCS category for statistics (domain/statistics.md §7.2): sexual
    # (ICCS02041), labour (ICCS02042), other (ICCS02043_02044, begging and crime included).
    eurostat: Literal["ICCS02041", "ICCS02042", "ICCS02043_02044"] = "ICCS02043_02044"


class Stage(Named):
    # Sent to the deadline engine when a case enters this stage (e.g. case_closed).
    emits_on_entry: str | None = None


class ProcedureState(Named):
    """A state of a procedure. `stage`: the stage a case shows while the procedure is in it
    (the case's `stage` is a summary of its procedures). A `final` state ends the procedure."""

    stage: Code | None = None
    final: bool = False


class Procedure(Named):
    """A procedure that runs on a case beside the others (identification, protection,
    return, reintegration, investigation support), with its own state machine. `excludes`:
    procedures that may not run at the same time. `opens_with_case`: opened, in `initial`,
    when the case is opened. Checked by nrm.E072."""

    sop: str = ""
    states: tuple[ProcedureState, ...] = Field(min_length=1)
    initial: Code
    transitions: dict[Code, tuple[Code, ...]] = {}
    excludes: tuple[Code, ...] = ()
    opens_with_case: bool = False

    def state(self, code: str) -> ProcedureState:
        return _by_code(self.states, code)

    def allows(self, from_state: str, to_state: str) -> bool:
        return to_state in self.transitions.get(from_state, ())


class County(Named):
    iso: str = Field(pattern=r"^[A-Z]{2}-[0-9A-Z]{1,3}$")


class InstitutionType(Named):
    abbreviation: str = ""
    # National bodies (AP secretariat, ministries) have no county.
    national: bool = False
    # HTCDS v2.0 exchange (docs/exchange.md): the type as vic_TraffickingStatusDecisionMakingOrg
    # ("Other" when absent) and as org_Type (left out when absent).
    htcds_decision_org: (
        Literal["Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization"] | None
    ) = None
    htcds_org_type: (
        Literal[
            "LawEnforcement",
            "NGO",
            "HealthServiceOrganisation",
            "CentralGovernmentOrganisation",
            "LocalGovernmentOrganisation",
            "LegalService",
            "SchoolOrCollege",
        ]
        | None
    ) = None


class Role(Named):
    capabilities: tuple[str, ...]


class Calendar(Strict):
    holidays_country: str = Field(pattern=r"^[A-Z]{2}$")
    time_zone: str
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0


class Indicator(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z-]*-[0-9]{2}$")
    text: Text
    # HTCDS v2.0 vic_MethodsOfControl values this indicator names, observed at screening
    # (exchange: docs/exchange.md). Only an indicator that names the method itself has one.
    htcds_control: tuple[Literal[METHODS_OF_CONTROL], ...] = ()


class IndicatorGroup(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z-]*$")
    applies_to: Literal["all", "child", "adult"]
    form: str | None = None
    title: Text
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class IndicatorCatalogue(Strict):
    code: str
    version: int = Field(ge=1)
    title: Text
    groups: tuple[IndicatorGroup, ...] = Field(min_length=1)

    def indicators(self) -> dict[str, tuple[IndicatorGroup, Indicator]]:
        return {i.code: (g, i) for g in self.groups for i in g.indicators}


# "foreign": a citizenship other than `home_country`; "interpreter": the person speaks none
# of the profile's `official_languages` (the interpreter follows the language, not the
# passport).
Applies = Literal["all", "child", "adult", "foreign", "interpreter"]


class ChecklistItem(Named):
    """A required action or basic need of initial identification (SOP §2.1)."""

    applies_to: Applies = "all"
    # Sent to the deadline engine (`deadlines.services.event_emit`) when the item is done.
    emits: str | None = None


class InterviewRole(Named):
    """Who may take part in the initial interview, and when they must."""

    applies_to: Applies = "all"
    mandatory_for: tuple[Applies, ...] = ()
    # A parent or guardian suspected of involvement may not attend.
    excluded_if_suspected: bool = False


class FormalIdentificationGroup(Strict):
    """Institution types that make up the regional group (G/SPIF), from the case's county."""

    child: tuple[Code, ...] = Field(min_length=1)
    adult: tuple[Code, ...] = Field(min_length=1)


class Document(Strict):
    """A form of the SOP's annex (or another document) nrm prints."""

    code: Code = Field(pattern=r"^[a-z][a-z0-9_]*$")
    number: str = ""
    title: Text


class FormalParticipantRole(Named):
    """Who takes part in the formal interview (B1/B2), and when they must."""

    applies_to: Applies = "all"
    mandatory_for: tuple[Applies, ...] = ()
    # One of the group's interviewers (the police officer, the PMF or the social worker).
    interviewer: bool = False
    # Present only when the person asks for it, and never leading the interview.
    at_person_request: bool = False
    excluded_if_suspected: bool = False
    # Signs the confidentiality declaration (A1) before the interview starts.
    signs_declaration: bool = True


class FormalCondition(Named):
    """A condition of the formal interview the group confirms when it starts."""

    applies_to: Applies = "all"
    # Required: the interview does not start until it is confirmed ("whenever possible"
    # conditions are recorded, not required).
    required: bool = False


class PerPerson(Strict):
    child: int = Field(ge=1, le=24 * 60)
    adult: int = Field(ge=1, le=24 * 60)


class NeedsAssessor(Strict):
    """Who assesses the needs in depth: an institution type for a child and for an adult."""

    child: Code
    adult: Code


class FormalIdentification(Strict):
    """Stage C (formal identification) as data: the interview's participants, conditions,
    maximum durations and the rights explained; the group is the initial identification's
    `formal_identification_group`."""

    max_minutes: PerPerson
    needs_assessment_by: NeedsAssessor
    participant_roles: tuple[FormalParticipantRole, ...] = Field(min_length=1)
    # Checked by nrm itself (A5 or self-referral, A2, certificate, A1 of the interpreter,
    # no second interview of a child): their names, for the form and the B1/B2.
    system_checks: tuple[Named, ...] = ()
    conditions: tuple[FormalCondition, ...] = ()
    rights: tuple[Named, ...] = Field(min_length=1)
    outcomes: tuple[Named, ...] = Field(min_length=1)
    documents: tuple[Document, ...] = ()

    def document(self, code: str) -> Document:
        return _by_code(self.documents, code)

    def participant_role(self, code: str) -> FormalParticipantRole:
        return _by_code(self.participant_roles, code)


class InitialIdentification(Strict):
    """Stage A of the procedure as data: checklists, interview rules, consent, the group."""

    required_actions: tuple[ChecklistItem, ...] = Field(min_length=1)
    basic_needs: tuple[ChecklistItem, ...] = Field(min_length=1)
    interview_roles: tuple[InterviewRole, ...] = Field(min_length=1)
    interview_conditions: tuple[Named, ...] = ()
    # Who may give the A2 consent: the consent block's givers (`consent.a2_purpose`).
    formal_identification_group: FormalIdentificationGroup
    documents: tuple[Document, ...] = ()

    def document(self, code: str) -> Document:
        return _by_code(self.documents, code)

    def action(self, code: str) -> ChecklistItem:
        return _by_code(self.required_actions, code)

    def need(self, code: str) -> ChecklistItem:
        return _by_code(self.basic_needs, code)

    def interview_role(self, code: str) -> InterviewRole:
        return _by_code(self.interview_roles, code)


# --- Deadlines (issue 4): rules as data, in the file named by `deadline_rules_file`. ---

OffsetKind = Literal[
    "immediate",
    "end_of_day",
    "minutes",
    "hours",
    "calendar_days",
    "working_days",
    "weeks",
    "months",
    # The due moment is given by the opening event (`event_emit(due_at=…)`): a task a
    # meeting sets with its own due date. Only a rule's own offset may be `given`.
    "given",
]
# Kinds that may count backwards from a due moment (the at-risk window).
BACKWARD_KINDS = ("minutes", "hours", "calendar_days", "working_days", "weeks")


class Offset(Strict):
    """A span of time. A negative amount is refused by the profile check (nrm.E013)."""

    kind: OffsetKind
    amount: int = 0


class Responsible(Strict):
    """Who must act: a role of the profile at an institution — the case's owner, the
    institution of whoever emitted the opening event, one of the given types, or the
    institution the opening event names (`given`: `event_emit(responsible_institution_id=…)`)."""

    role: Code
    institution: Literal["owner", "opener", "type", "given"] = "owner"
    institution_types: tuple[Code, ...] = ()


class EscalationStep(Strict):
    """Who is told, and how long after the due moment, when a deadline is missed."""

    to: Code  # a role of the profile
    # None: at the responsible institution; otherwise the institutions of this type.
    institution_type: Code | None = None
    after: Offset


class Recurrence(Strict):
    every: Offset
    count: int


class DeadlineRule(Strict):
    code: Code = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    action: Text  # what to do, shown in "my deadlines"
    sop: str  # where the SOP sets it
    table_row: int | None = None  # row of the timing table (domain/003.md §2.10)
    # obligation: reminded, escalated, counted; limit: counted only (a maximum duration);
    # window: a period open to the person (the appeal), neither reminded nor counted.
    kind: Literal["obligation", "limit", "window"] = "obligation"
    scope: Literal["case", "jurisdiction"] = "case"
    applies_to: Literal["all", "child", "adult"] = "all"
    opened_by: tuple[Code, ...] = Field(min_length=1)
    offset: Offset
    recurrence: Recurrence | None = None
    met_by: tuple[Code, ...] = Field(min_length=1)
    cancelled_by: tuple[Code, ...] = ()
    # Several unfulfilled deadlines of this rule may run at once (one per interview).
    multiple: bool = False
    responsible: Responsible
    at_risk: Offset | None = None  # how long before the due moment a reminder goes out
    escalation: tuple[EscalationStep, ...] = ()
    # This version promises the rule: start-up refuses it when an event that opens or meets
    # it has no producer among the apps (nrm.E017). Without it a rule whose events nothing
    # produces is inactive: it opens nothing and the AP's monitor lists it as such.
    requires_producer: bool = False


class DeadlineCatalogue(Strict):
    version: int = Field(ge=1)
    # The vocabulary of domain events that services emit.
    events: tuple[Named, ...] = Field(min_length=1)
    rules: tuple[DeadlineRule, ...] = Field(min_length=1)
    # What "immediately" (menjëherë) allows: an `immediate` deadline falls due this long
    # after its opening event (elapsed minutes or hours; none: at the event itself).
    immediate_grace: Offset | None = None

    def rule(self, code: str) -> DeadlineRule:
        return _by_code(self.rules, code)

    def event(self, code: str) -> Named:
        return _by_code(self.events, code)


# --- Consent registry (issue 5): purposes, who may give consent, forms. docs/consent.md ---


class ConsentPurpose(Named):
    """What consent is asked for. `required`: not allowed until given; `unless_withdrawn`:
    allowed until withdrawn. `per`: a consent names one institution or one country (a
    withdrawal without one covers them all)."""

    default: Literal["required", "unless_withdrawn"] = "required"
    per: Literal["none", "institution", "country"] = "none"
    # Whether a withdrawal (or refusal) of a consent in effect tells every holder of the case.
    notify_withdrawal: bool = True


class ConsentGiverRule(Named):
    """Who may give (or withdraw) consent: for which persons, for which purposes."""

    applies_to: Literal["all", "child", "adult"] = "all"
    purposes: tuple[Code, ...] = ()  # empty: every purpose
    # Non-empty: only on these forms (the case manager: the child's health-care consent).
    forms: tuple[Code, ...] = ()
    # A parent or guardian suspected of involvement in the trafficking may not.
    excluded_if_suspected: bool = False
    # Non-empty: acts only in place of these givers, when they are absent (an unaccompanied
    # child) or suspected of involvement; the record says which (`acts_because`).
    instead_of: tuple[Code, ...] = ()


class ConsentForm(Named):
    """A form a consent record may cite (A2, C2, a general consent form)."""

    number: str = ""
    purposes: tuple[Code, ...] = ()  # empty: every purpose


class ConsentRules(Strict):
    purposes: tuple[ConsentPurpose, ...] = Field(min_length=1)
    givers: tuple[ConsentGiverRule, ...] = Field(min_length=1)
    forms: tuple[ConsentForm, ...] = ()
    # The A2 consent of initial identification: its own purpose (consent to the formal
    # identification interview) and the form it is recorded under.
    a2_purpose: Code | None = None
    a2_form: Code | None = None
    # Roles told in their inbox when consent is withdrawn, at every institution holding the case.
    notify_roles: tuple[Code, ...] = ()
    # A child's A2 records the child's own view beside the giver's consent.
    a2_child_view: bool = False

    def purpose(self, code: str) -> ConsentPurpose:
        return _by_code(self.purposes, code)

    def giver(self, code: str) -> ConsentGiverRule:
        return _by_code(self.givers, code)

    def form(self, code: str) -> ConsentForm:
        return _by_code(self.forms, code)


# --- Retention and the person's rights (issue 5): nrm's choices, the SOP is silent. ---


class Period(Strict):
    """A span of calendar months (a year is twelve), counted from the day a case closed."""

    years: int = Field(default=0, ge=0, le=100)
    months: int = Field(default=0, ge=0, le=1200)

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


class Retention(Strict):
    """How long records are kept after a case enters `closing_stage`; then the worker
    anonymises the case (docs/person-rights.md). Checked by nrm.E040."""

    closing_stage: Code
    closed_case: Period
    # Another period for a case closed with one of these identification statuses.
    by_status: dict[Code, Period] = {}
    audit_trail: Period
    notifications: Period
    # Lower bounds of the age groups kept for statistics once the date of birth is erased.
    age_groups: tuple[int, ...] = Field(min_length=1)
    batch_size: int = Field(default=200, ge=1, le=10_000)

    def period_for(self, status: str) -> Period:
        return self.by_status.get(status, self.closed_case)


class Requester(Named):
    """Who may ask for a person's data or its correction; a parent or guardian suspected of
    involvement is refused (`excluded_if_suspected`). Checked by nrm.E041."""

    excluded_if_suspected: bool = False


class DuplicateCheck(Strict):
    """Likely existing persons shown before a case opens (docs/duplicate-warning.md); the
    roles told are checked by nrm.E073."""

    min_shared_tokens: int = Field(default=2, ge=1, le=5)
    age_tolerance_years: int = Field(default=3, ge=0, le=30)
    # persons compared at most (a very common name): the rest are not looked at
    max_candidates: int = Field(default=200, ge=1, le=5000)
    notify_roles: tuple[Code, ...] = ()
    notify_owner_roles: tuple[Code, ...] = ()


class Linkage(Strict):
    """Unique persons across agencies (issue 14, docs/unique-persons.md): pairs of person
    records the model scores at or above `review_threshold` are shown to a reviewer with one
    of `review_roles`."""

    review_threshold: float = Field(default=0.5, gt=0, lt=1)
    review_roles: tuple[Code, ...] = ()


class Suppression(Strict):
    """Disclosure control of published statistics (domain/statistics.md §7.4)."""

    # a public table's cell under this many persons is suppressed
    min_public_cell: int = Field(default=5, ge=1, le=100)
    # below national level (county, municipality) and in tables crossing 3+ dimensions
    below_national_cell: int = Field(default=10, ge=1, le=100)
    # group disclosure: in a row or column of fewer persons, no category may hold them all
    group_total: int = Field(default=10, ge=1, le=100)
    # every combination of quasi-identifiers in a microdata extract holds at least k persons
    microdata_k: int = Field(default=11, ge=2, le=100)


EurostatCategory = Literal["ICCS02041", "ICCS02042", "ICCS02043_02044"]
StatisticsStatus = Literal["PRESUMED", "IDENTIFIED", "NOT_IDENTIFIED", "WITHDRAWN"]
PeriodKind = Literal["month", "quarter", "cumulative", "year", "years"]


class StatisticsReport(Named):
    """A report of tables for one kind of period (the monthly bulletin, the quarterly
    report, the annual report). Its table codes are checked by nrm.E145."""

    tables: tuple[str, ...] = Field(min_length=1)
    periods: tuple[PeriodKind, ...] = Field(min_length=1)


class StatisticsRules(Strict):
    """Statistics by unique person (issue 14, docs/statistics.md)."""

    suppression: Suppression = Suppression()
    # the reconciliation's "police" source: cases opened by institutions of these types
    # (nrm.statistics.reconciliation; checked nrm.E145)
    police_institution_types: tuple[Code, ...] = ()
    # identification status of the profile → the statistics status (§7.2); a status not
    # listed (none) is not a decision.
    statuses: dict[Code, StatisticsStatus] = {}
    # institution type → identifying body code (§7.2: POLICE, BORDER_POLICE, …); a type
    # not listed counts as OTHER.
    identifying_bodies: dict[Code, str] = {}
    # a person with forms in several Eurostat categories counts in the first one listed
    # (the product owner's precedence rule; §7.1.7).
    eurostat_precedence: tuple[EurostatCategory, ...] = (
        "ICCS02041",
        "ICCS02042",
        "ICCS02043_02044",
    )
    # deadline events that say a national was found abroad (trafficking TRANS_OUT)
    transnational_out_events: tuple[Code, ...] = ()
    reports: tuple[StatisticsReport, ...] = ()


class PersonRights(Strict):
    requesters: tuple[Requester, ...] = Field(min_length=1)

    def requester(self, code: str) -> Requester:
        return _by_code(self.requesters, code)


# --- Sensitivity classes and the unusual-reading alert (issue 5, docs/security.md). ---

Reach = Literal["all", "owner", "grant", "involved", "county"]


class SensitivityReader(Strict):
    """Who sees a class: a member with one of `roles` at an institution of one of
    `institution_types` (any type when empty), on the cases that institution stands in
    `reach` to: `all` every case; `owner` the cases it owns; `grant` those it holds an
    accepted grant on; `involved` either; `county` those of its county or addressed to it by
    a request for formal identification (A5). Checked by nrm.E050."""

    roles: tuple[Code, ...] = Field(min_length=1)
    institution_types: tuple[Code, ...] = ()
    reach: Reach


class SensitivityClass(Named):
    """A class of sensitive data: the fields in it ("app.Model.field"), the checklist entries
    whose notes are in it, and who sees it. `applies_to: child` protects the fields only on
    a child's case. A field may be in several classes: it shows only to who sees them all."""

    applies_to: Literal["all", "child"] = "all"
    fields: tuple[str, ...] = ()
    checklist_notes: tuple[Code, ...] = ()
    readers: tuple[SensitivityReader, ...] = ()


class Sensitivity(Strict):
    classes: tuple[SensitivityClass, ...] = Field(min_length=1)

    def klass(self, code: str) -> SensitivityClass:
        return _by_code(self.classes, code)


class UnusualReading(Strict):
    """An alert when one user opens `cases` distinct cases within `minutes` (nrm.E051)."""

    cases: int = Field(ge=2, le=100_000)
    minutes: int = Field(ge=1, le=24 * 60)
    # Members of these roles are told; about one of them, the `escalate_to` roles instead.
    notify: tuple[Code, ...] = Field(min_length=1)
    escalate_to: tuple[Code, ...] = Field(min_length=1)


# --- Who decides the identification status, and who closes a case (docs/decisions/0008). ---


class Recorder(Strict):
    """Who may record an act: a member with one of `roles` at an institution of one of
    `institution_types` (any type when empty)."""

    roles: tuple[Code, ...] = Field(min_length=1)
    institution_types: tuple[Code, ...] = ()


class StatusAuthority(Named):
    """A kind of act that changes the identification status, the moves it may make and who
    records it. `path: screening`: only through the initial screening's service (the
    threshold of indicators), never recorded as a decision. `correction`: the moves are any
    from one status to another (a wrongly recorded status), not the `status_transitions`.
    Checked by nrm.E070."""

    sop: str = ""
    # "decision": recorded by `recorded_by`; "screening": only the initial screening's
    # service; another code: a stage app's `decision_paths` entry decides who records it for
    # a case (the group's members, the Commission), checked at start-up (nrm.E070).
    path: str = Field(default="decision", pattern=r"^[a-z][a-z0-9_]*$")
    correction: bool = False
    moves: dict[Code, tuple[Code, ...]] = {}
    recorded_by: tuple[Recorder, ...] = ()

    def allows(self, from_value: str, to_value: str) -> bool:
        if self.correction:
            return from_value != to_value
        return to_value in self.moves.get(from_value, ())


class CaseClosure(Strict):
    """Closing a case: the stage it enters, who besides the owning institution closes and
    reopens it, and the reasons to choose from. Checked by nrm.E071."""

    stage: Code
    also_by: tuple[Recorder, ...] = ()
    reasons: tuple[Named, ...] = Field(min_length=1)

    def reason(self, code: str) -> Named:
        return _by_code(self.reasons, code)


class StageCorrections(Strict):
    """Who corrects a wrongly recorded stage, with a decision reference (nrm.E071)."""

    recorded_by: tuple[Recorder, ...] = Field(min_length=1)


class Ministry(Named):
    """A ministry that appoints a member of the appeals Commission; `chair`: its member
    chairs the Commission."""

    chair: bool = False


class Appellant(Named):
    """Who may file an appeal: for an adult, a child, or either; `excluded_if_suspected`:
    never a parent or guardian suspected of involvement (the consent registry's suspicion)."""

    applies_to: Literal["adult", "child", "any"] = "any"
    excluded_if_suspected: bool = False


class Appeals(Strict):
    """The administrative appeal against a status decision and the Commission that reviews
    it (docs/appeals.md). `appealable`: the `status_authorities` kinds an appeal is against;
    `decision_kind`, `court_kind`, `reevaluation_kind`: the kinds the Commission's and the
    court's decisions are recorded as; `recorded_by`: who receives and records appeals."""

    sop: str = ""
    appealable: tuple[Code, ...] = Field(min_length=1)
    decision_kind: Code
    court_kind: Code
    reevaluation_kind: Code
    window_rule: Code = "appeal_window"
    recorded_by: tuple[Recorder, ...] = Field(min_length=1)
    appellants: tuple[Appellant, ...] = Field(min_length=1)
    commission_institution_type: Code
    commission_role: Code
    ministries: tuple[Ministry, ...] = ()

    def appellant(self, code: str) -> Appellant:
        return _by_code(self.appellants, code)

    def ministry(self, code: str) -> Ministry:
        return _by_code(self.ministries, code)


# --- Meetings of collegial bodies (issue 11): the AP, the Commission, regional committees. ---


class Quorum(Strict):
    """How many of a meeting's voting members must be present for it to be held and to
    decide: more than half of them, at least `amount`, or every one (docs/meetings.md)."""

    kind: Literal["majority_of_members", "count", "all_members"]
    amount: int = Field(default=0, ge=0, le=1000)


class MeetingBody(Named):
    """A body that meets and decides: who its members are (they see its meetings), who
    convenes it, its quorum and how it decides. `composition`: the institutions that
    appoint its members, as the SOP lists them (shown on the minutes). Checked by nrm.E080."""

    sop: str = ""
    members: tuple[Recorder, ...] = Field(min_length=1)
    convened_by: tuple[Recorder, ...] = Field(min_length=1)
    quorum: Quorum
    # majority: of the voting members present; majority_of_members: of all the meeting's
    # voting members; consensus: every voting member present for.
    decides_by: Literal["majority", "majority_of_members", "consensus"] = "majority"
    # Closed sessions: only the meeting's attendees and those who convene the body see it.
    closed_sessions: bool = False
    composition: tuple[Text, ...] = ()
    chaired_by: Text | None = None
    # The roles of the members who chair (the first active one, by account); none: no chair.
    chair_roles: tuple[Code, ...] = ()
    # Who hears of a task the meeting gives an institution, there (its focal points).
    task_recipients: tuple[Code, ...] = ("focal_point",)


# --- issue 12 — referrals (docs/referrals.md) ---------------------------------------------


class Referrals(Strict):
    """Referrals between institutions: the consent purpose they need, the first state, the
    states that give the receiver access to the case, and the allowed moves, each made by
    the `sender` or the `receiver` (HL7 SDOH ServiceRequest + Task)."""

    sop: str = ""
    consent_purpose: Code = "sharing"
    initial: Code = "pending"
    access_states: tuple[Code, ...] = Field(min_length=1)
    transitions: dict[Code, dict[Code, Literal["sender", "receiver"]]]
    emergency_event: str = ""


# --- issue 12 — shelters: admission (C1/C3, C2), exits and incidents (docs/shelters.md). ---

AgeGroup = Literal["all", "child", "adult"]


class ShelterItem(Named):
    """A checklist item of the admission (information given, a basic need met)."""

    applies_to: AgeGroup = "all"


class ShelterRecipient(Strict):
    """Who an incident's notice goes to: members with one of `roles` at the institution of
    one of `institution_types` that serves the case (owner, a grant, the case's county, a
    national one), for a child, an adult or both."""

    roles: tuple[Code, ...] = Field(min_length=1)
    institution_types: tuple[Code, ...] = Field(min_length=1)
    applies_to: AgeGroup = "all"


class ShelterExitReason(Named):
    """Why a person left the centre. `procedure`: the protection procedure's state after the
    exit ("" keeps it where it is); `incident`: the incident kind the exit also records."""

    procedure: Code = ""
    incident: Code = ""


class ShelterIncidentKind(Named):
    """An incident of the stay (SOP S7). `emits`: the event recorded with it (opens the
    notification rule); `notified_event`: what sending its notices emits (meets the rule);
    `exit_reason`: the stay ends with this reason; `requires_exit_reason`: only after a stay
    that ended so (a child's return after absconding); `police_complaint`: for whom the
    complaint to the police is recorded; `follow_up`: who follows the case up, by age group."""

    applies_to: AgeGroup = "all"
    sop: str = ""
    emits: str = ""
    notified_event: str = ""
    exit_reason: Code = ""
    requires_exit_reason: Code = ""
    police_complaint: AgeGroup | None = None
    notify: tuple[ShelterRecipient, ...] = ()
    follow_up: dict[Literal["child", "adult"], Code] = {}


class Shelters(Strict):
    """Admission to a shelter or centre (C1 adult, C3 child, C2 agreement), the stay, exits
    and incidents (SOP S7 L1010–1146). `receiving_institution_types`: who admits;
    `procedure`: the case procedure an admission opens (`placed_state`)."""

    sop: str = ""
    receiving_institution_types: tuple[Code, ...] = Field(min_length=1)
    caseworker_roles: tuple[Code, ...] = Field(min_length=1)
    procedure: Code
    placed_state: Code
    information_items: tuple[ShelterItem, ...] = Field(min_length=1)
    basic_needs: tuple[ShelterItem, ...] = Field(min_length=1)
    exit_reasons: tuple[ShelterExitReason, ...] = Field(min_length=1)
    incident_kinds: tuple[ShelterIncidentKind, ...] = Field(min_length=1)
    documents: tuple[Document, ...] = ()

    def exit_reason(self, code: str) -> ShelterExitReason:
        return _by_code(self.exit_reasons, code)

    def incident_kind(self, code: str) -> ShelterIncidentKind:
        return _by_code(self.incident_kinds, code)

    def document(self, code: str) -> Document:
        return _by_code(self.documents, code)


# --- Needs assessment and plans (issue 12 — plans; docs/plans.md). ---


class AssessmentRules(Strict):
    """The needs assessment (C4 child, C5 adult): its domains, the levels of a need found,
    and who records it (besides being the case's owner or holding access to it)."""

    domains: tuple[Named, ...] = Field(min_length=1)
    levels: tuple[Named, ...] = Field(min_length=1)
    child_form: str = "C4"
    adult_form: str = "C5"
    assessed_by: tuple[Recorder, ...] = Field(min_length=1)


class PlanKind(Named):
    """A kind of individual plan. `applies_to`: the persons it is for; `prepared_by`: who
    drafts and changes it (with access to the case); `approved_event`: emitted when its
    preparer puts it in force; `decided_by`: a plan that goes to a body for its decision
    (the AP for the D1), with `submitted_event`/`decided_event` and the institution type
    it is also sent to for coordination."""

    form: str = ""
    # The reference's prefix: PIM-AL-2026-000001-1.
    prefix: str = Field(pattern=r"^[A-Z0-9]{1,6}$")
    sop: str = ""
    applies_to: Literal["adult", "child", "any"] = "any"
    prepared_by: tuple[Recorder, ...] = Field(min_length=1)
    approved_event: Code | None = None
    decided_by: tuple[Recorder, ...] = ()
    submitted_event: Code | None = None
    decided_event: Code | None = None
    # Emitted when the body returns the plan for changes (meets its decision deadline
    # without opening what an approval opens).
    returned_event: Code | None = None
    coordination_institution_type: Code | None = None
    coordination_roles: tuple[Code, ...] = ("focal_point",)


class PlanRules(Strict):
    sop: str = ""
    assessment: AssessmentRules
    kinds: tuple[PlanKind, ...] = Field(min_length=1)
    # Who hears of a task an item gives an institution (its focal points).
    task_recipients: tuple[Code, ...] = ("focal_point",)

    def kind(self, code: str) -> PlanKind:
        return _by_code(self.kinds, code)


class PlanTemplateItem(Strict):
    domain: Code
    action: Text
    institution_type: Code
    due_in_days: int = Field(ge=0, le=730)


class PlanTemplate(Named):
    """Items a worker starts a plan from (e.g. adult labour exploitation)."""

    kinds: tuple[Code, ...] = Field(min_length=1)
    applies_to: Literal["adult", "child", "any"] = "any"
    items: tuple[PlanTemplateItem, ...] = Field(min_length=1)


# --- issue 12 — reintegration: monitoring (D2), sustainable reintegration, service lines. ---


class ReintegrationServiceKind(Named):
    """A kind of service line (seed L1148–1202, L1393–1412): the institution type that
    provides it, for whom (`applies_to`), and the consent purpose a child's line needs
    (`child_consent_purpose`: the guardian's informed consent to the child's health care)."""

    institution_type: Code
    applies_to: Literal["any", "child", "adult"] = "any"
    child_consent_purpose: Code = ""


class Reintegration(Strict):
    """Long-term support and reintegration (S11; docs/reintegration.md): monthly monitoring
    reports (D2) for `monitoring_months` from the AP's decision on the D1 (the opening of
    the deadline rule `start_rule`), the criteria of sustainable reintegration, the reasoned
    report, and the tracked service lines."""

    sop: str = ""
    procedure: Code = "reintegration"
    # The kind of plan (nrm.plans) a D2 reports on: the individual reintegration plan (D1).
    plan_kind: Code = "reintegration"
    sustainable_state: Code = "sustainable"
    ended_state: Code = "ended"
    monitoring_months: int = Field(default=24, ge=1, le=120)
    report_every_months: int = Field(default=1, ge=1, le=12)
    start_rule: Code = "reintegration_monitoring"
    report_rule: Code = "reintegration_report"
    reported_by: tuple[Recorder, ...] = Field(min_length=1)
    concluded_by: tuple[Recorder, ...] = Field(min_length=1)
    proposal_notice_to: tuple[Recorder, ...] = Field(min_length=1)
    closure_reason: Code = ""
    criteria: tuple[Named, ...] = Field(min_length=1)
    domains: tuple[Named, ...] = Field(min_length=1)
    service_kinds: tuple[ReintegrationServiceKind, ...] = ()

    @property
    def periods(self) -> int:
        return self.monitoring_months // self.report_every_months

    def service_kind(self, code: str) -> ReintegrationServiceKind:
        return _by_code(self.service_kinds, code)


# --- issue 12 — casefile: case notes and documents (docs/casefile.md) ---


class CasefileKind(Named):
    """A kind of case note or document; `sensitivity`: the class a record of this kind is
    given unless the writer picks another (empty: the block's `default_sensitivity`)."""

    sensitivity: Code = ""


class Casefile(Strict):
    """Case notes (a dated timeline) and documents (uploads): their kinds, the default
    sensitivity class, the note's length, the file types accepted (decided from the file's
    bytes, never its name), the size limit and who besides the uploader's institution may
    withdraw a document. Meaning checked by nrm.E090 (nrm.casefile.checks)."""

    note_kinds: tuple[CasefileKind, ...] = Field(min_length=1)
    document_kinds: tuple[CasefileKind, ...] = Field(min_length=1)
    default_sensitivity: Code
    note_max_chars: int = Field(default=10_000, ge=100, le=100_000)
    document_types: tuple[Literal["pdf", "jpeg", "png", "docx", "odt"], ...] = Field(min_length=1)
    max_document_bytes: int = Field(ge=1024, le=50 * 1024 * 1024)
    file_name_max_chars: int = Field(default=120, ge=16, le=255)
    withdrawn_by: tuple[Recorder, ...] = ()
    page_size: int = Field(default=20, ge=5, le=200)

    def note_kind(self, code: str) -> CasefileKind:
        return _by_code(self.note_kinds, code)

    def document_kind(self, code: str) -> CasefileKind:
        return _by_code(self.document_kinds, code)


# --- issue 13 — notices at once: who is told of an act, in the inbox (docs/notifications.md)


class NoticeRecipient(Strict):
    """Members with one of `roles` at: the institutions the act addresses (`addressed`: the
    A5's group, the referral's receiver, the assigned institution; of `institution_types`
    when given), or else the institutions of `institution_types` that serve the case (the
    owner, an accepted grant, those of the case's county, else the national ones). For a
    child, an adult or both. `access`: the institutions told are given access to the case
    (an assignment) if they have none, so the notice's link opens it."""

    roles: tuple[Code, ...] = Field(min_length=1)
    institution_types: tuple[Code, ...] = ()
    addressed: bool = False
    access: bool = False
    applies_to: AgeGroup = "all"

    @model_validator(mode="after")
    def _somewhere(self) -> "NoticeRecipient":
        if not self.addressed and not self.institution_types:
            raise ValueError("a recipient names institution_types or is addressed: true")
        return self


class Notice(Strict):
    """An inbox notice sent at once when the act of its `kind` happens (the kinds are the
    apps' `notice_kinds`; nrm.E130 checks the names)."""

    kind: Code
    sop: str = ""
    to: tuple[NoticeRecipient, ...] = Field(min_length=1)


class GuideAudience(Strict):
    """Whom one of nrm's printable guides (`nrm.site.guides`: police, social, shelter,
    focal_point, secretariat) is for under this profile: a role, at institutions of these types
    (none: at any). Its references are checked by nrm.E166."""

    guide: Code
    role: Code
    institution_types: tuple[Code, ...] = ()


class DemoInstitution(Strict):
    """An invented-for-the-demo institution (`nrm demo`): real kinds, plausible names."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    type: Code
    name: str = Field(min_length=1)
    county: Code | None = None
    parent: str | None = None


class DemoPerCounty(Strict):
    """One institution of `type` in every county: code `{prefix}-{county}`, name with
    `{county}` replaced by the county's name in the profile's default language."""

    prefix: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    type: Code
    name: str = Field(min_length=1)


class DemoService(Strict):
    name: str = Field(min_length=1)
    need: Code
    target_group: str = "any"
    min_age: int | None = None
    max_age: int | None = None
    sex: str = "any"
    languages: tuple[str, ...] = ()
    beds: int | None = None
    # Years the licence runs from today; negative: expired (the search leaves it out).
    licence_years: int | None = None
    counties: tuple[Code, ...] = ()


class DemoProvider(Strict):
    """A provider of the demo's service directory (docs/directory.md) and its services."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    type: Code
    county: Code
    municipality: str
    provider: str
    name: str = Field(min_length=1)
    services: tuple[DemoService, ...] = ()


class DemoUser(Strict):
    username: str = Field(pattern=r"^[a-z][a-z0-9._-]*$")
    institution: str
    role: Code


class DemoOwner(Strict):
    """Who owns the demo's further cases (beyond the contract's, owned by the `police` part):
    an institution of the demo, or (`per_county`: a `per_county` prefix) the one of that kind
    in every county, each drawn `weight` times as often; `children`: its cases are children."""

    institution: str | None = None
    per_county: str | None = None
    weight: int = Field(default=1, ge=1, le=100)
    children: bool = False

    @model_validator(mode="after")
    def _one(self):
        if (self.institution is None) == (self.per_county is None):
            raise ValueError("an owner names either `institution` or `per_county`")
        return self


class DemoAgency(Strict):
    """The demo's second level of the emergency non-response chain (the institution of the
    profile's `emergency.non_response_steps` `grant_to_type`, made when none exists) and the
    username of its focal point (`user`)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str = Field(min_length=1)
    user: str = Field(pattern=r"^[a-z][a-z0-9._-]*$")


class DemoData(Strict):
    """The demo of a jurisdiction (`nrm demo [--jurisdiction CC]`, the test suite's world):
    its institutions and users. `cast`: who plays each part the demo's walkers and the
    shared tests need (police, police_elsewhere, child_protection, social_services, shelter,
    secretariat, …) → a username of `users`; a walker whose part is missing skips itself.
    `owners`: who owns the further invented cases (docs/demo.md); `referrers`: the
    institutions whose children the `child_protection` part manages and whose protected cases
    go to the `shelter` part's institution; `partners`: providers the reintegration walk asks
    for services (made when it first needs them); `emergency_agency`: see DemoAgency."""

    institutions: tuple[DemoInstitution, ...] = ()
    per_county: tuple[DemoPerCounty, ...] = ()
    users: tuple[DemoUser, ...] = Field(min_length=1)
    cast: dict[str, str] = {}
    directory: tuple[DemoProvider, ...] = ()
    owners: tuple[DemoOwner, ...] = ()
    referrers: tuple[str, ...] = ()
    partners: tuple[DemoInstitution, ...] = ()
    emergency_agency: DemoAgency | None = None

    def user(self, part: str) -> DemoUser:
        """The demo user who plays `part`."""
        return _by_username(self.users, self.cast[part])

    def player(self, part: str) -> DemoUser | None:
        """The demo user who plays `part`, or None when the demo casts nobody."""
        return _by_username(self.users, self.cast[part]) if part in self.cast else None

    def member(self, institution: str) -> DemoUser | None:
        """The demo user who acts for an institution: the first listed at it (the demo files
        list an institution's caseworker before its focal point)."""
        return next((u for u in self.users if u.institution == institution), None)


def _by_username(users, username):
    for user in users:
        if user.username == username:
            return user
    raise KeyError(username)


class Profile(Strict):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    version: str = Field(pattern=r"^[0-9]{4}\.[0-9]+$")
    title: Text
    legal_basis: str
    valid_from: date
    languages: tuple[str, ...] = Field(min_length=1)
    default_language: str
    calendar: Calendar
    reference_prefix: str = Field(pattern=r"^[A-Z]{2,4}$")
    potential_victim_threshold: int = Field(ge=1, le=50)
    # A person younger than this is a child; an uncertain age that may be below it is too.
    age_of_majority: int = Field(ge=1, le=30)
    max_age: int = Field(default=120, ge=1, le=150)
    # A browser session left this long without a request is logged out.
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    counties: tuple[County, ...] = Field(min_length=1)
    institution_types: tuple[InstitutionType, ...] = Field(min_length=1)
    roles: tuple[Role, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=2)
    identification_statuses: tuple[Named, ...] = Field(min_length=2)
    initial_stage: Code
    initial_status: Code
    # The procedures that run in parallel on a case; `stage` is derived from them (nrm.E072).
    procedures: tuple[Procedure, ...] = Field(min_length=1)
    status_transitions: dict[Code, tuple[Code, ...]]
    indicator_catalogue_files: tuple[str, ...] = ()
    # Filled by the loader from indicator_catalogue_files.
    indicator_catalogues: tuple[IndicatorCatalogue, ...] = ()
    initial_identification: InitialIdentification | None = None
    # Stage C, formal identification (nrm.identification).
    formal_identification: FormalIdentification | None = None
    # ISO 3166-1 alpha-2 of the jurisdiction itself: anyone else is a foreign national.
    home_country: str = Field(default="", pattern=r"^([A-Z]{2})?$")
    # ISO 639-1 codes of the jurisdiction's official language(s): a person who speaks none
    # of them needs the official interpreter. Empty: nrm cannot tell, and never asks for one.
    official_languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2}$")], ...] = ()
    deadline_rules_file: str | None = None
    # Filled by the loader from deadline_rules_file.
    deadlines: DeadlineCatalogue | None = None
    # How long closed cases are kept, and who may ask for a person's data (issue 5).
    retention: Retention | None = None
    person_rights: PersonRights | None = None
    # issue 13 — the duplicate warning when a case opens (docs/duplicate-warning.md).
    duplicate_check: DuplicateCheck | None = None
    # issue 14 — unique persons and statistics (docs/unique-persons.md, docs/statistics.md).
    linkage: Linkage | None = None
    statistics: StatisticsRules | None = None
    # The consent registry's rules (docs/consent.md); meaning checked as nrm.E030–E033.
    consent: ConsentRules | None = None
    # Sensitivity classes of fields and who sees each (nrm.E050); the reading alert (nrm.E051).
    sensitivity: Sensitivity | None = None
    unusual_reading: UnusualReading | None = None
    # Who decides the identification status (nrm.E070); closing and stage corrections (E071).
    status_authorities: tuple[StatusAuthority, ...] = ()
    case_closure: CaseClosure | None = None
    stage_corrections: StageCorrections | None = None
    # The appeal to the Commission, the court and re-evaluation (docs/appeals.md).
    appeals: Appeals | None = None
    # The collegial bodies that meet (nrm.meetings, docs/meetings.md); checked by nrm.E080.
    meeting_bodies: tuple[MeetingBody, ...] = ()
    # issue 12 — referrals: the needs the directory's services meet; referrals' moves.
    service_needs: tuple[Named, ...] = ()
    exploitation_forms: tuple[ExploitationForm, ...] = ()
    referrals: Referrals | None = None
    # issue 12 — shelters: admission, stay, exits, incidents (docs/shelters.md).
    shelters: Shelters | None = None
    # Needs assessment and plans, and the plans' templates (issue 12, docs/plans.md).
    plans: PlanRules | None = None
    plan_templates: tuple[PlanTemplate, ...] = ()
    # issue 12 — reintegration (docs/reintegration.md).
    reintegration: Reintegration | None = None
    # issue 12 — emergency measures, non-response, foreign persons (docs/emergency.md).
    emergency: "Emergency | None" = None
    # issue 12 — casefile: case notes and documents (docs/casefile.md, nrm.E090).
    casefile: Casefile | None = None
    # issue 13 — the inbox notices sent at once, and to whom (docs/notifications.md, nrm.E130).
    notices: tuple[Notice, ...] = ()
    # Whom each printable guide is for (nrm.site.guides; docs/home.md).
    guides: tuple[GuideAudience, ...] = ()
    # The demo's institutions and users, from `demo_file` (filled by the loader).
    demo_file: str | None = None
    demo: DemoData | None = None
    # issue 16 — strategy and action-plan monitoring (docs/action-plan.md, nrm.E175).
    action_plans: "ActionPlans | None" = None

    @field_validator("default_language")
    @classmethod
    def _default_in_languages(cls, v: str, info) -> str:
        if v not in info.data.get("languages", ()):
            raise ValueError("default_language must be one of languages")
        return v

    @property
    def key(self) -> str:
        return f"{self.code}-{self.version}"

    def stage(self, code: str) -> Named:
        return _by_code(self.stages, code)

    def notice(self, kind: str) -> Notice | None:
        return next((n for n in self.notices if n.kind == kind), None)

    def procedure(self, code: str) -> Procedure:
        return _by_code(self.procedures, code)

    def status(self, code: str) -> Named:
        return _by_code(self.identification_statuses, code)

    def county(self, code: str) -> County:
        return _by_code(self.counties, code)

    def institution_type(self, code: str) -> InstitutionType:
        return _by_code(self.institution_types, code)

    def role(self, code: str) -> Role:
        return _by_code(self.roles, code)

    def status_authority(self, code: str) -> StatusAuthority:
        return _by_code(self.status_authorities, code)

    def meeting_body(self, code: str) -> MeetingBody:
        return _by_code(self.meeting_bodies, code)

    def closure_reason(self, code: str) -> Named:
        if self.case_closure is None:
            raise KeyError(code)
        return self.case_closure.reason(code)

    def exploitation_form(self, code: str) -> ExploitationForm:
        return _by_code(self.exploitation_forms, code)

    def catalogue(self, code: str) -> IndicatorCatalogue:
        return _by_code(self.indicator_catalogues, code)

    def deadline_rule(self, code: str) -> DeadlineRule:
        if self.deadlines is None:
            raise KeyError(code)
        return self.deadlines.rule(code)


def _by_code(items, code):
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)


# --- issue 12 — emergency: the child's emergency protection measure, the non-response chain,
# foreign persons' procedures and the reflection and recovery period (docs/emergency.md). ---


class PlacementKind(Named):
    """A kind of alternative care (L249–254, L997–999, L1039–1043): the `protection`
    procedure's state it puts the case in (a centre: placed; a family: community)."""

    protection_state: Code
    family: bool = False  # a family or foster family: reached by a change of the measure
    # The institutions a placement of this kind is at (none: a municipality only).
    institution_types: tuple[Code, ...] = ()


class NonResponseStep(Named):
    """One level of the non-response chain (L977–983): who records it, whose focal points
    hear of it (an inbox notice), the deadline event it emits, and whether the next level's
    institution is given access to the case (it must read the case to act on it)."""

    by: tuple[Recorder, ...] = Field(min_length=1)
    notify: tuple[Recorder, ...] = ()
    emits: Code | None = None
    grant_to_type: Code | None = None


class Emergency(Strict):
    """The emergency protection measure for children (S3 L249–254, S7 L970–1045), the
    non-response chain, the foreign person's procedures and the reflection period."""

    sop: str = ""
    child_only: bool = True
    initiated_by: tuple[Recorder, ...] = Field(min_length=1)
    recorded_by: tuple[Recorder, ...] = Field(min_length=1)
    director_roles: tuple[Named, ...] = Field(min_length=1)
    placements: tuple[PlacementKind, ...] = Field(min_length=1)
    protection_procedure: Code = "protection"
    # The institution a GTN request may name, and the police investigator's.
    gtn_institution_types: tuple[Code, ...] = ()
    police_institution_types: tuple[Code, ...] = ()
    non_response_steps: tuple[NonResponseStep, ...] = Field(min_length=1)
    residence_permit_by: tuple[Recorder, ...] = Field(min_length=1)
    documentation_notified_by: tuple[Recorder, ...] = Field(min_length=1)
    documentation_meeting_by: tuple[Recorder, ...] = Field(min_length=1)
    mission_request_by: tuple[Recorder, ...] = Field(min_length=1)
    reflection_by: tuple[Recorder, ...] = Field(min_length=1)
    # Calendar days, the start day included. The 2025 SOP names the period (L241–247, L380)
    # and sets no length: 30 days, the minimum of art. 13 of the Council of Europe Convention.
    reflection_days: int = Field(default=30, ge=1, le=365)
    reflection_max_extension_days: int = Field(default=90, ge=0, le=365)

    def placement(self, code: str) -> PlacementKind:
        return _by_code(self.placements, code)

    def director_role(self, code: str) -> Named:
        return _by_code(self.director_roles, code)

    def step(self, code: str) -> NonResponseStep:
        return _by_code(self.non_response_steps, code)


# --- issue 16 — strategy and action-plan monitoring (docs/action-plan.md). ---


class ActivityStatus(Named):
    """A status a lead institution reports for an activity. `kind` is what the progress
    formulas count it as; `score` its share of the activity done (the ripple model)."""

    kind: Literal["implemented", "in_progress", "not_started"]
    score: float = Field(ge=0, le=1)


class LiveIndicator(Named):
    """An indicator nrm measures itself: a named query of the statistics catalogue (a table
    code), read under its disclosure rules, never free SQL."""

    table: Code


class ActionPlans(Strict):
    """How action plans are reported on and measured (issue 16)."""

    reporting_frequency: Literal["quarterly"] = "quarterly"
    # A period's report is due this many calendar days after the period ends.
    report_due_days: int = Field(default=15, ge=1, le=120)
    # The deadline rule a reporting cycle's tasks follow (meeting_task-like: reminders and
    # escalation to the reviewers); empty: the cycle's due dates are kept by nrm alone.
    deadline_rule: Code | None = None
    review_roles: tuple[Code, ...] = Field(min_length=1)
    report_roles: tuple[Code, ...] = Field(min_length=1)
    coordinator_roles: tuple[Code, ...] = ()
    statuses: tuple[ActivityStatus, ...] = Field(min_length=3)
    # Spellings of "continuous" in a timeframe cell, compared without case and diacritics.
    continuous_words: tuple[str, ...] = ()
    # A quarter is written "<prefix><n> <year>" ("K4 2015").
    quarter_prefixes: tuple[str, ...] = ("Q",)
    # An acronym in the plan's institution columns → an institution code of the database.
    institution_aliases: dict[str, Code] = {}
    live_indicators: tuple[LiveIndicator, ...] = ()
    # The ripple model: the weight of each strategic objective (its code); absent → 1.
    ripple_weights: dict[str, float] = {}
    evidence_types: tuple[str, ...] = ("application/pdf",)
    evidence_max_bytes: int = Field(default=10_000_000, ge=1)

    def status(self, code: str) -> ActivityStatus:
        return _by_code(self.statuses, code)


Profile.model_rebuild()
