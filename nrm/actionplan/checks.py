"""nrm.E175: meaning checks of the profile's `action_plans` block (contributed to the profile
loader's `profile_checks` door): known roles, unique statuses covering the three kinds the
progress formulas count, live indicators naming tables of the statistics catalogue, a known
deadline rule, and institution aliases naming codes."""

from nrm.jurisdictions.schema import Profile
from nrm.statistics.catalogue import CODES as TABLES

CODE = "nrm.E175"
KINDS = {"implemented", "in_progress", "not_started"}


def check_action_plans(profile: Profile, add) -> None:
    rules = profile.action_plans
    if rules is None:
        return
    where = ("action_plans",)
    roles = {r.code for r in profile.roles}
    for field in ("review_roles", "report_roles", "coordinator_roles"):
        for role in getattr(rules, field):
            if role not in roles:
                add(CODE, f"action_plans.{field}: unknown role {role!r}", (*where, field))
    codes = [s.code for s in rules.statuses]
    if len(set(codes)) != len(codes):
        add(CODE, "action_plans.statuses: duplicate code", (*where, "statuses"))
    missing = KINDS - {s.kind for s in rules.statuses}
    if missing:
        add(
            CODE,
            f"action_plans.statuses: no status of kind {', '.join(sorted(missing))}",
            (*where, "statuses"),
        )
    names = [i.code for i in rules.live_indicators]
    if len(set(names)) != len(names):
        add(CODE, "action_plans.live_indicators: duplicate code", (*where, "live_indicators"))
    for i, indicator in enumerate(rules.live_indicators):
        if indicator.table not in TABLES:
            add(
                CODE,
                f"action_plans.live_indicators: {indicator.code!r} names the unknown table "
                f"{indicator.table!r}",
                (*where, "live_indicators", i),
            )
    # The deadline catalogue is attached after the profile's own checks; where it is there
    # (a check of the loaded profile), the rule must be one of it.
    if rules.deadline_rule and profile.deadlines is not None:
        try:
            profile.deadline_rule(rules.deadline_rule)
        except KeyError:
            add(
                CODE,
                f"action_plans.deadline_rule: unknown rule {rules.deadline_rule!r}",
                (*where, "deadline_rule"),
            )
    for name, code in rules.institution_aliases.items():
        if not code or not name:
            add(CODE, "action_plans.institution_aliases: empty name or code", where)
