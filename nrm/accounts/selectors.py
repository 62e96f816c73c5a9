"""Reads of reference data."""

from django.db.models import QuerySet

from nrm.accounts.models import ApiToken, Institution, Membership, User
from nrm.core import clock

FOCAL_POINT_ROLE = "focal_point"


def institution_focal_points(*, institution: Institution) -> QuerySet[User]:
    """The institution's focal points (APAP): active members with the focal-point role."""
    return User.objects.filter(
        is_active=True,
        memberships__institution=institution,
        memberships__role=FOCAL_POINT_ROLE,
        memberships__is_active=True,
    ).order_by("username")


def institutions_active() -> QuerySet[Institution]:
    """Every active institution by name (to choose whom a case is shared with)."""
    return Institution.objects.filter(is_active=True).order_by("name")


def institutions_of_types(*, types) -> list[Institution]:
    """Active institutions of the given profile types (deadline responsibility, escalation)."""
    return list(Institution.objects.filter(type__in=list(types), is_active=True).order_by("code"))


def role_members(*, institution_ids, roles) -> dict[tuple[int, str], list[User]]:
    """Active users holding each role at each institution: {(institution_id, role): [user]}."""
    found: dict[tuple[int, str], list[User]] = {}
    rows = (
        Membership.objects.filter(
            institution_id__in=list(institution_ids),
            role__in=list(roles),
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__username")
    )
    for m in rows:
        found.setdefault((m.institution_id, m.role), []).append(m.user)
    return found


def users_with_roles(*, roles) -> list[User]:
    """Active users holding any of these roles at any active institution (national roles:
    the AP secretariat, the AP head)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role__in=list(roles),
            memberships__is_active=True,
            memberships__institution__is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def api_tokens_of(*, actor) -> QuerySet[ApiToken]:
    """The caller's own unexpired API tokens, newest first (never the token: only its digest
    is stored, and that is not shown either)."""
    return ApiToken.objects.filter(user=actor.user, expires_at__gt=clock.now()).order_by(
        "-created_at", "-id"
    )


def institution_names(*, codes) -> dict[str, str]:
    """{code: name} of the institutions with these codes (one query; for exports)."""
    return dict(Institution.objects.filter(code__in=list(codes)).values_list("code", "name"))
