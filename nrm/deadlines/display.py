"""What a page shows of a deadline: its rule's words in the page's language, a status
label, whether it is overdue or at risk, and whether the reader may open its case."""

from django.utils import timezone
from django.utils.translation import gettext as _

from nrm.core import clock
from nrm.core.language import current_language
from nrm.deadlines import selectors
from nrm.deadlines.doors import notice_kinds
from nrm.deadlines.models import Status
from nrm.jurisdictions.citations import sop_section


def status_label(d, rule, now) -> str:
    window = rule is not None and rule.kind == "window"
    if d.status == Status.OPEN:
        return _("overdue") if d.due_at <= now else _("open")
    if d.status == Status.MET:
        if window:
            return _("used")
        return _("met on time") if d.met_at <= d.due_at else _("met late")
    if d.status == Status.MISSED:
        if window:
            return _("expired")
        if d.met_at is not None:
            return _("met late")
        return _("missed")
    return _("cancelled")


def annotate(actor, deadlines) -> list:
    rows = list(deadlines)
    visible = selectors.deadline_visible_case_ids(
        actor=actor, case_ids={d.case_id for d in rows if d.case_id}
    )
    language = current_language()
    now = clock.now()
    for d in rows:
        rule = selectors.rule_of(d)
        d.title = rule.title.get(language) if rule else d.rule
        d.action = rule.action.get(language) if rule else ""
        d.sop = sop_section(rule.sop) if rule else ""  # the section, not seed lines
        d.kind = rule.kind if rule else "obligation"
        d.case_visible = d.case_id in visible
        d.now = now  # the engine's clock, for "in 2 days" / "overdue by 3 hours"
        d.overdue = d.status == Status.MISSED or (d.status == Status.OPEN and d.due_at <= now)
        d.at_risk = (
            not d.overdue
            and d.status == Status.OPEN
            and d.at_risk_at is not None
            and d.at_risk_at <= now
        )
        d.status_label = status_label(d, rule, now)
    return rows


def urgency(d, now) -> str:
    """overdue, today or week: the home page's groups, by the user's local day."""
    if d.overdue:
        return "overdue"
    if timezone.localdate(d.due_at) == timezone.localdate(now):
        return "today"
    return "week"


def notice_text(n) -> str:
    """An inbox notice's words in the page's language (the case by reference only)."""
    notice = notice_kinds.get(n.kind)
    return str(notice.text) % {"ref": n.case_reference} if notice else ""
