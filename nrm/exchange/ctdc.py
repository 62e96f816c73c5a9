"""The CTDC-compatible anonymised extract: one row per unique person registered as a victim
(potential or formal), in the column names of the CTDC global k-anonymised dataset, made
k-anonymous over the quasi-identifiers (domain/statistics.md §4.1, §7.4 Tier 3).

Rows hold codes only: banded ages, the year (never a finer date), 0/1 flags; no name, no
free text, no reference. Procedure (docs/exchange.md): measure k; generalise step by step
(`_generalised`: citizenship → region, age band → child / 18–29 / 30+, specific forms
folded, identifying body withheld) and keep the first step with nothing to suppress, else
the one that suppresses fewest; then suppress every record of a class under k. Persons any
of whose cases had the statistics consent withdrawn are left out and counted.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from nrm.consent.selectors import statistics_withdrawn
from nrm.exchange import mapping
from nrm.jurisdictions import get_profile
from nrm.linkage.selectors import person_uids
from nrm.registry.models import CaseStatusChange, StatusField
from nrm.registry.rules import htcds_exploitation
from nrm.registry.selectors import case_scope
from nrm.registry.services import profile_of
from nrm.screening.models import Screening

AGE_BANDS = ((0, 8), (9, 17), (18, 20), (21, 23), (24, 26), (27, 29), (30, 38), (39, 47))
BROAD_AGE = ((0, 17), (18, 29))
EXPLOIT = (
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
)
MEANS = (
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
)
COLUMNS = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    *EXPLOIT,
    *MEANS,
    "CountryOfExploitation",
    "identifyingBody",
)
# The quasi-identifiers (statistics.md §7.4 Tier 3; majorityStatus goes with the age band,
# the exploitation flags are the form).
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    *EXPLOIT,
    "CountryOfExploitation",
    "identifyingBody",
)
GENDER = {"female": "Female", "male": "Male", "other": "Transgender/NonConforming"}
WB6 = frozenset({"AL", "BA", "ME", "MK", "RS", "XK"})
EU27 = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
# HTCDS vic_TypeOfExploitation → the CTDC flags it sets (isOtherExploit: neither sexual
# exploitation nor labour).
FLAGS = {
    "SexualExploitation": ("isSexualExploit",),
    "ForcedLabour": ("isForcedLabour",),
    "ChildLabour": ("isForcedLabour",),
    "ForcedMarriage": ("isForcedMarriage", "isOtherExploit"),
    "ForcedMilitaryByNonStateActors": ("isForcedMilitary", "isOtherExploit"),
    "OrganRemoval": ("isOrganRemoval", "isOtherExploit"),
    "Servitude": ("isSlaveryAndPractices", "isOtherExploit"),
    "ForcedBegging": ("isOtherExploit",),
    "ForcedAdoption": ("isOtherExploit",),
    "Surrogacy": ("isOtherExploit",),
    "Other": ("isOtherExploit",),
}


def age_band(age: int | None, bands=AGE_BANDS) -> str:
    if age is None:
        return ""
    for low, high in bands:
        if low <= age <= high:
            return f"{low}--{high}"
    return f"{bands[-1][1] + 1}+"


def _age_at(person, year: int) -> int | None:
    if person.date_of_birth:
        return year - int(person.date_of_birth[:4])
    if person.estimated_age is not None:
        return person.estimated_age + (year - person.created_at.year)
    return None


def region(code: str, home: str) -> str:
    """Citizenship generalised: the jurisdiction's own kept, others by region."""
    if not code or code == home:
        return code
    if code in WB6:
        return "WB6"
    if code in EU27:
        return "EU"
    return "Other"


# --- the rows ------------------------------------------------------------------------------


@dataclass
class _Person:
    """What the cases of one unique person say, merged."""

    year: int
    record: object  # the unique person's own record (the smallest id)
    cases: list = field(default_factory=list)
    types: set = field(default_factory=set)
    control: set = field(default_factory=set)
    screened: bool = False
    is_child: bool = False
    body: str = ""


def _registered_statuses() -> list[str]:
    return [code for code, value in mapping.STATUS.items() if value in mapping.REGISTERED]


def _registration_years(ids, statuses) -> dict[int, int]:
    """The year of each case's first decision that registered the person as a victim."""
    years: dict[int, int] = {}
    rows = CaseStatusChange.objects.filter(
        case_id__in=ids, field=StatusField.IDENTIFICATION_STATUS, to_value__in=statuses
    ).order_by("at", "id")
    for case_id, at in rows.values_list("case_id", "at").iterator():
        years.setdefault(case_id, at.year)
    return years


def _row(person: _Person) -> dict[str, str]:
    record = person.record
    age = _age_at(record, person.year)
    minor = age < 18 if age is not None else person.is_child
    row = {
        "yearOfRegistration": str(person.year),
        "Datasource": "Case Management",
        "gender": GENDER.get(record.sex, ""),
        "ageBroad": age_band(age),
        "majorityStatus": "Minor" if minor else ("Adult" if age is not None else ""),
        "citizenship": {"XXA": "STLS", "XXX": ""}.get(record.citizenship, record.citizenship),
        "CountryOfExploitation": "",  # not held by nrm: blank = not collected
        "identifyingBody": person.body,
    }
    flags = {f for t in person.types for f in FLAGS.get(t, ())}
    if {"isSexualExploit", "isForcedLabour"} <= flags:
        flags.add("isSexAndLabour")
    for name in EXPLOIT:  # blank when no form is known (0 would say "known to be none")
        row[name] = ("1" if name in flags else "0") if person.types else ""
    means = {mapping.CTDC_MEANS[v] for v in person.control}
    if not means:
        means = {"meansOfControlNotSpecified"}
    for name in MEANS:
        row[name] = "1" if name in means else "0"
    return row


def _persons(queryset, statuses) -> dict[int, _Person]:
    # Subqueries, not lists of ids: a whole register is past SQLite's limit of parameters.
    ids = queryset.order_by().values("pk")
    cases = list(
        queryset.select_related("person", "owner_institution").order_by("created_at", "id")
    )
    years = _registration_years(ids, statuses)
    uids = person_uids({c.person_id for c in cases})
    latest: dict[int, tuple] = {}
    screenings = Screening.objects.filter(case__in=ids).order_by("submitted_at", "id")
    for row in screenings.values_list("case_id", "catalogue", "indicators").iterator():
        latest[row[0]] = row[1:]
    records = {c.person_id: c.person for c in cases}
    persons: dict[int, _Person] = {}
    for case in cases:
        uid = uids[case.person_id]
        year = years.get(case.pk, case.created_at.year)
        person = persons.get(uid)
        if person is None:
            person = persons[uid] = _Person(
                year=year,
                record=records.get(uid, case.person),
                body=mapping.decision_org(profile_of(case), case.owner_institution.type),
            )
        person.year = min(person.year, year)
        person.cases.append(case.pk)
        person.is_child = person.is_child or case.is_child
        person.types.update(htcds_exploitation(profile_of(case), case.exploitation_forms))
        if case.pk in latest:
            person.control.update(mapping.methods_of_control(profile_of(case), *latest[case.pk]))
    return persons


# --- k-anonymity ---------------------------------------------------------------------------


def classes(rows, quasi=QUASI_IDENTIFIERS) -> Counter:
    """How many rows share each combination of the quasi-identifiers."""
    return Counter(tuple(row[q] for q in quasi) for row in rows)


def k_of(rows, quasi=QUASI_IDENTIFIERS) -> int | None:
    """The k the rows achieve: the size of their smallest class (None for no rows)."""
    sizes = classes(rows, quasi).values()
    return min(sizes) if sizes else None


# The specific forms folded into isOtherExploit at step 3 (blank: not published).
SPECIFIC = (
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
)


def _generalised(row: dict, level: int, home: str) -> dict:
    """The row at a step of generalisation; each step keeps the ones before it:
    1 citizenship → region; 2 age band → 0--17 / 18--29 / 30+; 3 the specific forms folded
    into the three CTDC categories; 4 the identifying body withheld."""
    out = dict(row)
    if level >= 1:
        out["citizenship"] = region(row["citizenship"], home)
    if level >= 2 and row["ageBroad"]:
        low = int(row["ageBroad"].split("-")[0].rstrip("+"))
        out["ageBroad"] = age_band(low, BROAD_AGE)
    if level >= 3:
        out.update(dict.fromkeys(SPECIFIC, ""))
    if level >= 4:
        out["identifyingBody"] = ""
    return out


LEVELS = (0, 1, 2, 3, 4)


def anonymise(rows: list[dict], *, k: int, home: str) -> tuple[list[dict], dict]:
    """The rows made k-anonymous, and what was done: the generalisation level chosen, the
    records generalised (a quasi-identifier changed) and suppressed."""
    best = None
    for level in LEVELS:
        candidate = [_generalised(r, level, home) for r in rows]
        sizes = classes(candidate)
        kept = [r for r in candidate if sizes[tuple(r[q] for q in QUASI_IDENTIFIERS)] >= k]
        suppressed = len(candidate) - len(kept)
        if best is None or suppressed < best[2]:
            best = (level, kept, suppressed, candidate)
        if suppressed == 0:
            break
    level, kept, suppressed, candidate = best or (0, [], 0, [])
    sizes = classes(candidate)
    generalised = sum(
        1
        for before, after in zip(rows, candidate, strict=True)
        if any(before[q] != after[q] for q in QUASI_IDENTIFIERS)
        and sizes[tuple(after[q] for q in QUASI_IDENTIFIERS)] >= k
    )
    kept.sort(key=lambda r: tuple(r[c] for c in COLUMNS))  # no order of registration
    return kept, {"level": level, "generalised": generalised, "suppressed": suppressed}


# --- the extract ---------------------------------------------------------------------------


@dataclass
class Extract:
    rows: list[dict]
    k_required: int
    k_achieved: int | None
    persons: int  # unique persons eligible before suppression
    generalised: int
    suppressed: int
    level: int
    left_out_cases: int  # statistics consent withdrawn
    left_out_persons: int

    def report(self) -> dict:
        """Counts only: the file's sidecar, the page and the audit event."""
        return {
            "format": "CTDC global dataset (k-anonymised) columns",
            "quasi_identifiers": list(QUASI_IDENTIFIERS),
            "k_required": self.k_required,
            "k_achieved": self.k_achieved,
            "persons": self.persons,
            "rows": len(self.rows),
            "generalisation_level": self.level,
            "generalised": self.generalised,
            "suppressed": self.suppressed,
            "left_out_cases": self.left_out_cases,
            "left_out_persons": self.left_out_persons,
        }

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return "\ufeff" + out.getvalue()  # UTF-8 with BOM, as nrm's other CSV files


def extract(*, actor, k: int | None = None) -> Extract:
    """The extract of the cases the actor reaches (`case_scope`); `k` defaults to the
    profile's `statistics.suppression.microdata_k`. Writes nothing: see `services`."""
    profile = get_profile(settings.NRM_JURISDICTION)
    if k is None:
        k = profile.statistics.suppression.microdata_k if profile.statistics else 11
    statuses = _registered_statuses()
    registered = case_scope(actor=actor).filter(identification_status__in=statuses)
    kept, dropped = statistics_withdrawn(registered)
    dropped_persons = set(dropped.values_list("person_id", flat=True))
    left_uids = set(person_uids(dropped_persons).values())
    persons = _persons(kept, statuses)
    withheld = [uid for uid in persons if uid in left_uids]
    for uid in withheld:
        del persons[uid]
    rows, done = anonymise([_row(p) for p in persons.values()], k=k, home=profile.home_country)
    return Extract(
        rows=rows,
        k_required=k,
        k_achieved=k_of(rows),
        persons=len(persons),
        generalised=done["generalised"],
        suppressed=done["suppressed"],
        level=done["level"],
        left_out_cases=dropped.order_by().count(),
        left_out_persons=len(left_uids),
    )
