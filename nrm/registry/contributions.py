"""The registry's own panel on its case page door: the person's rights (the export of their
data, the corrections and their form), loaded when opened; and the deadline events its
services emit (`event_producers`)."""

from django.utils.translation import gettext_lazy

from nrm.accounts.capabilities import Capability
from nrm.audit.doors import audit_codes
from nrm.core import clock
from nrm.core.language import current_language
from nrm.jurisdictions.doors import event_producers, profile_checks
from nrm.jurisdictions.references import report
from nrm.registry import doors, person_rights, selectors, services
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.sensitivity import case_visibility

APP = "nrm.registry"


def rights_panel(request, case) -> dict:
    """`case` comes from case_open, so the scope check is made."""
    actor = request.actor
    visibility = case_visibility(actor, case)
    corrections = person_rights.correction_list(actor=actor, case=case)
    return {
        "person": case.person,
        "can": actor.can(Capability.PERSON_RIGHTS),
        # Old and new values take the class of the corrected field (hidden: "restricted").
        "corrections": [visibility.redact(c) for c in corrections],
        "requesters": person_rights.requesters(case=case, language=current_language()),
        "fields": [(code, label) for code, (label, _kind) in person_rights.CORRECTABLE.items()],
    }


def home_new_children(actor) -> dict | None:
    """Children new in the actor's scope this week (shown only when there are some)."""
    rows = selectors.home_new_children(actor=actor, now=clock.now(), limit=doors.HOME_ROWS)
    if not rows:
        return None
    return {"cases": rows[: doors.HOME_ROWS], "more": len(rows) > doors.HOME_ROWS}


def home_my_cases(actor) -> dict | None:
    if not actor.can(Capability.CASE_READ):
        return None
    rows = selectors.home_my_cases(actor=actor, limit=doors.HOME_ROWS)
    return {"cases": rows[: doors.HOME_ROWS], "more": len(rows) > doors.HOME_ROWS}


def registry_events(profile) -> list[str]:
    """What `services.case_event` tells the stages: a child or a foreign national
    identified (case_create, a correction), a child's presumption lifted (a correction),
    and each stage's `emits_on_entry` (a procedure's move that changes the stage, closing)."""
    events = ["child_identified", "foreign_national_identified", "child_presumption_lifted"]
    return events + [s.emits_on_entry for s in profile.stages if s.emits_on_entry]


def check_decision_paths(profile, add) -> None:
    """nrm.E070: a status kind's `path` other than "decision" or "screening" names a
    `decision_paths` entry that a stage app contributes (who records it for a case)."""
    known = {code for code, _app, _item in doors.decision_paths.entries()}
    for i, kind in enumerate(profile.status_authorities):
        if kind.path in (services.DECISION_PATH, services.SCREENING_PATH):
            continue
        if kind.path not in known:
            add(
                "nrm.E070",
                f"{kind.code}: no app answers the path {kind.path!r}",
                ("status_authorities", i),
            )
        if kind.recorded_by:
            add(
                "nrm.E070",
                f"{kind.code}: the path {kind.path!r} decides who records it",
                ("status_authorities", i),
            )


def check_duplicate_roles(profile, add) -> None:
    """nrm.E073: the roles the duplicate warning notifies are roles of the profile."""
    check = profile.duplicate_check
    if check is None:
        return
    for key in ("notify_roles", "notify_owner_roles"):
        where = ("duplicate_check", key)
        roles = getattr(check, key)
        report(add, "nrm.E073", profile, "role", roles, ".".join(where), where, indexed=True)


def contribute() -> None:
    profile_checks.add(check_decision_paths, code="registry.decision_paths", app=APP)
    profile_checks.add(check_duplicate_roles, code="registry.duplicate_check", app=APP)
    audit_codes.add(RegistryCode, code="registry", app=APP)
    event_producers.add(registry_events, code="registry", app=APP)
    doors.home_sections.add(
        doors.HomeSection(
            gettext_lazy("New children"), "registry/_home_children.html", home_new_children
        ),
        code="registry.new-children",
        app=APP,
        order=40,
    )
    doors.home_sections.add(
        doors.HomeSection(gettext_lazy("My cases"), "registry/_home_cases.html", home_my_cases),
        code="registry.my-cases",
        app=APP,
        order=900,
    )
    doors.case_panels.add(
        doors.CasePanel(
            "registry/_person_rights.html",
            rights_panel,
            lazy=True,
            title=gettext_lazy("The person's data"),
        ),
        code="registry.person-rights",
        app=APP,
        order=200,
    )
