"""What formal identification contributes to the doors (read in `ready()`): its link on
the case page, its sections of the person's data export, the demo's walk through stage C,
the deadline events its services emit, the profile codes its code names, its audit codes,
the registry's `decision_paths` entry "group" (who records the group's B3) and the
meetings' purpose "ap_disagreement" (the AP's binding decision when the group disagrees)."""

from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.deadlines.doors import add_notices
from nrm.identification import rules, selectors, services
from nrm.identification.audit_codes import IdentificationCode
from nrm.identification.demo import demo_walk
from nrm.identification.notices import NOTICES
from nrm.jurisdictions.doors import RequiredCodes, codes_of, event_producers, required_codes
from nrm.meetings.doors import MeetingPurpose, meeting_purposes
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.identification"

EVENTS = [
    "formal_identification_group_intervened",
    "formal_interview_started",
    "formal_interview_ended",
    "formal_identification_decided",
    "formal_identification_no_consensus",
    "no_consensus_file_sent_to_ap",
    "decision_sent_to_ap",
    "decision_notified",
    "ap_disagreement_meeting_held",
    "ap_status_decided",
    "ap_decision_communicated",
]


def identification_link(request, case) -> dict | None:
    if not selectors.group_of(actor=request.actor, case=case):
        return None
    return {}


def export_interviews(actor, case, language) -> list[dict]:
    return [
        {
            "form": i.form,
            "status": i.status,
            "scheduled_at": iso(i.scheduled_at),
            "started_at": iso(i.started_at),
            "ended_at": iso(i.ended_at),
            "minutes": i.minutes,
            "rights_explained": list(i.rights),
        }
        for i in selectors.interview_list(actor=actor, case=case)
    ]


def export_decisions(actor, case, language) -> list[dict]:
    return [
        {
            "form": "B3",
            "outcome": d.outcome,
            "consensus": d.consensus,
            "decided_on": d.decided_on.isoformat(),
            "notified_on": d.notified_on.isoformat() if d.notified_on else None,
            "ap_outcome": d.ap_outcome or None,
        }
        for d in selectors.decision_list(actor=actor, case=case)
    ]


def _block(getter):
    return lambda p: getter(p.formal_identification) if p.formal_identification else None


def contribute() -> None:
    add_notices(NOTICES, app=APP)
    audit_codes.add(IdentificationCode, code="identification", app=APP)
    event_producers.add(lambda profile: EVENTS, code="identification", app=APP)
    doors.case_panels.add(
        doors.CasePanel(
            "identification/_case_link.html", identification_link, slot=doors.SLOT_LINKS
        ),
        code="identification.link",
        app=APP,
    )
    for order, (key, collect) in enumerate(
        (("formal_interviews", export_interviews), ("group_decisions", export_decisions))
    ):
        doors.person_export_sections.add(
            doors.ExportSection(key, collect, f"identification/export/{key}.html"),
            code=key,
            app=APP,
            order=200 + order,
        )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="identification", app=APP, order=20)
    meeting_purposes.add(
        MeetingPurpose(
            body=services.AP_BODY,
            label=lambda: gettext_lazy(
                "The file without consensus of the formal identification group"
            ),
            outcomes=services.ap_outcomes,
            on_decision=services.ap_meeting_decided,
            on_held=services.ap_meeting_held,
        ),
        code=services.AP_PURPOSE,
        app=APP,
    )
    doors.decision_paths.add(
        doors.DecisionPath(may_record=selectors.may_record_group_decision),
        code=rules.GROUP_PATH,
        app=APP,
    )
    for where, codes, vocabulary in (
        ("formal_identification.system_checks", rules.SYSTEM_CHECKS, lambda b: b.system_checks),
        ("formal_identification.conditions", rules.CONDITIONS, lambda b: b.conditions),
        ("formal_identification.participant_roles", rules.ROLES, lambda b: b.participant_roles),
        ("formal_identification.outcomes", rules.OUTCOMES, lambda b: b.outcomes),
        ("formal_identification.documents", rules.DOCUMENTS, lambda b: b.documents),
    ):
        required_codes.add(
            RequiredCodes(where, codes, _block(lambda b, v=vocabulary: codes_of(v(b))), True),
            code=f"identification.{where.split('.')[-1]}",
            app=APP,
        )
    required_codes.add(
        RequiredCodes(
            "status_authorities",
            (rules.GROUP_KIND, rules.AP_KIND),
            lambda p: codes_of(p.status_authorities),
        ),
        code="identification.status_authorities",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            "identification_statuses", rules.OUTCOMES, lambda p: codes_of(p.identification_statuses)
        ),
        code="identification.statuses",
        app=APP,
    )
