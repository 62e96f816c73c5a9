"""Meaning checks of the profile's `statistics` block (nrm.E145): a report names only tables
nrm can build, the Eurostat precedence names each category once, and the statuses and
institution types named exist."""

from nrm.jurisdictions.references import report as report_unknown
from nrm.jurisdictions.schema import Profile
from nrm.statistics.catalogue import CODES

CODE = "nrm.E145"


def check_statistics(profile: Profile, add) -> None:
    rules = profile.statistics
    if rules is None:
        return
    for i, report in enumerate(rules.reports):
        for code in report.tables:
            if code not in CODES:
                add(
                    CODE,
                    f"{report.code}: unknown statistics table {code!r}",
                    ("statistics", "reports", i, "tables"),
                )
    if len(set(rules.eurostat_precedence)) != len(rules.eurostat_precedence):
        add(
            CODE,
            "eurostat_precedence: a category is listed twice",
            ("statistics", "eurostat_precedence"),
        )
    statuses = {s.code for s in profile.identification_statuses}
    for status in rules.statuses:
        if status not in statuses:
            add(CODE, f"statistics.statuses: unknown status {status!r}", ("statistics", "statuses"))
    for field in ("identifying_bodies", "police_institution_types"):
        where = ("statistics", field)
        types = getattr(rules, field)
        report_unknown(add, CODE, profile, "institution_type", types, ".".join(where), where)
