"""Who is acting: a user, the institution they act for, and what their role lets them do.

Capabilities come from the profile's role table, never from code.
"""

from dataclasses import dataclass, field

from django.conf import settings

from nrm.accounts.capabilities import Capability
from nrm.accounts.models import Institution, Membership, User
from nrm.jurisdictions import get_profile


@dataclass(frozen=True)
class Actor:
    user: User
    institution: Institution | None
    role: str | None
    capabilities: frozenset[str] = field(default_factory=frozenset)

    def can(self, capability: Capability) -> bool:
        return capability.value in self.capabilities

    @property
    def institution_id(self) -> int | None:
        return self.institution.pk if self.institution else None


def capabilities_of(role: str | None) -> frozenset[str]:
    if not role:
        return frozenset()
    profile = get_profile(settings.NRM_JURISDICTION)
    try:
        return frozenset(profile.role(role).capabilities)
    except KeyError:
        return frozenset()


def actor_for(user: User) -> Actor:
    """The user acting through their primary active membership; nothing without one."""
    if not user or not user.is_authenticated or not user.is_active:
        return Actor(user=user, institution=None, role=None)
    membership = (
        Membership.objects.select_related("institution")
        .filter(user=user, is_active=True, is_primary=True, institution__is_active=True)
        .first()
    )
    if membership is None:
        caps = frozenset({Capability.REFERENCE_MANAGE.value}) if user.is_superuser else frozenset()
        return Actor(user=user, institution=None, role=None, capabilities=caps)
    return Actor(
        user=user,
        institution=membership.institution,
        role=membership.role,
        capabilities=capabilities_of(membership.role),
    )


SYSTEM_USERNAME = "nrm.system"


def system_actor() -> Actor:
    """Jobs and commands act as this named user, never as nobody."""
    user = User.objects.get(username=SYSTEM_USERNAME)
    return Actor(
        user=user,
        institution=None,
        role="system",
        capabilities=frozenset(c.value for c in Capability),
    )
