"""The export of the monitoring figures: itself an audit event (who exported what)."""

from django.db import transaction

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Forbidden
from nrm.deadlines import selectors
from nrm.deadlines.audit_codes import DeadlineCode

FIGURES_COLUMNS = (
    "dimension",
    "key",
    "label",
    "open",
    "at_risk",
    "met",
    "met_on_time",
    "missed",
    "cancelled",
    "on_time_rate",
)


@transaction.atomic
def deadline_figures_export(*, actor, language: str = "sq") -> list[tuple]:
    """Rows of the dashboard's figures (no personal data, no case references)."""
    if not actor.can(Capability.DEADLINES_MONITOR):
        raise Forbidden()
    figures = selectors.deadline_figures(actor=actor, now=clock.now(), language=language)
    rows = []
    for dimension in ("total", "institution", "county", "rule", "month"):
        items = figures[dimension]
        for f in items if isinstance(items, list) else [items]:
            rate = f.on_time_rate
            rows.append(
                (
                    dimension,
                    f.key,
                    f.label,
                    f.open,
                    f.at_risk,
                    f.met,
                    f.on_time,
                    f.missed,
                    f.cancelled,
                    "" if rate is None else f"{rate:.3f}",
                )
            )
    event_record(actor=actor, code=DeadlineCode.FIGURES_EXPORTED, data={"rows": len(rows)})
    return rows
