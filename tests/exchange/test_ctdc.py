"""The CTDC-compatible anonymised extract: k-anonymity checked here independently of the
code that makes it, no names, no free text, the left-out persons counted."""

import csv
import io
import json
import re
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command

from nrm.audit.models import AuditEvent
from nrm.core import clock
from nrm.exchange import ctdc
from nrm.exchange.services import ctdc_extract
from nrm.linkage.models import LinkDecision, PersonLink
from nrm.registry.services import case_exploitation_set

pytestmark = pytest.mark.django_db

# The quasi-identifiers of statistics.md §7.4 Tier 3, as CTDC columns (named here, not
# taken from the module under test).
QUASI = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "CountryOfExploitation",
    "identifyingBody",
]
CODE = re.compile(r"^[A-Za-z0-9+/ -]{0,30}$")  # codes, bands, 0/1: never free text


def _rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _k(rows) -> int:
    return min(Counter(tuple(r[q] for q in QUASI) for r in rows).values())


@pytest.fixture
def victims(registered, actors):
    """victims(n, **person) → n registered cases (sexual exploitation) of like persons."""

    def make(n, username="police.tirana", **person):
        person.setdefault("sex", "female")
        person.setdefault("date_of_birth", date(1995, 3, 1))
        person.setdefault("citizenship", "AL")
        made = []
        for i in range(n):
            case = registered(username, given_name=f"Drita{i}", family_name="Kola", **person)
            made.append(
                case_exploitation_set(
                    actor=actors[username],
                    case_id=case.pk,
                    forms=["sexual_exploitation"],
                    expected_version=case.version,
                )
            )
        return made

    return make


def test_the_extract_is_k_anonymous_with_no_names_and_no_free_text(victims, make_case, actors):
    victims(12)
    victims(1, sex="male", date_of_birth=date(1950, 1, 1), citizenship="FR")
    make_case("police.tirana", given_name="Nuk", family_name="Regjistruar")  # no status
    extract = ctdc_extract(actor=actors["ap.secretariat"])
    text = extract.csv()
    rows = _rows(text)
    assert len(rows) == 12 and _k(rows) >= 11
    assert extract.k_required == 11 and extract.k_achieved >= 11
    assert (extract.persons, extract.suppressed) == (13, 1)
    assert list(rows[0]) == list(ctdc.COLUMNS)
    for row in rows:
        assert all(CODE.match(v) for v in row.values()), row
        assert re.fullmatch(r"\d{4}", row["yearOfRegistration"])
    assert rows[0]["ageBroad"] == ctdc.age_band(clock.today().year - 1995)
    assert rows[0]["isSexualExploit"] == "1" and rows[0]["isForcedLabour"] == "0"
    assert rows[0]["meansOfControlNotSpecified"] == "1"
    for name in ("Drita", "Kola", "Regjistruar", "AL-"):
        assert name not in text
    event = AuditEvent.objects.get(code="exchange.ctdc_extracted")
    assert event.data["suppressed"] == 1 and event.data["rows"] == 12
    assert "Drita" not in json.dumps(event.data)


def test_generalisation_comes_before_suppression():
    row = dict.fromkeys(ctdc.COLUMNS, "0") | {"ageBroad": "24--26", "gender": "Female"}
    rows = [row | {"citizenship": "FR"}] * 6 + [row | {"citizenship": "DE"}] * 5
    kept, done = ctdc.anonymise(rows, k=11, home="AL")
    assert done == {"level": 1, "generalised": 11, "suppressed": 0}
    assert {r["citizenship"] for r in kept} == {"EU"}
    # Ages next: 21–23 and 24–26 become 18–29.
    rows = [row | {"ageBroad": "21--23"}] * 6 + [row] * 5
    kept, done = ctdc.anonymise(rows, k=11, home="AL")
    assert (done["level"], done["suppressed"]) == (2, 0)
    assert {r["ageBroad"] for r in kept} == {"18--29"}
    # Then the specific forms, then the identifying body.
    rows = [row | {"isForcedMarriage": "1"}] * 6 + [row] * 5
    assert ctdc.anonymise(rows, k=11, home="AL")[1]["level"] == 3
    rows = [row | {"identifyingBody": "Police"}] * 6 + [row | {"identifyingBody": "NGO"}] * 5
    kept, done = ctdc.anonymise(rows, k=11, home="AL")
    assert done["level"] == 4 and {r["identifyingBody"] for r in kept} == {""}
    # Nothing helps: everything in a class under k is suppressed, and counted.
    kept, done = ctdc.anonymise(rows[:3], k=11, home="AL")
    assert kept == [] and done["suppressed"] == 3


def test_persons_whose_statistics_consent_was_withdrawn_are_left_out_and_counted(
    victims, withdraw, actors
):
    cases = victims(13)
    withdraw(cases[0])
    extract = ctdc_extract(actor=actors["ap.secretariat"])
    assert len(extract.rows) == 12
    assert (extract.left_out_cases, extract.left_out_persons) == (1, 1)
    assert extract.report()["left_out_persons"] == 1


def test_one_row_per_unique_person(victims, actors):
    cases = victims(12)
    PersonLink.objects.create(
        person_a=cases[0].person,
        person_b=cases[1].person,
        decision=LinkDecision.SAME,
        decided_at=clock.now(),
        decided_by=actors["ap.secretariat"].user,
    )
    extract = ctdc_extract(actor=actors["ap.secretariat"], k=2)
    assert extract.persons == 11 and len(extract.rows) == 11


def test_only_the_ap_secretariat_and_coordinators_make_it(web, victims):
    from nrm.core.errors import Forbidden

    victims(1)
    assert web("police.tirana").get("/exchange/ctdc/").status_code == 404
    with pytest.raises(Forbidden):
        from nrm.accounts.models import User
        from nrm.accounts.policy import actor_for

        ctdc_extract(actor=actor_for(User.objects.get(username="police.tirana")))
    client = web("ap.secretariat")
    assert client.get("/exchange/ctdc/").status_code == 200
    page = client.post("/exchange/ctdc/", {"format": "page"})
    assert page.status_code == 200 and "ctdc-report" in page.content.decode()
    download = client.post("/exchange/ctdc/", {"format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert _rows(download.content.decode()) == []  # one person: under k, suppressed
    report = client.post("/exchange/ctdc/", {"format": "json"}).json()
    assert (report["persons"], report["suppressed"], report["rows"]) == (1, 1, 0)


def test_the_command_writes_the_file_and_its_report(victims, tmp_path):
    victims(11)
    out = tmp_path / "ctdc.csv"
    call_command("ctdc-extract", "--output", str(out), stdout=io.StringIO())
    rows = _rows(out.read_text(encoding="utf-8"))
    assert len(rows) == 11 and _k(rows) >= 11
    report = json.loads((tmp_path / "ctdc.report.json").read_text())
    assert report["k_achieved"] == 11 and report["k_required"] == 11
