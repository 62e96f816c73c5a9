"""What initial identification contributes to the doors of the registry and the profile
loader (read in `ready()`): its link on the case page, its sections of the person's data
export, the cases its A5 addresses to a group, the `screening` block of a new case, the
demo's walk through stage A, the deadline events its services emit, and the profile codes
its code names."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.consent.selectors import suspicion_sources
from nrm.deadlines.doors import add_notices
from nrm.jurisdictions.doors import RequiredCodes, codes_of, event_producers, required_codes
from nrm.registry import doors
from nrm.registry.person_rights.export import iso
from nrm.registry.services import profile_of
from nrm.screening import rules, selectors
from nrm.screening.audit_codes import ScreeningCode
from nrm.screening.demo import demo_walk
from nrm.screening.notices import NOTICES
from nrm.screening.schemas import ScreeningIn
from nrm.screening.services import identification_start
from nrm.screening.services.common import (
    ASSESS_INDICATORS,
    FORMAL_IDENTIFICATION,
    SUPPORT_FORMAL_IDENTIFICATION,
)

APP = "nrm.screening"


def identification_link(request, case) -> dict:
    return {}


def export_screenings(actor, case, language) -> list[dict]:
    profile = profile_of(case)
    indicators: dict[str, str] = {}
    for catalogue in profile.indicator_catalogues:
        for code, (_group, indicator) in catalogue.indicators().items():
            indicators[code] = indicator.text.get(language)
    return [
        {
            "submitted_at": iso(s.submitted_at),
            "catalogue": f"{s.catalogue} v{s.catalogue_version}",
            "indicators": [
                {"code": code, "text": indicators.get(code, "")} for code in s.indicators
            ],
            "decision": s.decision,
        }
        for s in selectors.screening_list(actor=actor, case=case)
    ]


def export_interviews(actor, case, language) -> list[dict]:
    return [
        {
            "form": i.form,
            "status": i.status,
            "scheduled_at": iso(i.scheduled_at),
            "held_at": iso(i.held_at),
            "institution": i.institution.name if i.institution else "",
        }
        for i in selectors.interview_list(actor=actor, case=case)
    ]


def start_case(
    *, actor, person, owner_institution, block: dict, check_duplicates=False, duplicate_reason=""
):
    case, _screening = identification_start(
        actor=actor,
        person=person,
        owner_institution=owner_institution,
        check_duplicates=check_duplicates,
        duplicate_reason=duplicate_reason,
        **block,
    )
    return case


def screening_events(profile) -> list[str]:
    """The deadline events stage A's services emit: the screening's outcome
    (`screening_submit`), an interview held (`interview_hold`), the A5 sent
    (`formal_identification_request`), the investigation
    information shared and forwarded (`investigation_information_record`), and the event
    of each stage-A action or basic need the profile links to one (`checklist_record`)."""
    events = [
        "potential_victim_identified",
        "interview_conducted",
        "investigation_information_shared",
        "investigation_information_forwarded_to_police",
        "formal_identification_requested",
    ]
    stage = profile.initial_identification
    if stage is not None:
        events += [i.emits for i in (*stage.required_actions, *stage.basic_needs) if i.emits]
    return events


def _identification_states(profile):
    try:
        return codes_of(profile.procedure(rules.IDENTIFICATION).states)
    except KeyError:
        return ()


def home_requests(actor) -> dict | None:
    """A5 requests addressed to the actor's institution (shown only when there are some)."""
    rows = selectors.requests_addressed_home(actor=actor, limit=doors.HOME_ROWS)
    if not rows:
        return None
    return {"requests": rows[: doors.HOME_ROWS], "more": len(rows) > doors.HOME_ROWS}


def contribute() -> None:
    audit_codes.add(ScreeningCode, code="screening", app=APP)
    add_notices(NOTICES, app=APP)
    event_producers.add(screening_events, code="screening", app=APP)
    # The consent registry sits below this app: it learns of the initial interview's
    # "parent or guardian suspected" flag through this reader (docs/consent.md).
    suspicion_sources.add(selectors.parent_guardian_suspected_at, code="screening.a3", app=APP)
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("Requests for formal identification (A5) to your institution"),
            "screening/_home_requests.html",
            home_requests,
        ),
        code="screening.requests",
        app=APP,
        order=20,
    )
    doors.case_panels.add(
        doors.CasePanel("screening/_case_link.html", identification_link, slot=doors.SLOT_LINKS),
        code="screening.link",
        app=APP,
    )
    for order, (key, collect, template) in enumerate(
        (
            ("screenings", export_screenings, "screening/export/screenings.html"),
            ("interviews", export_interviews, "screening/export/interviews.html"),
        )
    ):
        doors.person_export_sections.add(
            doors.ExportSection(key, collect, template), code=key, app=APP, order=100 + order
        )
    doors.addressed_cases.add(
        lambda institution_id: selectors.addressed_case_ids(institution_id=institution_id),
        code="screening.a5",
        app=APP,
    )
    doors.case_intakes.add(
        doors.CaseIntake(
            "screening",
            ScreeningIn,
            start_case,
            gettext_lazy("Opens the case with its first screening (initial identification)"),
        ),
        code="screening",
        app=APP,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="screening", app=APP, order=10)
    required_codes.add(
        RequiredCodes("stages", (FORMAL_IDENTIFICATION,), lambda p: codes_of(p.stages)),
        code="screening.stages",
        app=APP,
    )
    required_codes.add(
        RequiredCodes("procedures", (rules.IDENTIFICATION,), lambda p: codes_of(p.procedures)),
        code="screening.procedures",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            f"procedures.{rules.IDENTIFICATION}.states",
            (rules.INITIAL_STATE, rules.FORMAL_STATE),
            _identification_states,
        ),
        code="screening.identification_states",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            "identification_statuses",
            (rules.POTENTIAL_VICTIM, rules.NONE),
            lambda p: codes_of(p.identification_statuses),
        ),
        code="screening.statuses",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            "initial_identification.required_actions",
            (ASSESS_INDICATORS, SUPPORT_FORMAL_IDENTIFICATION),
            lambda p: (
                codes_of(p.initial_identification.required_actions)
                if p.initial_identification
                else None
            ),
        ),
        code="screening.actions",
        app=APP,
    )
