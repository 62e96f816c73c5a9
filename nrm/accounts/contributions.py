"""What the accounts contribute to the doors of the layers below (read in `ready()`)."""

from nrm.accounts.audit_codes import AccountsCode
from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import FOCAL_POINT_ROLE
from nrm.audit.doors import audit_codes
from nrm.jurisdictions.doors import RequiredCodes, codes_of, profile_checks, required_codes

APP = "nrm.accounts"


def check_capabilities(profile, add) -> None:
    """nrm.E003: every capability a role grants is one the code knows."""
    known = {c.value for c in Capability}
    for i, role in enumerate(profile.roles):
        for j, cap in enumerate(role.capabilities):
            if cap not in known:
                add(
                    "nrm.E003",
                    f"role {role.code!r}: unknown capability {cap!r}",
                    ("roles", i, "capabilities", j),
                )


def contribute() -> None:
    audit_codes.add(AccountsCode, code="accounts", app=APP)
    profile_checks.add(check_capabilities, code="capabilities", app=APP)
    required_codes.add(
        RequiredCodes("roles", (FOCAL_POINT_ROLE,), lambda p: codes_of(p.roles)),
        code="accounts.roles",
        app=APP,
    )
