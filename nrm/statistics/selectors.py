"""Reads of the statistics: who may publish and reconcile, the release log."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.core.errors import DomainError, NotFound
from nrm.jurisdictions.schema import StatisticsRules
from nrm.statistics.error_codes import StatisticsError
from nrm.statistics.models import Release
from nrm.statistics.table import Period

PERIOD_KINDS = ("month", "quarter", "cumulative", "year")


def statistics_rules(profile) -> StatisticsRules:
    """The profile's `statistics` block, or its defaults when the profile has none."""
    return profile.statistics or StatisticsRules()


def suppression_thresholds(profile) -> dict:
    """The profile's disclosure thresholds as a release records them (`disclosure.rules_of`
    turns them into the rules the pages and the releases apply)."""
    return statistics_rules(profile).suppression.model_dump()


def may_publish(actor) -> bool:
    """The statistics capability (the AP secretariat): publish, reproduce, reconcile."""
    return actor is not None and actor.can(Capability.STATISTICS_PUBLISH)


def refused(code: StatisticsError, field: str) -> DomainError:
    return DomainError(fields={field: [str(code.label)]}, code=code)


def release_list(*, actor):
    if not may_publish(actor):
        return Release.objects.none()
    return Release.objects.select_related("released_by")


def release_get(*, actor, id: int) -> Release:
    try:
        return release_list(actor=actor).get(pk=id)
    except (Release.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def period_make(kind: str, year: int, number: int = 1) -> Period:
    """A period from a form: a month (1–12), a quarter (1–4), a cumulative period of
    `number` quarters from January, or a year."""
    errors = StatisticsError.BAD_PERIOD
    try:
        if kind == "month":
            start = date(year, number, 1)
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        elif kind in ("quarter", "cumulative"):
            if not 1 <= number <= 4:
                raise ValueError
            start = date(year, 1 if kind == "cumulative" else 3 * number - 2, 1)
            last = 3 * number
            end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
        elif kind == "year":
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
        else:
            raise ValueError
    except (ValueError, OverflowError):
        raise refused(errors, "period") from None
    return Period(kind, start, end - timedelta(days=1))


def release_title(release: Release) -> str:
    return release.output.get("labels", {}).get("title") or _("Table %(code)s") % {
        "code": release.code
    }
