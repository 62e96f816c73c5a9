"""Values of the Human Trafficking Case Data Standard (HTCDS) v2.0 that profiles map their
catalogues to (../shared/standards/htcds-2.0/htcds_fields.json). Data of the standard, not of
a jurisdiction: a profile names its own forms and says which of these each one is."""

# vic_TypeOfExploitation (Multiselect Picklist, core).
TYPES_OF_EXPLOITATION = (
    "ForcedLabour",
    "SexualExploitation",
    "ChildLabour",
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "ForcedBegging",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)

# vic_MethodsOfControl (Multiselect Picklist): an indicator of a catalogue names the methods it
# observes (`htcds_control`).
METHODS_OF_CONTROL = (
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "PhysicalThreats",
    "ThreatensChildrenFamily",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstance",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "ThreatsLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
)
