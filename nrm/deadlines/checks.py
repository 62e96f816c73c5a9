"""Start-up check of the deadline engine: every rule the profile promises
(`requires_producer: true`) has a producer for its events (nrm.E017). `nrm serve` and
`nrm worker` refuse to start on it; `nrm profile check` reports it too."""

from pathlib import Path

from django.core import checks

from nrm.deadlines.producers import producer_problems
from nrm.jurisdictions.registry import ProfileError, discover, load_profile
from nrm.jurisdictions.schema import Profile


def problems_of(profile: Profile, path: Path) -> list:
    """The producer problems of a profile loaded from `path` (its profile.yaml)."""
    if profile.deadline_rules_file is None:
        return []
    return producer_problems(profile, path.parent / profile.deadline_rules_file)


@checks.register()
def deadline_rules_have_producers(app_configs=None, **kwargs):
    errors = []
    for path in discover():
        try:
            profile = load_profile(path)
        except ProfileError:
            continue  # reported by the site's profile check (nrm.E0xx of the file)
        errors += [checks.Error(str(p), id=p.code) for p in problems_of(profile, path)]
    return errors
