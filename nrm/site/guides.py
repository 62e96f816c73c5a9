"""One printable page per frontline role (docs/home.md): what the role does in nrm, the steps
of its stage, the deadlines that bind it and whom to call. The words are translatable; the
steps of stage A and every deadline come from the jurisdiction profile, never literals, so a
new profile version changes the guide without a code change. Served as a print-friendly
page and as a PDF (WeasyPrint)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nrm.jurisdictions import get_profile
from nrm.jurisdictions.citations import sop_section

STAGE_A = "stage_a"  # the steps are the profile's stage-A required actions


@dataclass(frozen=True)
class Guide:
    code: str
    title: object  # lazy
    does: tuple  # what I do in nrm (lazy sentences)
    steps: object  # STAGE_A or a tuple of lazy sentences
    call: tuple  # whom to call (lazy sentences)
    uses: tuple[str, ...] = field(default=())


CALL_FOCAL = _("Your institution's focal point (APAP): for anything you cannot settle alone.")
CALL_SECRETARIAT = _(
    "The AP Technical Secretariat: when a deadline slips or the procedure is unclear."
)
CALL_PMF = _("The child protection worker (PMF) of the municipality: at once, for every child.")
CALL_POLICE = _("The state police: when the person is in danger or a crime must be reported.")
CALL_SHELTER = _("The shelter or emergency centre: when the person needs a safe place tonight.")

GUIDES = (
    Guide(
        "police",
        _("Police officer"),
        (
            _("You meet the person first: you do the initial identification (stage A) in nrm."),
            _(
                "You open the case, record the indicators and what was done, and ask for formal "
                "identification (A5) when the threshold is reached."
            ),
        ),
        STAGE_A,
        (CALL_PMF, CALL_SHELTER, CALL_FOCAL, CALL_SECRETARIAT),
    ),
    Guide(
        "social",
        _("Social worker, child protection worker"),
        (
            _(
                "You identify and protect: you do stage A when you meet the person, and for a "
                "child you lead the protection measures."
            ),
            _(
                "You see on your home page the children assigned to your unit and the deadlines "
                "that are yours."
            ),
        ),
        STAGE_A,
        (CALL_POLICE, CALL_SHELTER, CALL_FOCAL, CALL_SECRETARIAT),
    ),
    Guide(
        "shelter",
        _("Shelter staff"),
        (
            _("You admit the person, keep them safe and record the stay in nrm."),
            _(
                "You take part in the needs assessment and carry out the plan's actions given "
                "to your centre."
            ),
        ),
        (
            _("Accept the referral in the referral inbox and open the case."),
            _("Record the admission and the person's stay; report incidents the same day."),
            _("Take part in the needs assessment and the individual plan."),
            _("Record each plan action your centre carries out, with its date."),
        ),
        (CALL_POLICE, CALL_PMF, CALL_FOCAL, CALL_SECRETARIAT),
    ),
    Guide(
        "focal_point",
        _("Focal point (APAP)"),
        (
            _(
                "You answer for your institution in the mechanism: you receive the requests for "
                "formal identification (A5), the referrals and the plan actions addressed to it."
            ),
            _("Missed deadlines of your colleagues are escalated to you first."),
        ),
        (
            _(
                "Open your home page every morning: deadlines, A5 requests, referrals, plan "
                "actions."
            ),
            _("Take up each A5 request for your institution's seat in the group."),
            _("Accept or decline each referral, and give plan actions to a colleague."),
            _("Follow up every escalated deadline the same day."),
        ),
        (CALL_SECRETARIAT, CALL_PMF, CALL_POLICE),
    ),
    Guide(
        "secretariat",
        _("AP Technical Secretariat"),
        (
            _(
                "You keep the mechanism running: you see every case, monitor the deadlines and "
                "prepare the meetings of the Responsible Authority (AP)."
            ),
            _("You correct the records on request and read who accessed a case."),
        ),
        (
            _("Watch the dashboard and the deadline monitoring; act on every escalation."),
            _("Convene the AP when the group disagrees or a plan awaits its decision."),
            _("Check the reading alerts and the corrections asked for."),
        ),
        (CALL_FOCAL, CALL_PMF, CALL_POLICE),
    ),
)


def guide_get(code: str) -> Guide | None:
    return next((g for g in GUIDES if g.code == code), None)


def audiences(guide: Guide, profile) -> tuple:
    """Whom the guide is for under the profile (its `guides` block: a role, at institutions of
    some types or any): roles and types are the profile's, never literals here."""
    return tuple(a for a in profile.guides if a.guide == guide.code)


def guide_for(actor) -> Guide:
    """The guide of the actor's role at their institution; the first one otherwise."""
    profile = get_profile(settings.NRM_JURISDICTION)
    kind = actor.institution.type if actor is not None and actor.institution else ""
    role = actor.role if actor is not None else ""
    for exact in (True, False):
        for audience in profile.guides:
            if audience.role != role:
                continue
            if exact and audience.institution_types and kind not in audience.institution_types:
                continue
            found = guide_get(audience.guide)
            if found is not None:
                return found
    return GUIDES[0]


def offset_text(offset) -> str:
    n = offset.amount
    words = {
        "immediate": lambda: str(_("immediately")),
        "end_of_day": lambda: str(_("by the end of the day")),
        "minutes": lambda: ngettext("within %(n)d minute", "within %(n)d minutes", n),
        "hours": lambda: ngettext("within %(n)d hour", "within %(n)d hours", n),
        "calendar_days": lambda: ngettext("within %(n)d day", "within %(n)d days", n),
        "working_days": lambda: ngettext(
            "within %(n)d working day", "within %(n)d working days", n
        ),
        "weeks": lambda: ngettext("within %(n)d week", "within %(n)d weeks", n),
        "months": lambda: ngettext("within %(n)d month", "within %(n)d months", n),
        "given": lambda: str(_("by the date set")),
    }
    return words.get(offset.kind, lambda: "")() % {"n": n}


def _binds(rule, audiences) -> bool:
    responsible = rule.responsible
    if rule.kind == "window":
        return False
    for audience in audiences:
        if responsible.role != audience.role:
            continue
        if not audience.institution_types or responsible.institution != "type":
            return True
        if set(responsible.institution_types) & set(audience.institution_types):
            return True
    return False


def guide_context(guide: Guide, language: str) -> dict:
    """What the page shows: the profile's stage-A steps and the deadlines that bind the role
    (title, when, the SOP section), in `language`."""
    profile = get_profile(settings.NRM_JURISDICTION)
    if guide.steps == STAGE_A and profile.initial_identification is not None:
        steps = [a.name.get(language) for a in profile.initial_identification.required_actions]
    else:
        steps = [str(s) for s in guide.steps] if guide.steps != STAGE_A else []
    deadlines = [
        {
            "title": rule.title.get(language),
            "when": offset_text(rule.offset),
            "child": rule.applies_to == "child",
            "sop": sop_section(rule.sop),
        }
        for rule in (profile.deadlines.rules if profile.deadlines else ())
        if _binds(rule, audiences(guide, profile))
    ]
    return {
        "guide": guide,
        "guides": GUIDES,
        "does": [str(s) for s in guide.does],
        "steps": steps,
        "deadlines": deadlines,
        "call": [str(s) for s in guide.call],
        "profile_title": profile.title.get(language),
    }
