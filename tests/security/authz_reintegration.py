"""The routes of this stage app in the authorization matrix (rules: authz_routes.py)."""

from tests.security.authz_rules import (  # noqa: F401
    CASE_READ,
    CASE_WRITE,
    GET_OK,
    POST_OK,
    SIGNED_IN,
    TODAY,
    R,
    needs,
)

ROUTES = []
