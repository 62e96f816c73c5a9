"""What the database holds, to prove that a refused request or a failed service saved nothing."""

from django.apps import apps
from django.db import connection

# Written by the framework around a request, not by nrm: sessions at log-in, django-axes'
# record of log-in attempts, the task queue.
FRAMEWORK = ("sessions.", "axes.", "django_tasks_db.", "admin.logentry")


def models(*, framework: bool = False):
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        if not framework and model._meta.label_lower.startswith(FRAMEWORK):
            continue
        yield model


def row_counts(*, framework: bool = False) -> dict[str, int]:
    """Rows of every model."""
    return {m._meta.label: m.objects.count() for m in models(framework=framework)}


def table_snapshot(*, framework: bool = False) -> dict[str, list[tuple]]:
    """Every row of every table, every column, straight from SQL (no model code): equal
    snapshots mean nothing was inserted, changed or deleted."""
    tables = {m._meta.db_table for m in models(framework=framework)}
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the models
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


def differences(before: dict, after: dict) -> list[str]:
    return [
        name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)
    ]
