"""Reads of reference data."""

from django.db.models import QuerySet

from nrm.accounts.models import Institution, User

FOCAL_POINT_ROLE = "focal_point"


def institution_focal_points(*, institution: Institution) -> QuerySet[User]:
    """The institution's focal points (APAP): active members with the focal-point role."""
    return User.objects.filter(
        is_active=True,
        memberships__institution=institution,
        memberships__role=FOCAL_POINT_ROLE,
        memberships__is_active=True,
    ).order_by("username")


def institution_by_code(code: str) -> Institution | None:
    return Institution.objects.filter(code=code, is_active=True).first()
