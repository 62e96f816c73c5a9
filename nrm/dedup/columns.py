"""The input format of `nrm dedup` (docs/api-contract v1.1): the header, in this order."""

HEADER = (
    "record_id",
    "given_name",
    "family_name",
    "sex",
    "date_of_birth",
    "estimated_age",
    "citizenship",
    "place_of_birth",
)
OUTPUT_HEADER = ("record_id", "person_id")
