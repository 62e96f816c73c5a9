"""Keeping CaseTally true. Called only from registry services (and the bulk generator),
inside their transaction."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from nrm.registry.models import Case, CaseTally

KEY_FIELDS = ("owner_institution_id", "county", "stage", "identification_status", "is_child")


def key_of(case: Case) -> tuple:
    return tuple(getattr(case, f) for f in KEY_FIELDS)


def tally_add(key: tuple, delta: int) -> None:
    lookup = dict(zip(KEY_FIELDS, key, strict=True))
    if CaseTally.objects.filter(**lookup).update(n=F("n") + delta):
        return
    try:
        with transaction.atomic():  # savepoint: a concurrent creator may win the insert
            CaseTally.objects.create(n=delta, **lookup)
    except IntegrityError:
        CaseTally.objects.filter(**lookup).update(n=F("n") + delta)


def tally_move(before: tuple, after: tuple) -> None:
    if before != after:
        tally_add(before, -1)
        tally_add(after, +1)


def tally_add_many(cases) -> None:
    for key, n in Counter(key_of(c) for c in cases).items():
        tally_add(key, n)


def tally_rebuild() -> int:
    """Recomputes every tally from the cases (after a restore or an import)."""
    from django.db.models import Count

    with transaction.atomic():
        CaseTally.objects.all().delete()
        rows = Case.objects.order_by().values(*KEY_FIELDS).annotate(n=Count("id"))
        CaseTally.objects.bulk_create(CaseTally(**row) for row in rows)
    return CaseTally.objects.aggregate(total=Sum("n"))["total"] or 0
