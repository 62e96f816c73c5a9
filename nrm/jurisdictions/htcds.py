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
