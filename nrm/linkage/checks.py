"""nrm.E140: meaning check of the profile's `linkage` block (the `profile_checks` door):
every role in `review_roles` is a role of the profile, and a block that names none leaves
the pairs without a reviewer."""

from nrm.jurisdictions.schema import Profile

CODE = "nrm.E140"


def check_linkage(profile: Profile, add) -> None:
    block = profile.linkage
    if block is None:
        return
    if not block.review_roles:
        add(CODE, "linkage.review_roles: no role may review the pairs", ("linkage", "review_roles"))
    roles = {r.code for r in profile.roles}
    for i, role in enumerate(block.review_roles):
        if role not in roles:
            add(
                CODE,
                f"linkage.review_roles: unknown role {role!r}",
                ("linkage", "review_roles", i),
            )
