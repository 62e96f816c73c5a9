"""The registry's doors: what a stage app contributes without the registry knowing it.

The registry keeps persons and cases and knows no stage. A stage app (initial
identification, consent, deadlines, oversight, and the stages to come) adds to these doors
in its `AppConfig.ready()` (its `contributions.py`); the registry reads them where it needs
them. docs/architecture.md "How to add a stage" lists them with an example.

Anonymisation and key rotation need no door: they find every `EncryptedTextField` through
Django's app registry and reach the case or the person through the model's foreign keys.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nrm.core.doors import Door

# --- the case page ------------------------------------------------------------------------

SLOT_LINKS = "links"  # links beside the case's badges (e.g. "Initial identification")
SLOT_BANNER = "banner"  # a notice above the case (e.g. consent withdrawn)
SLOT_SECTION = "section"  # a card below the case's own sections
SLOTS = (SLOT_LINKS, SLOT_BANNER, SLOT_SECTION)


@dataclass(frozen=True)
class CasePanel:
    """Part of the case page. `context(request, case)` returns the template's context, or
    None when the panel has nothing for this reader (it is then not shown). A `lazy` panel is
    fetched with htmx when the reader opens it (`title` names it while closed)."""

    template: str
    context: Callable[[Any, Any], dict | None]
    slot: str = SLOT_SECTION
    lazy: bool = False
    title: Any = ""  # a lazy translation; shown on a lazy panel's closed summary


case_panels: Door[CasePanel] = Door("case_panels", "Panels of the case page.")


# --- the person's data export (a right of the person, docs/person-rights.md) ----------------


@dataclass(frozen=True)
class ExportSection:
    """`collect(actor, case, language)` returns what the section holds for one case, as
    JSON-ready data; `key` is its name in the export."""

    key: str
    collect: Callable[[Any, Any, str], Any]
    pdf_template: str = ""  # renders `rows` (what collect returned) in the printed export


person_export_sections: Door[ExportSection] = Door(
    "person_export_sections", "Sections of a person's data export, per case."
)

# A requester the stage apps refuse for a person (e.g. a parent suspected of involvement):
# check(person, requester_code) -> True when refused.
requester_refusals: Door[Callable[[Any, str], bool]] = Door(
    "requester_refusals", "Who may not ask for a person's data or its correction."
)


# --- what the registry's services tell the stages -----------------------------------------

# sink(actor, case, event) runs in the service's transaction for every event the registry
# produces (a child or foreign national identified, a stage entered, a child's presumption
# lifted). The deadline engine is the sink today.
case_event_sinks: Door[Callable[[Any, Any, str], None]] = Door(
    "case_event_sinks", "Who hears the events of a case's life produced by the registry."
)

# sink(actor, case, kind, addressed) runs in the service's transaction when a registry act
# must be told at once (a case opened for a child, an assignment): `kind` is a notice kind
# of the profile's `notices` block, `addressed` the institutions the act names. The deadline
# engine's inbox is the sink today (docs/notifications.md).
case_notice_sinks: Door[Callable[[Any, Any, str, tuple], None]] = Door(
    "case_notice_sinks", "Who tells users at once of the registry's acts (inbox notices)."
)

# veto(case, institution) raises a DomainError when the case may not be shared with the
# institution (consent to sharing withdrawn).
share_vetoes: Door[Callable[[Any, Any], None]] = Door(
    "share_vetoes", "Reasons a case may not be shared with an institution."
)

# filter(cases) -> (kept, left_out): cases left out of exports of figures (consent to
# statistics withdrawn).
export_filters: Door[Callable[[Any], tuple[Any, Any]]] = Door(
    "export_filters", "Cases an export of figures must leave out."
)

# cases(institution_id) -> a queryset of case ids addressed to the institution by a stage
# (an A5 request to a county group), for the "county" reach of sensitivity classes.
addressed_cases: Door[Callable[[int], Any]] = Door(
    "addressed_cases", "Cases a stage addressed to an institution outside its county."
)


# --- who records a status decision for a case ----------------------------------------------


@dataclass(frozen=True)
class DecisionPath:
    """A `status_authorities` kind whose `path` names this entry is recorded by whoever
    `may_record(actor, case)` says: the members of the case's formal identification group,
    the Commission reviewing the case's appeal. The registry cannot know them; the stage that
    forms them answers (docs/decisions/0008-status-authority.md)."""

    may_record: Callable[[Any, Any], bool]


decision_paths: Door[DecisionPath] = Door(
    "decision_paths", "Who records a status decision of a kind, for one case."
)


# --- opening a case through the API -------------------------------------------------------


@dataclass(frozen=True)
class CaseIntake:
    """A block of `POST /api/v1/cases` beside `person` that opens the case through a stage:
    `schema` validates the block, `start(actor, person, owner_institution, block,
    check_duplicates, duplicate_reason)` opens the case in one transaction (passing the last
    two to `case_create`) and returns it."""

    key: str
    schema: type
    start: Callable[..., Any]
    description: str = ""


case_intakes: Door[CaseIntake] = Door("case_intakes", "Blocks of a new case's API body.")

# --- possible duplicates ------------------------------------------------------------------

# `sink(actor=, case=, matched=, profile=)`, in `case_create`'s transaction, when a case is
# opened past likely existing records the opener may not see (`matched`: those cases):
# whoever must hear of it is told (oversight: an inbox notice to the AP
# secretariat and the owners, docs/duplicate-warning.md).
duplicate_sinks: Door[Callable[..., None]] = Door(
    "duplicate_sinks", "Who is told of a case opened past records its opener may not see."
)


# --- the demo -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPlan:
    """Where the demo takes an invented case: the stage it should end in (`target`), the
    moves that take it there (`path`), and the real present (`until`: no step after it)."""

    target: str
    path: tuple[str, ...]
    until: Any


@dataclass(frozen=True)
class DemoWalker:
    """Walks an invented case through a stage with the real services, in order with the
    other walkers: `walk(actor=, case=, plan=, rng=, moment=)` returns the moment of its
    last step (each walker starts where the previous one stopped)."""

    walk: Callable[..., Any]


demo_walkers: Door[DemoWalker] = Door("demo_walkers", "How the demo walks a case through a stage.")


# --- the "My work" home page ----------------------------------------------------------------

HOME_ROWS = 10  # a section lists at most this many rows, then "see all"


@dataclass(frozen=True)
class HomeSection:
    """A section of the "My work" home page (docs/home.md): what one app asks of the user
    today. `context(actor)` returns the template's context — its rows already scoped to the
    actor, at most HOME_ROWS, one or two queries — or None when the section has nothing for
    this actor (it is then not shown). Rows name cases by reference, never a person."""

    title: Any  # a lazy translation
    template: str
    context: Callable[[Any], dict | None]


home_sections: Door[HomeSection] = Door(
    "home_sections", "Sections of the 'My work' home page: what the user must do today."
)


# --- the coordinators' dashboard --------------------------------------------------------------


@dataclass(frozen=True)
class DashboardSection:
    """A section of the coordinators' dashboard at `/` (docs/charts.md): figures an app adds
    below the registry's counts (the statistics' charts, each with its table). `context(actor)`
    returns the template's context — aggregates only, never a person — or None when the
    section has nothing for this actor (it is then not shown)."""

    title: Any  # a lazy translation
    template: str
    context: Callable[[Any], dict | None]


dashboard_sections: Door[DashboardSection] = Door(
    "dashboard_sections", "Sections of the coordinators' dashboard: figures below the counts."
)
