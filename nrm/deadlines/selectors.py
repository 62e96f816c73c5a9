"""Every read of deadlines and notifications, scoped by the user who asks.

`deadline_scope` decides who sees which deadline, and denies by default: the deadlines of
the cases the actor may see (registry scope), plus those the actor must act on (their
role at their institution is the responsible one) or has been notified about. So a child
protection worker sees the 72-hour plan of a child they are responsible for, by reference,
even before the case is shared with their unit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from nrm.accounts.capabilities import Capability
from nrm.core import clock
from nrm.deadlines.models import Deadline, Notification, NotificationPreference, Status
from nrm.deadlines.producers import inactive_rules
from nrm.jurisdictions import get_profile, profile_registry
from nrm.jurisdictions.schema import DeadlineRule
from nrm.registry.selectors import case_in_scope, case_scope


def _authenticated(actor) -> bool:
    return actor is not None and actor.user is not None and actor.user.is_authenticated


def _own_q(actor) -> Q:
    q = Q(pk__in=Notification.objects.filter(recipient=actor.user).values("deadline_id"))
    if actor.institution_id and actor.role:
        q |= Q(responsible_institution_id=actor.institution_id, responsible_role=actor.role)
    return q


def deadline_scope(*, actor) -> QuerySet[Deadline]:
    if not _authenticated(actor):
        return Deadline.objects.none()
    if actor.can(Capability.CASE_READ_ALL):
        return Deadline.objects.all()
    visible = Q(case__in=case_scope(actor=actor)) if actor.can(Capability.CASE_READ) else Q()
    own = _own_q(actor)
    return Deadline.objects.filter(visible | own if visible else own)


# Still to be done: open, or missed and neither met late nor lapsed.
UNFULFILLED = Q(status=Status.OPEN) | Q(
    status=Status.MISSED, met_at__isnull=True, cancelled_at__isnull=True
)


def deadline_list_mine(*, actor) -> QuerySet[Deadline]:
    """What the actor has to do or has been told about, most urgent first: overdue, then
    by due moment."""
    if not _authenticated(actor):
        return Deadline.objects.none()
    return (
        Deadline.objects.filter(UNFULFILLED)
        .filter(_own_q(actor))
        # A missed maximum duration or a lapsed window leaves nothing to do.
        .exclude(status=Status.MISSED, rule__in=passive_rule_codes())
        .select_related("case", "responsible_institution")
        .order_by("due_at", "id")
    )


def deadline_list_for_case(*, actor, case) -> QuerySet[Deadline]:
    """`case` must come from the registry's case_get / case_open (scope already checked)."""
    case = case_in_scope(actor=actor, case=case)
    return (
        Deadline.objects.filter(case=case)
        .select_related("responsible_institution")
        .order_by("due_at", "id")
    )


def deadline_visible_case_ids(*, actor, case_ids) -> set[int]:
    """Which of these cases the actor may open (to link a reference or not)."""
    return set(case_scope(actor=actor).filter(id__in=list(case_ids)).values_list("id", flat=True))


def rule_of(deadline: Deadline) -> DeadlineRule | None:
    try:
        return get_profile(deadline.profile_code, deadline.profile_version).deadline_rule(
            deadline.rule
        )
    except KeyError:
        return None


def notification_list(*, actor) -> QuerySet[Notification]:
    if not _authenticated(actor):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=actor.user)
        .select_related("deadline")
        .order_by("-created_at", "-id")
    )


def notification_unread_count(*, actor) -> int:
    if not _authenticated(actor):
        return 0
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).count()


def notification_channel(*, actor) -> str:
    pref = NotificationPreference.objects.filter(user=actor.user).first()
    return pref.channel if pref else NotificationPreference._meta.get_field("channel").default


# --- Monitoring figures (the AP dashboard) ---------------------------------------------


def _rule_codes(kinds: tuple[str, ...]) -> set[str]:
    return {
        rule.code
        for profile in profile_registry().values()
        if profile.deadlines is not None
        for rule in profile.deadlines.rules
        if rule.kind in kinds
    }


def window_rule_codes() -> set[str]:
    """Rules that are the person's periods, not institutions' duties (the appeal window)."""
    return _rule_codes(("window",))


def passive_rule_codes() -> set[str]:
    """Rules that are recorded, not reminded: maximum durations and windows."""
    return _rule_codes(("limit", "window"))


@dataclass
class Figures:
    key: str
    label: str
    open: int = 0
    at_risk: int = 0
    met: int = 0
    on_time: int = 0
    missed: int = 0
    cancelled: int = 0

    @property
    def closed(self) -> int:
        return self.met + self.missed

    @property
    def on_time_rate(self) -> float | None:
        """Share of closed deadlines met by their due moment; None when none closed."""
        return self.on_time / self.closed if self.closed else None

    @property
    def on_time_percent(self) -> int | None:
        rate = self.on_time_rate
        return None if rate is None else round(rate * 100)


def _counts(now: datetime) -> dict:
    overdue = Q(status=Status.OPEN, due_at__lte=now)
    return {
        "n_open": Count("id", filter=Q(status=Status.OPEN, due_at__gt=now)),
        "n_at_risk": Count("id", filter=Q(status=Status.OPEN, due_at__gt=now, at_risk_at__lte=now)),
        "n_met": Count("id", filter=Q(status=Status.MET)),
        "n_on_time": Count("id", filter=Q(status=Status.MET, met_at__lte=F("due_at"))),
        # Overdue but not yet seen by the scan counts as missed.
        "n_missed": Count("id", filter=Q(status=Status.MISSED) | overdue),
        "n_cancelled": Count("id", filter=Q(status=Status.CANCELLED)),
    }


def _fill(figures: Figures, row: dict) -> Figures:
    figures.open, figures.at_risk = row["n_open"], row["n_at_risk"]
    figures.met, figures.on_time = row["n_met"], row["n_on_time"]
    figures.missed, figures.cancelled = row["n_missed"], row["n_cancelled"]
    return figures


def deadline_figures(*, actor, now: datetime, language: str = "sq", months: int = 12) -> dict:
    """Open, at-risk, met, on-time, missed and cancelled deadlines per institution, county
    and rule, the totals, and the on-time rate by month of the due moment (last `months`)."""
    profile = get_profile(settings.NRM_JURISDICTION)
    inactive = inactive_rules(profile)
    # Inactive rules are not counted: nothing in this version can meet them (listed apart).
    qs = deadline_scope(actor=actor).exclude(rule__in=window_rule_codes() | set(inactive))
    counts = _counts(now)

    total = _fill(Figures("all", ""), qs.aggregate(**counts))
    by_institution = [
        _fill(
            Figures(
                str(row["responsible_institution__code"] or ""),
                row["responsible_institution__name"] or "—",
            ),
            row,
        )
        for row in qs.values("responsible_institution__code", "responsible_institution__name")
        .annotate(**counts)
        .order_by("responsible_institution__name")
    ]
    by_county = []
    for row in qs.values("county").annotate(**counts).order_by("county"):
        try:
            label = profile.county(row["county"]).name.get(language)
        except KeyError:
            label = row["county"] or "—"
        by_county.append(_fill(Figures(row["county"], label), row))
    by_rule = []
    for row in qs.values("rule").annotate(**counts).order_by("rule"):
        try:
            label = profile.deadline_rule(row["rule"]).title.get(language)
        except KeyError:
            label = row["rule"]
        by_rule.append(_fill(Figures(row["rule"], label), row))
    zone = ZoneInfo(profile.calendar.time_zone)
    start = clock.month_start(now.astimezone(zone), months - 1)
    by_month = []
    monthly = (
        qs.filter(due_at__gte=start, due_at__lte=now, status__in=[Status.MET, Status.MISSED])
        .annotate(month=TruncMonth("due_at", tzinfo=zone))
        .values("month")
        .annotate(**counts)
        .order_by("month")
    )
    found = {row["month"].date().replace(day=1): row for row in monthly}
    cursor = start.date()
    for _i in range(months):
        row = found.get(cursor)
        figures = Figures(cursor.strftime("%Y-%m"), cursor.strftime("%m.%Y"))
        by_month.append(_fill(figures, row) if row else figures)
        cursor = _next_month(cursor)
    return {
        "total": total,
        "institution": by_institution,
        "county": by_county,
        "rule": by_rule,
        "month": by_month,
        "inactive": inactive_list(profile, language=language),
    }


@dataclass
class InactiveRule:
    code: str
    title: str
    missing: list[str]  # the names of the events nothing in this version records


def inactive_list(profile, *, language: str = "sq") -> list[InactiveRule]:
    """The profile's rules that open nothing in this version, with the reason."""
    if profile.deadlines is None:
        return []
    rows = []
    for code, why in inactive_rules(profile).items():
        names = []
        for event in why.missing:
            try:
                names.append(profile.deadlines.event(event).name.get(language))
            except KeyError:
                names.append(event)
        rows.append(InactiveRule(code, why.rule.title.get(language), names))
    return rows


def _next_month(day):
    return clock.add_months(day, 1)


# --- the "My work" home page (docs/home.md) --------------------------------------------------

HOME_DAYS = 7  # "this week": due within seven days of now


def deadline_list_home(*, actor, now: datetime, limit: int) -> list[Deadline]:
    """The actor's deadlines that are overdue or fall due within HOME_DAYS, most urgent
    first; at most `limit` + 1 (to say "more")."""
    horizon = now + timedelta(days=HOME_DAYS)
    return list(deadline_list_mine(actor=actor).filter(due_at__lt=horizon)[: limit + 1])


def notification_list_unread(*, actor, limit: int) -> list[Notification]:
    return list(notification_list(actor=actor).filter(read_at__isnull=True)[: limit + 1])
