"""The shape of a jurisdiction profile. Pydantic validates it; `rules.py` checks meaning."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Code = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in every language of the profile."""

    sq: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return getattr(self, language, None) or self.sq


class Named(Strict):
    code: Code = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text


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


class Role(Named):
    capabilities: tuple[str, ...]


class Calendar(Strict):
    holidays_country: str = Field(pattern=r"^[A-Z]{2}$")
    time_zone: str
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0


class Indicator(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z-]*-[0-9]{2}$")
    text: Text


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
    referrals: Referrals | None = None

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
