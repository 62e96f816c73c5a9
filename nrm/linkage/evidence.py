"""The evidence of a pair for a reader: each comparison's name and whether it agreed, in
the reader's language (the stored evidence holds Splink's levels: `nrm.dedup.pairs`)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COMPARISONS = {
    "given": _("Given name"),
    "family": _("Family name"),
    "dob": _("Date of birth"),
    "age": _("Age (when a date is missing)"),
    "sex": _("Sex"),
    "citizenship": _("Citizenship"),
    "place": _("Place of birth"),
}
KINDS = {
    "exact": _("agree"),
    "close": _("agree closely"),
    "different": _("differ"),
    "missing": _("not known on both"),
}


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    kind: str
    verdict: str
    level: str  # Splink's label of the level (technical, as the model names it)
    weight: float


def rows(evidence: dict) -> list[Row]:
    return [
        Row(
            code=code,
            name=str(COMPARISONS[code]),
            kind=found.get("kind", ""),
            verdict=str(KINDS.get(found.get("kind", ""), "")),
            level=str(found.get("label", "")),
            weight=float(found.get("weight", 0.0)),
        )
        for code, found in evidence.items()
        if code in COMPARISONS
    ]


def agreed(evidence: dict) -> list[str]:
    """The names of the comparisons that agreed exactly or closely."""
    return [r.name for r in rows(evidence) if r.kind in {"exact", "close"}]
