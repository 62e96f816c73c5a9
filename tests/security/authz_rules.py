"""The rules and the route record of the authorization matrix (the rules are described in
tests/security/authz_routes.py's docstring). The stage apps' tables (authz_<app>.py) and the
main table import them from here."""

from dataclasses import dataclass, field

# --- rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    capability: str | None = None
    case: str | None = None  # "case" (visible case) or "investigation"
    refusal: int = 404  # status when the capability is missing (the case visible, if any)
    owner_only: bool = False  # the capability counts only on a case the institution owns
    # A profile list of recorders ("emergency.reflection_by"): who the list does not name
    # (role at institution type) gets `refusal` after the capability.
    recorders: str | None = None

    def __str__(self) -> str:
        return self.name


def needs(capability: str, refusal: int = 404) -> Rule:
    return Rule(f"needs {capability}", capability=capability, refusal=refusal)


def case_needs(capability: str) -> Rule:
    return Rule(f"case + {capability}", capability=capability, case="case", refusal=403)


PUBLIC = Rule("public")
SIGNED_IN = Rule("signed in")
SUPERUSER = Rule("superuser")
INVESTIGATION_READER = Rule("investigation reader")
CASE_READ = Rule("case read", case="case")
CASE_WRITE = case_needs("case.update")
CASE_AUDIT = case_needs("audit.read")
CASE_RIGHTS = case_needs("person.rights")
# The caseworker's correction of the person's data: the owning institution with case.update;
# a case seen through a grant or case.read_all (the AP) answers 403 (docs/person-rights.md).
CASE_OWNER_WRITE = Rule(
    "case owned + case.update", capability="case.update", case="case", refusal=403, owner_only=True
)
CASE_INVESTIGATION = Rule("case investigation", case="investigation")
# The group's B3 (api-contract.md): a member of the case's formal identification group; the
# matrix's cases have no group, so whoever sees the case gets 403, whoever does not 404.
CASE_GROUP = Rule("case + member of its group", capability="group.member", case="case", refusal=403)


# --- routes -----------------------------------------------------------------------------

GET_OK = (200,)
POST_OK = (200, 201, 302, 400, 409)  # done, or refused by validation after authorization


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str  # as the resolver prints it, without the leading slash
    rule: Rule
    body: dict | None = None  # POST body (JSON for the API, form fields for pages)
    query: str = ""
    values: dict = field(default_factory=dict)  # URL values beyond the defaults
    path: str = ""  # the URL to call, for regular-expression patterns
    ok: tuple[int, ...] = ()  # statuses meaning "allowed"; GET_OK / POST_OK by default
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.pattern)

    @property
    def allowed_statuses(self) -> tuple[int, ...]:
        return self.ok or (GET_OK if self.method == "GET" else POST_OK)


R = Route
NOW = "2026-01-15T10:00:00+01:00"
TODAY = "2026-01-15"
