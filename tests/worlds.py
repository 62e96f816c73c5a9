"""The test worlds of every profile (issue 15): the demo's institutions and users of each
jurisdiction, made once per test database (tests/conftest.py), and `World`, through which a
shared test reaches them by the part a user plays (the demo file's `cast`), never by an
Albanian or Kosovan username, institution type, status or catalogue code.

Codes a test needs are read from the profile here, in one place; where the profile cannot
say which of its codes plays a part (a county with the demo's institutions, the catalogue
of general indicators), `World` picks by a rule, not by a literal.
"""

from dataclasses import dataclass, field
from functools import cached_property

# Every jurisdiction with a profile and a demo: the shared flows run on each.
JURISDICTIONS = ("AL", "XK")


@dataclass
class World:
    code: str
    _actors: dict = field(default_factory=dict)

    # --- the profile -----------------------------------------------------------------

    @cached_property
    def profile(self):
        from nrm.jurisdictions import get_profile

        return get_profile(self.code)

    @property
    def demo(self):
        return self.profile.demo

    @property
    def threshold(self) -> int:
        return self.profile.potential_victim_threshold

    @property
    def catalogue(self):
        """The profile's (first) indicator catalogue."""
        return self.profile.indicator_catalogues[0]

    def indicators(self, n: int | None = None, applies_to: str = "all") -> list[str]:
        """The first n indicators of the catalogue's groups that apply to `applies_to`
        (n = the profile's threshold when not given)."""
        n = self.threshold if n is None else n
        found = [
            i.code
            for g in self.catalogue.groups
            if g.applies_to == applies_to
            for i in g.indicators
        ]
        assert len(found) >= n, f"{self.code}: fewer than {n} indicators for {applies_to}"
        return found[:n]

    @property
    def initial_status(self) -> str:
        return self.profile.initial_status

    def consent_purpose(self, *, per: str = "none", default: str = "required") -> str:
        """The first consent purpose, other than the A2's, given `per` case ("none"),
        institution or country, that is `required` (or allowed `unless_withdrawn`)."""
        consent = self.profile.consent
        for purpose in consent.purposes:
            if purpose.code == consent.a2_purpose:
                continue
            if purpose.per == per and purpose.default == default:
                return purpose.code
        raise LookupError(f"{self.code}: no {default} consent purpose per {per}")

    def procedure(self, code: str):
        return next(p for p in self.profile.procedures if p.code == code)

    # --- the people ------------------------------------------------------------------

    def username(self, part: str) -> str:
        return self.demo.cast[part]

    def user(self, part: str):
        from nrm.accounts.models import User

        return User.objects.get(username=self.username(part))

    def actor(self, part: str):
        from nrm.accounts.policy import actor_for

        if part not in self._actors:
            self._actors[part] = actor_for(self.user(part))
        return self._actors[part]

    def institution(self, part: str):
        """The institution of the user who plays `part`."""
        from nrm.accounts.models import Institution

        return Institution.objects.get(code=self.demo.user(part).institution)

    @property
    def county(self) -> str:
        """The county of the police part's institution (the demo's home county)."""
        return self.institution("police").county

    def role_of(self, part: str) -> str:
        return self.demo.user(part).role

    # --- cases -----------------------------------------------------------------------

    def make_case(self, part: str = "police", **person):
        from nrm.registry.rules import PersonInput
        from nrm.registry.services import case_create

        person.setdefault("given_name", "Arta")
        person.setdefault("family_name", "Hoxha")
        return case_create(actor=self.actor(part), person=PersonInput(**person))


def world_present(code: str) -> bool:
    from nrm.accounts.models import User
    from nrm.jurisdictions import get_profile

    names = [u.username for u in get_profile(code).demo.users]
    return User.objects.filter(username__in=names).count() == len(names)
