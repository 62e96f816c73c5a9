"""Retention: when a closed case is past its period, and anonymising it.

A case's period comes from its profile's `retention` block (by the identification status
it closed with) and runs from `Case.closed_at`, the moment of the status-history row into
the closing stage. `case_anonymise` is the write (one transaction, one audit event);
`retention_anonymise` is the worker's batch (`nrm.registry.jobs`). Statistics keep working:
stage, status, sex, citizenship, `is_child`, county, owner, deadlines and `CaseTally` are
untouched; identity, contact and every encrypted free text of the case's records go.

Which records hold encrypted free text is found from the app registry: every model with an
`EncryptedTextField` and a chain of foreign keys to the case (or, failing that, to the
person), so a new app's notes are anonymised without a list to keep up to date.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.apps import apps
from django.db import models, transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.crypto import EncryptedTextField
from nrm.core.errors import Conflict, Forbidden
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.registry import profile_registry
from nrm.jurisdictions.schema import Profile, Retention
from nrm.registry import rules
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.error_codes import RegistryError
from nrm.registry.models import Case, Person, PersonNameToken
from nrm.registry.selectors import case_get

log = logging.getLogger("nrm.retention")

# --- pure ----------------------------------------------------------------------------------


def retention_ends(case: Case, retention: Retention) -> datetime | None:
    """When the case's period ends; None while it is not closed."""
    if case.closed_at is None or case.stage != retention.closing_stage:
        return None
    period = retention.period_for(case.identification_status)
    return clock.add_months(case.closed_at, period.total_months)


def age_group(age: int | None, bounds: tuple[int, ...]) -> str:
    """'18-24' for 20 with bounds (0, 12, 15, 18, 25, …); '65+' past the last; '' unknown."""
    if age is None:
        return ""
    lower = [b for b in bounds if b <= age]
    if not lower:
        return ""
    lo = lower[-1]
    higher = [b for b in bounds if b > lo]
    return f"{lo}-{higher[0] - 1}" if higher else f"{lo}+"


# --- which records hold encrypted free text -----------------------------------------------


@dataclass(frozen=True)
class Holder:
    """A model with encrypted text and the lookup from it to the case or the person."""

    model: type[models.Model]
    path: str  # e.g. "case", "interview__case", "person"
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label


def _path_to(model, target, depth: int = 3, seen=()) -> str | None:
    """The shortest chain of forward foreign keys from `model` to `target`."""
    frontier = [(model, "")]
    visited = {model, *seen}
    for _level in range(depth):
        following = []
        for current, prefix in frontier:
            for f in current._meta.concrete_fields:
                if not isinstance(f, models.ForeignKey) or f.related_model is None:
                    continue
                path = f"{prefix}__{f.name}" if prefix else f.name
                if f.related_model is target:
                    return path
                if f.related_model not in visited:
                    visited.add(f.related_model)
                    following.append((f.related_model, path))
        frontier = following
    return None


@lru_cache(maxsize=1)
def holders() -> tuple[tuple[Holder, ...], tuple[Holder, ...]]:
    """(records reached through the case, records reached only through the person)."""
    by_case: list[Holder] = []
    by_person: list[Holder] = []
    for model in apps.get_models():
        if model in (Case, Person):
            continue
        fields = tuple(
            f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        )
        if not fields:
            continue
        for target, found in ((Case, by_case), (Person, by_person)):
            paths = _direct_paths(model, target) or [_path_to(model, target)]
            if paths[0] is not None:
                # every direct key counts: a link between two persons is erased when
                # either of them is anonymised
                found.extend(Holder(model, path, fields) for path in paths)
                break
    return tuple(by_case), tuple(by_person)


def _direct_paths(model, target) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is target
    ]


def _erase(holder: Holder, **lookup) -> int:
    return holder.model._default_manager.filter(**lookup).update(**dict.fromkeys(holder.fields, ""))


# --- the write ----------------------------------------------------------------------------

PERSON_ERASED = ("given_name", "family_name", "date_of_birth", "phone", "email", "address")


def _profile_of(case: Case) -> Profile:

    return get_profile(case.profile_code, case.profile_version)


def _age_at_identification(person: Person) -> int | None:
    first = person.cases.aggregate(first=Min("created_at"))["first"]
    if person.date_of_birth:
        born = date.fromisoformat(person.date_of_birth)
        return rules.age_on(born, first.date() if first else clock.today())
    return person.estimated_age


def _person_anonymise(person: Person, retention: Retention, now: datetime) -> int:
    person.age_group = age_group(_age_at_identification(person), retention.age_groups)
    for name in PERSON_ERASED:
        setattr(person, name, "")
    person.name_index = ""
    person.estimated_age = None
    person.languages = []
    person.anonymised_at = now
    person.save(
        update_fields=[
            *PERSON_ERASED,
            "name_index",
            "estimated_age",
            "languages",
            "age_group",
            "anonymised_at",
        ]
    )
    PersonNameToken.objects.filter(person=person).delete()  # the name's blind indexes go too
    _by_case, by_person = holders()
    return sum(_erase(h, **{h.path: person.pk}) for h in by_person)


@transaction.atomic
def case_anonymise(*, actor, case_id: int) -> Case:
    """Anonymises a closed case past its retention period. The person's identity goes only
    when every case of theirs is anonymised. Running it again changes nothing."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.PERSON_RIGHTS):
        raise Forbidden()
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if case.anonymised_at is not None:
        return case
    retention = _profile_of(case).retention
    now = clock.now()
    ends = retention_ends(case, retention) if retention else None
    if ends is None or ends > now:
        raise Conflict(
            _("This case is not past its retention period; it cannot be anonymised yet."),
            code=RegistryError.RETENTION_NOT_DUE,
        )
    by_case, _by_person = holders()
    erased = {h.label: n for h in by_case if (n := _erase(h, **{h.path: case.pk}))}
    case.anonymised_at = now
    case.version += 1
    case.save(update_fields=["anonymised_at", "version"])
    person = Person.objects.select_for_update().get(pk=case.person_id)
    person_done = False
    if (
        person.anonymised_at is None
        and not person.cases.filter(anonymised_at__isnull=True).exists()
    ):
        _person_anonymise(person, retention, now)
        person_done = True
    event_record(
        actor=actor,
        code=RegistryCode.ANONYMISED,
        case_id=case.pk,
        target=case,
        data={"records": erased, "person": person_done, "closed_at": case.closed_at.isoformat()},
    )
    return case


# --- the worker's batch -------------------------------------------------------------------


def retention_due_ids(*, now: datetime, limit: int) -> list[int]:
    """Closed cases past their period, oldest closing first, at most `limit`. Reads only
    the partial index `case_retention_due` (closed and not anonymised), per profile version
    and status group, so open cases are never scanned."""

    found: list[tuple[datetime, int]] = []
    for profile in profile_registry().values():
        retention = profile.retention
        if retention is None:
            continue
        base = Case.objects.filter(
            closed_at__isnull=False,
            anonymised_at__isnull=True,
            profile_code=profile.code,
            profile_version=profile.version,
            stage=retention.closing_stage,
        )
        groups = [
            (base.filter(identification_status=status), period)
            for status, period in retention.by_status.items()
        ]
        groups.append(
            (
                base.exclude(identification_status__in=list(retention.by_status)),
                retention.closed_case,
            )
        )
        for qs, period in groups:
            cutoff = clock.add_months(now, -period.total_months)
            rows = qs.filter(closed_at__lte=cutoff).order_by("closed_at", "id")
            found.extend(rows.values_list("closed_at", "id")[:limit])
    return [case_id for _at, case_id in sorted(found)[:limit]]


def retention_anonymise(*, actor, now: datetime | None = None, limit: int | None = None) -> int:
    """Anonymises up to a batch of due cases, each in its own transaction; returns how many."""
    from django.conf import settings

    now = now or clock.now()
    if limit is None:
        retention = get_profile(settings.NRM_JURISDICTION).retention
        limit = retention.batch_size if retention else 0
    done = 0
    for case_id in retention_due_ids(now=now, limit=limit):
        try:
            with clock.override(now):
                case_anonymise(actor=actor, case_id=case_id)
        except Exception:  # one bad case must not stop the batch; it is retried next cycle
            log.exception("anonymising case %s failed", case_id)
            continue
        done += 1
    return done
