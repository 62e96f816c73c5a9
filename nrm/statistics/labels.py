"""The code lists of domain/statistics.md §7.2 that are standards, not a jurisdiction's
rules (sex, age groups and bands, citizenship groups, geography, identifying bodies,
Eurostat categories), with their labels for people. A profile maps its own codes onto them
(`statistics` block, `exploitation_forms[].eurostat`)."""

from django.utils.translation import gettext_lazy as _

from nrm.statistics.table import TOTAL, Label

UNK = "UNK"

STATUSES = {
    "PRESUMED": _("Presumed victims"),
    "IDENTIFIED": _("Identified victims"),
    "NOT_IDENTIFIED": _("Not identified"),
}
# registered victim (Eurostat) = PRESUMED or IDENTIFIED; the higher wins across cases
RANK = {"NOT_IDENTIFIED": 1, "WITHDRAWN": 1, "PRESUMED": 2, "IDENTIFIED": 3}
REGISTERED = ("PRESUMED", "IDENTIFIED")

SEXES = {"F": _("Female"), "M": _("Male"), "X": _("Other"), UNK: _("Sex unknown")}
SEX_OF = {"female": "F", "male": "M", "other": "X"}

AGE_GROUPS = {"Y_LT18": _("Children"), "Y_GE18": _("Adults"), UNK: _("Age unknown")}
# (lower bound, code): 0–8, 9–13, 14–17, 18–20, …, 48+
AGE_BANDS = (
    (0, "Y0-8"),
    (9, "Y9-13"),
    (14, "Y14-17"),
    (18, "Y18-20"),
    (21, "Y21-23"),
    (24, "Y24-26"),
    (27, "Y27-29"),
    (30, "Y30-38"),
    (39, "Y39-47"),
    (48, "Y_GE48"),
)

CITIZENSHIP_GROUPS = {
    "NAT": _("Nationals"),
    "WB6_FOR": _("Other Western Balkans"),
    "EU27_2020_FOR": _("European Union (27)"),
    "NEU27_2020_FOR": _("Other countries"),
    "STLS": _("Stateless"),
    UNK: _("Citizenship unknown"),
}
WB6 = frozenset({"AL", "BA", "ME", "MK", "RS", "XK"})
EU27_2020 = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)

GEOGRAPHY = {
    "INTERNAL": _("Internal trafficking"),
    "TRANS_IN": _("Transnational: foreigners exploited here"),
    "TRANS_OUT": _("Transnational: nationals exploited abroad"),
    "MIXED": _("Internal and transnational"),
    UNK: _("Not known"),
}

BODIES = {
    "POLICE": _("Police"),
    "BORDER_POLICE": _("Border police"),
    "PROSECUTION": _("Prosecution"),
    "COURT": _("Court"),
    "LABOUR_INSPECTORATE": _("Labour inspectorate"),
    "SOCIAL_SERVICES": _("Social services"),
    "CHILD_PROTECTION": _("Child protection"),
    "HEALTH": _("Health services"),
    "EDUCATION": _("Education"),
    "NGO": _("Civil society organisations"),
    "SHELTER": _("Shelters and centres"),
    "IO": _("International organisations"),
    "CONSULAR": _("Diplomatic missions"),
    "OTHER": _("Other bodies"),
}

EUROSTAT = {
    "ICCS02041": _("Sexual exploitation (Eurostat)"),
    "ICCS02042": _("Labour exploitation (Eurostat)"),
    "ICCS02043_02044": _("Other forms of exploitation (Eurostat)"),
}
MULTIPLE = "MULTIPLE"


def label(code: str, text) -> Label:
    return Label(code, str(text))


def labels(names: dict, *, total: bool = False) -> list[Label]:
    found = [label(code, text) for code, text in names.items()]
    return [*found, total_label()] if total else found


def total_label() -> Label:
    return label(TOTAL, _("Total"))


def sex_age(sex: str, age: str) -> str:
    return f"{sex}_{age}"


def sex_age_columns() -> list[Label]:
    """Sex × age group, then the total: the columns of T01–T03."""
    return [
        label(sex_age(s, a), f"{SEXES[s]}, {AGE_GROUPS[a].lower()}")
        for s in SEXES
        for a in AGE_GROUPS
    ] + [total_label()]
