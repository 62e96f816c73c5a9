"""Jurisdiction profiles: a country's SOP as versioned, validated data."""

from nrm.jurisdictions.registry import ProfileError, get_profile, profile_registry

__all__ = ["ProfileError", "get_profile", "profile_registry"]
