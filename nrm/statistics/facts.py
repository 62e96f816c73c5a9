"""One fact row per unique person as of a cut-off (domain/statistics.md §7.1): what the
tables count. Nothing recorded after the cut-off counts. Built with a fixed number of
queries whatever the number of cases (one per source, `Facts.queries`), then pure Python.

A person (`person_uid`, `nrm.linkage.selectors.person_uids`) may hold several cases (one per
agency, or one per episode): their decisions are merged, the first known value of each
attribute wins (the earliest case first), and the forms of exploitation are the union."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import ExpressionWrapper, F, TextField
from django.db.models.functions import TruncDate

from nrm.core.crypto import decrypt
from nrm.deadlines.models import Deadline
from nrm.emergency.models import ForeignProcedure, PermitKind, ReflectionExtension, ReflectionPeriod
from nrm.jurisdictions.schema import Profile
from nrm.linkage.selectors import person_uids
from nrm.plans.models import Plan
from nrm.referrals.models import ReferralEvent, ReferralStatus
from nrm.registry import doors
from nrm.registry.models import Case, CaseStatusChange, Person, StatusField
from nrm.shelters.models import Residence
from nrm.statistics import labels as L

PLAN = "plan"  # the row of T07 for a person with an approved assistance plan
SHELTER = "shelter"  # the profile's service need a residence meets


@dataclass
class Fact:
    """One unique person. The derived days (`registered_on`, …) are computed once, after
    `facts.build` has laid down every decision."""

    uid: int
    first_case_on: date  # first contact: the first case opened (screened / referred)
    first_body: str  # identifying-body code of the institution that opened it
    # case id -> [(day, statistics status, the profile's status authority)], in order
    decisions: dict[int, list[tuple[date, str, str]]] = field(default_factory=dict)
    sex: str = L.UNK
    # the person records of the person's cases, earliest case first (for the age)
    records: list[dict] = field(default_factory=list, repr=False)
    citizenship: str = ""  # ISO alpha-2, XK, "" unknown, XXA stateless
    citizenship_group: str = L.UNK
    forms: frozenset[str] = frozenset()  # the profile's exploitation form codes
    geography: str = L.UNK
    withdrawn: bool = False  # statistics consent withdrawn on one of the person's cases
    # assistance: (service code, from, to or None while it lasts)
    services: list[tuple[str, date, date | None]] = field(default_factory=list)
    # reflection periods: (starts on, ends on as of the cut-off, extended)
    reflection: list[tuple[date, date, bool]] = field(default_factory=list)
    # residence permits: (requested on, outcome "granted"/"refused"/"", outcome on)
    permits: list[tuple[date, str, date | None]] = field(default_factory=list)

    def _first(self, statuses: tuple[str, ...]) -> tuple[date, str] | None:
        found = [
            (day, authority)
            for rows in self.decisions.values()
            for day, status, authority in rows
            if status in statuses
        ]
        return min(found) if found else None

    @cached_property
    def _ages(self) -> tuple[str, str]:
        """(age group, age band) at registration (else at the first contact): from the
        first record that tells. The date of birth is decrypted here, only for the persons
        a table asks about."""
        day = self.registered_on or self.first_case_on
        for record in self.records:
            found = age_group_of(record, day)
            if found[0] != L.UNK:
                return found
        return L.UNK, L.UNK

    @property
    def age_group(self) -> str:
        return self._ages[0]

    @property
    def age_band(self) -> str:
        return self._ages[1]

    @cached_property
    def registered_on(self) -> date | None:
        """The first PRESUMED or IDENTIFIED decision (Eurostat registration)."""
        first = self._first(L.REGISTERED)
        return first[0] if first else None

    @cached_property
    def identified(self) -> tuple[date, str] | None:
        """(day, deciding authority) of the first IDENTIFIED decision."""
        return self._first(("IDENTIFIED",))

    @cached_property
    def not_identified(self) -> tuple[date, str] | None:
        return self._first(("NOT_IDENTIFIED",))

    @cached_property
    def episodes(self) -> list[date]:
        """The registration day of each of the person's cases that was registered."""
        return sorted(
            min(day for day, status, _a in rows if status in L.REGISTERED)
            for rows in self.decisions.values()
            if any(status in L.REGISTERED for _d, status, _a in rows)
        )

    @cached_property
    def presumed_spans(self) -> list[tuple[date, date | None]]:
        """The days the person was PRESUMED (their highest status in force): [from, until)
        spans, until None while it lasts. The status changes only on decision days."""
        spans: list[tuple[date, date | None]] = []
        start = None
        for day in sorted({d for rows in self.decisions.values() for d, _s, _a in rows}):
            presumed = self.status_at(day) == "PRESUMED"
            if presumed and start is None:
                start = day
            elif not presumed and start is not None:
                spans.append((start, day))
                start = None
        if start is not None:
            spans.append((start, None))
        return spans

    def status_at(self, day: date) -> str | None:
        """The highest status in force on `day` across the person's cases (IDENTIFIED >
        PRESUMED > NOT_IDENTIFIED); None before any decision."""
        best = None
        for rows in self.decisions.values():
            current = None
            for when, status, _a in rows:
                if when > day:
                    break
                current = status
            if current and (best is None or L.RANK[current] > L.RANK[best]):
                best = current
        return best


@dataclass
class Facts:
    cutoff: datetime
    persons: list[Fact]
    # deadlines of the kept cases: (person uid, rule, due day, outcome as of the cut-off)
    deadlines: list[tuple[int, str, date, str]] = field(default_factory=list)
    # deadlines of persons left out (withdrawn consent): (person uid, due day)
    withdrawn_deadlines: list[tuple[int, date]] = field(default_factory=list)
    case_uid: dict[int, int] = field(default_factory=dict)  # case id -> person uid
    queries: int = 0


@lru_cache(maxsize=1)
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_day(moment: datetime) -> date:
    """The day in the local time zone (Django's `localtime` is ten times slower per row)."""
    return moment.astimezone(_zone()).date()


def _age_on(dob: str, day: date) -> int | None:
    try:
        born = date.fromisoformat(dob)
    except (TypeError, ValueError):
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_group_of(person: dict, day: date) -> tuple[str, str]:
    """(age group, age band) at `day`: the date of birth; else the estimated age; else the
    presumption of minority (appears to be a child); else the age group kept by
    anonymisation; else unknown — never an adult by default (§7.1.6)."""
    token = person["dob_token"]
    age = _age_on(decrypt(token), day) if token else None
    if age is None and person["estimated_age"] is not None:
        age = person["estimated_age"]
    if age is None and person["age_group"]:
        low, _sep, high = person["age_group"].rstrip("+").partition("-")
        if high and int(high) < 18:
            return "Y_LT18", L.UNK
        if int(low) >= 18:
            return "Y_GE18", L.UNK
    if age is None:
        return ("Y_LT18" if person["appears_to_be_child"] else L.UNK), L.UNK
    band = [code for low, code in L.AGE_BANDS if low <= age][-1] if age >= 0 else L.UNK
    return ("Y_LT18" if age < 18 else "Y_GE18"), band


def citizenship_group(code: str, home: str) -> str:
    if not code or code == "XXX":
        return L.UNK
    if code == "XXA":
        return "STLS"
    if code == home:
        return "NAT"
    if code in L.WB6:
        return "WB6_FOR"
    return "EU27_2020_FOR" if code in L.EU27_2020 else "NEU27_2020_FOR"


def _withdrawn_case_ids(cases) -> set[int]:
    """Cases an export of figures must leave out (the consent registry's door)."""
    dropped: set[int] = set()
    for export_filter in doors.export_filters:
        _kept, left_out = export_filter(cases)
        dropped.update(left_out.order_by().values_list("id", flat=True))
    return dropped


def build(*, cutoff: datetime, profile: Profile) -> Facts:
    """The facts of every unique person with a case opened by the cut-off."""
    rules = profile.statistics
    statuses = dict(rules.statuses) if rules else {}
    bodies = dict(rules.identifying_bodies) if rules else {}
    cases = Case.objects.filter(created_at__lte=cutoff)
    withdrawn = _withdrawn_case_ids(cases)
    rows = list(
        cases.annotate(opened_on=TruncDate("created_at", tzinfo=_zone()))
        .order_by("created_at", "id")
        .values_list(
            "id", "person_id", "opened_on", "owner_institution__type", "exploitation_forms"
        )
    )
    person_ids = {person_id for _c, person_id, *_ in rows}
    people = {
        p["id"]: p
        for p in Person.objects.filter(id__in=cases.values("person_id"))
        .annotate(dob_token=ExpressionWrapper(F("date_of_birth"), output_field=TextField()))
        .values(
            "id",
            "sex",
            "dob_token",
            "estimated_age",
            "appears_to_be_child",
            "citizenship",
            "age_group",
        )
    }
    uid_of = person_uids(person_ids, as_of=cutoff)  # the links as they stood then
    case_uid: dict[int, int] = {}
    by_uid: dict[int, Fact] = {}
    forms: dict[int, set[str]] = defaultdict(set)
    for case_id, person_id, opened_on, owner_type, case_forms in rows:
        uid = uid_of[person_id]
        case_uid[case_id] = uid
        fact = by_uid.get(uid)
        if fact is None:
            fact = by_uid[uid] = Fact(
                uid=uid,
                first_case_on=opened_on,
                first_body=bodies.get(owner_type, "OTHER"),
            )
        fact.decisions.setdefault(case_id, [])
        forms[uid].update(case_forms or ())
        fact.withdrawn = fact.withdrawn or case_id in withdrawn
        person = people[person_id]
        if fact.sex == L.UNK:
            fact.sex = L.SEX_OF.get(person["sex"], L.UNK)
        if not fact.citizenship and person["citizenship"] not in ("", "XXX"):
            fact.citizenship = person["citizenship"]
    changes = CaseStatusChange.objects.filter(
        field=StatusField.IDENTIFICATION_STATUS, at__lte=cutoff, case__created_at__lte=cutoff
    ).annotate(day=TruncDate("at", tzinfo=_zone()))
    rows_of_changes = changes.order_by("at", "id").values_list(
        "case_id", "day", "to_value", "reason_code"
    )
    for case_id, day, to_value, authority in rows_of_changes:
        status = statuses.get(to_value)
        if status is not None:
            by_uid[case_uid[case_id]].decisions[case_id].append((day, status, authority))
    home = profile.home_country
    abroad = {case_uid[c] for c in _found_abroad(cutoff, profile) if c in case_uid}
    first_person: dict[int, list[int]] = defaultdict(list)
    for _case_id, person_id, *_ in rows:
        first_person[uid_of[person_id]].append(person_id)
    for uid, fact in by_uid.items():
        fact.forms = frozenset(forms[uid])
        fact.citizenship_group = citizenship_group(fact.citizenship, home)
        fact.records = [people[p] for p in dict.fromkeys(first_person[uid])]
        fact.geography = _geography(fact, home, uid in abroad)
    return Facts(cutoff=cutoff, persons=list(by_uid.values()), case_uid=case_uid, queries=7)


def _found_abroad(cutoff: datetime, profile: Profile) -> set[int]:
    """Cases whose clocks heard that the person was found abroad (the profile's events)."""
    events = profile.statistics.transnational_out_events if profile.statistics else ()
    if not events:
        return set()
    return set(
        Deadline.objects.filter(opened_by_event__in=events, opened_at__lte=cutoff).values_list(
            "case_id", flat=True
        )
    )


def _geography(fact: Fact, home: str, abroad: bool) -> str:
    """What the cases say: a foreign or stateless person was found here (TRANS_IN); a
    national found abroad (TRANS_OUT); a national found here may have been exploited here
    or abroad, which nrm does not record yet (UNK)."""
    if fact.citizenship_group in ("WB6_FOR", "EU27_2020_FOR", "NEU27_2020_FOR", "STLS"):
        return "TRANS_IN"
    if fact.citizenship_group == "NAT" and abroad:
        return "TRANS_OUT"
    return L.UNK


# --- the sources a few tables need, loaded on demand -------------------------------------


def _by_uid(facts: Facts) -> dict[int, Fact]:
    return {f.uid: f for f in facts.persons}


def load_services(facts: Facts) -> None:
    """Assistance received (T07): referrals accepted by the receiving institution (the
    referral's need), stays in a shelter or centre, approved assistance plans."""
    cutoff, case_uid, people = facts.cutoff, facts.case_uid, _by_uid(facts)
    opened: dict[int, tuple[int, str, date]] = {}
    ended = (ReferralStatus.COMPLETED, ReferralStatus.CANCELLED, ReferralStatus.DECLINED)
    events = ReferralEvent.objects.filter(at__lte=cutoff).order_by("at", "id")
    for referral_id, case_id, need, to_status, at in events.values_list(
        "referral_id", "referral__case_id", "referral__need", "to_status", "at"
    ):
        if case_id not in case_uid:
            continue
        if to_status == ReferralStatus.ACCEPTED and referral_id not in opened:
            opened[referral_id] = (case_id, need, local_day(at))
        elif to_status in ended and referral_id in opened:
            case_id, need, start = opened.pop(referral_id)
            people[case_uid[case_id]].services.append((need, start, local_day(at)))
    for case_id, need, start in opened.values():
        people[case_uid[case_id]].services.append((need, start, None))
    stays = Residence.objects.filter(admitted_at__lte=cutoff).values_list(
        "case_id", "admitted_at", "exited_at"
    )
    for case_id, admitted, exited in stays:
        if case_id in case_uid:
            left = local_day(exited) if exited and exited <= cutoff else None
            people[case_uid[case_id]].services.append((SHELTER, local_day(admitted), left))
    plans = Plan.objects.filter(approved_at__lte=cutoff).values_list("case_id", "approved_at")
    for case_id, approved in plans:
        if case_id in case_uid:
            people[case_uid[case_id]].services.append((PLAN, local_day(approved), None))
    facts.queries += 3


def load_reflection(facts: Facts) -> None:
    """Reflection and recovery periods (T08), their end as of the cut-off."""
    cutoff, case_uid, people = facts.cutoff, facts.case_uid, _by_uid(facts)
    extended: dict[int, date] = {}
    for period_id, ends_on in (
        ReflectionExtension.objects.filter(recorded_at__lte=cutoff)
        .order_by("recorded_at", "pk")
        .values_list("period_id", "ends_on")
    ):
        extended[period_id] = ends_on
    for period_id, case_id, starts_on, days in ReflectionPeriod.objects.filter(
        recorded_at__lte=cutoff
    ).values_list("id", "case_id", "starts_on", "days"):
        if case_id in case_uid:
            ends_on = extended.get(period_id, starts_on + timedelta(days=days - 1))
            people[case_uid[case_id]].reflection.append((starts_on, ends_on, period_id in extended))
    facts.queries += 2


def load_permits(facts: Facts) -> None:
    """Residence permits asked for a foreign person and their outcome (T09)."""
    cutoff, case_uid, people = facts.cutoff, facts.case_uid, _by_uid(facts)
    last_day = local_day(cutoff)
    for case_id, requested, outcome, outcome_on in ForeignProcedure.objects.filter(
        kind=PermitKind.RESIDENCE_PERMIT, recorded_at__lte=cutoff
    ).values_list("case_id", "requested_on", "outcome", "outcome_on"):
        if case_id in case_uid:
            if outcome_on is None or outcome_on > last_day:
                outcome, outcome_on = "", None
            people[case_uid[case_id]].permits.append((requested, outcome, outcome_on))
    facts.queries += 1


def load_deadlines(facts: Facts) -> None:
    """Every deadline of the persons' cases, its outcome as of the cut-off (TDL)."""
    cutoff, case_uid, people = facts.cutoff, facts.case_uid, _by_uid(facts)
    for case_id, rule, due_at, met_at, cancelled_at in Deadline.objects.filter(
        opened_at__lte=cutoff, case__isnull=False
    ).values_list("case_id", "rule", "due_at", "met_at", "cancelled_at"):
        uid = case_uid.get(case_id)
        if uid is None:
            continue
        if people[uid].withdrawn:
            facts.withdrawn_deadlines.append((uid, local_day(due_at)))
            continue
        if met_at is not None and met_at <= cutoff:
            outcome = "MET_ON_TIME" if met_at <= due_at else "MET_LATE"
        elif cancelled_at is not None and cancelled_at <= cutoff:
            outcome = "CANCELLED"
        elif due_at < cutoff:
            outcome = "MISSED"
        else:
            outcome = "OPEN"
        facts.deadlines.append((uid, rule, local_day(due_at), outcome))
    facts.queries += 1
