"""nrm.E140: meaning check of the profile's `linkage` block (the `profile_checks` door):
every role in `review_roles` is a role of the profile, and a block that names none leaves
the pairs without a reviewer."""

from nrm.jurisdictions.references import report
from nrm.jurisdictions.schema import Profile

CODE = "nrm.E140"


def check_linkage(profile: Profile, add) -> None:
    block = profile.linkage
    if block is None:
        return
    if not block.review_roles:
        add(CODE, "linkage.review_roles: no role may review the pairs", ("linkage", "review_roles"))
    where = ("linkage", "review_roles")
    report(add, CODE, profile, "role", block.review_roles, ".".join(where), where, indexed=True)
