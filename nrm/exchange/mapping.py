"""How nrm's codes map to HTCDS v2.0 and CTDC values (pure: no database).

The profile's forms of exploitation carry their own HTCDS value (`exploitation_forms[].htcds`).
The other profile codes named here are declared on the `required_codes` door
(`contributions.py`), so a profile without them is refused at start-up (nrm.E060).
"""

import pycountry

# registry.Person.sex → prs_Gender, and back (the two transgender values and
# NonConforming come back as "other").
GENDER = {
    "female": "Feminine",
    "male": "Masculine",
    "other": "NonConforming",
    "unknown": "NonSpecifiedUnknown",
}
SEX_OF_GENDER = {
    "Feminine": "female",
    "Masculine": "male",
    "TransgenderFeminine": "other",
    "TransgenderMasculine": "other",
    "NonConforming": "other",
    "NonSpecifiedUnknown": "unknown",
}

# The profile's identification statuses → vic_TraffickingStatus ("none": left out).
STATUS = {
    "potential_victim": "PossibleVictimOfTrafficking",
    "victim": "ActualVictimOfTrafficking",
    "not_recognised": "NotAVictimOfTrafficking",
}
REGISTERED = ("PossibleVictimOfTrafficking", "ActualVictimOfTrafficking")

COURT_KINDS = ("court_ruling",)


# vic_MethodsOfControl → the CTDC 2020 file's meansOfControl* column.
CTDC_MEANS = {
    "DebtBondage": "meansOfControlDebtBondage",
    "TakesEarnings": "meansOfControlTakesEarnings",
    "RestrictsFinancialAccess": "meansOfControlRestrictsFinancialAccess",
    "PhysicalThreats": "meansOfControlThreats",
    "ThreatensChildrenFamily": "meansOfControlThreats",
    "PsychologicalAbuse": "meansOfControlPsychologicalAbuse",
    "PhysicalAbuse": "meansOfControlPhysicalAbuse",
    "SexualAbuse": "meansOfControlSexualAbuse",
    "FalsePromises": "meansOfControlFalsePromises",
    "PsychoactiveSubstance": "meansOfControlPsychoactiveSubstances",
    "RestrictsMedicalCare": "meansOfControlRestrictsMedicalCare",
    "ExcessiveWorkingHours": "meansOfControlExcessiveWorkingHours",
    "ThreatsLawEnforcement": "meansOfControlThreatOfLawEnforcement",
    "WithholdsNecessities": "meansOfControlWithholdsNecessities",
    "WithholdsDocuments": "meansOfControlWithholdsDocuments",
    "Other": "meansOfControlOther",
}


def decision_org(profile, institution_type: str) -> str:
    """vic_TraffickingStatusDecisionMakingOrg of an institution type (the profile says)."""
    kind = {t.code: t for t in profile.institution_types}.get(institution_type)
    return (kind.htcds_decision_org if kind else None) or "Other"


def org_type(profile, institution_type: str) -> str | None:
    """org_Type of an institution type, or None (left out) where the profile gives none."""
    kind = {t.code: t for t in profile.institution_types}.get(institution_type)
    return kind.htcds_org_type if kind else None


def methods_of_control(profile, catalogue: str, indicators) -> list[str]:
    """vic_MethodsOfControl values the observed indicators say, in the standard's order: the
    profile's catalogue names them per indicator (`htcds_control`; only indicators that name
    the method itself, not signs that merely suggest one)."""
    try:
        mapped = profile.catalogue(catalogue).indicators()
    except KeyError:
        return []
    found: set[str] = set()
    for code in indicators:
        if code in mapped:
            found.update(mapped[code][1].htcds_control)
    return [v for v in CONTROL_ORDER if v in found]


CONTROL_ORDER = tuple(dict.fromkeys([*CTDC_MEANS]))


def language_htcds(code: str) -> str | None:
    """ISO 639-1 (ours) → ISO 639-2 (the bibliographic code where there is one: `alb`)."""
    found = pycountry.languages.get(alpha_2=code)
    if found is None:
        return None
    return getattr(found, "bibliographic", None) or found.alpha_3


def language_ours(code: str) -> str | None:
    """ISO 639-2 (bibliographic or terminology) → ISO 639-1, None without one."""
    code = code.lower()
    found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    return getattr(found, "alpha_2", None) if found else None


def is_language_htcds(code: str) -> bool:
    return isinstance(code, str) and len(code) == 3 and language_ours(code) is not None
