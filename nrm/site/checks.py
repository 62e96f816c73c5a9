"""Start-up checks with stable codes. `nrm serve` and `nrm worker` refuse to start on errors."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from nrm.jurisdictions.registry import ProfileError, profile_registry
from nrm.site.models import InstanceJurisdiction


@checks.register()
def profiles_valid(app_configs=None, **kwargs):

    try:
        profiles = profile_registry()
    except ProfileError as exc:
        return [checks.Error(str(p), id=p.code) for p in exc.problems]
    if not any(p.code == settings.NRM_JURISDICTION for p in profiles.values()):
        return [
            checks.Error(
                f"no profile for NRM_JURISDICTION={settings.NRM_JURISDICTION!r}", id="nrm.E010"
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def production_mode(app_configs=None, **kwargs):
    problems = []
    if not settings.PRODUCTION:
        problems.append(
            checks.Warning(
                "NRM_MODE is not production: keys may come from the data directory"
                + (" and the demo accounts can log in." if settings.DEMO_MODE else "."),
                id="nrm.W001",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and settings.PRODUCTION:
        problems.append(
            checks.Warning("production should run on PostgreSQL (DATABASE_URL).", id="nrm.W002")
        )
    return problems


def jurisdiction_recorded() -> str | None:
    """The jurisdiction the database was made for (nrm.site.models), or None: not migrated
    yet, or no record (a flushed test database)."""
    try:
        return InstanceJurisdiction.objects.values_list("jurisdiction", flat=True).first()
    except DatabaseError:
        return None  # the table is not there yet: the first migrate records it


@checks.register()
def instance_jurisdiction(app_configs=None, **kwargs):
    """nrm.E160: one instance serves one jurisdiction; its database says which."""
    recorded = jurisdiction_recorded()
    if recorded is None or recorded == settings.NRM_JURISDICTION:
        return []
    return [
        checks.Error(
            f"this database was made for jurisdiction {recorded!r}, not "
            f"{settings.NRM_JURISDICTION!r}: one instance serves one jurisdiction",
            hint=f"start it with --jurisdiction {recorded} (NRM_JURISDICTION={recorded}), or "
            "give the other jurisdiction a data directory (or database) of its own",
            id="nrm.E160",
        )
    ]
