"""Codes are enums (architecture issue, part 3): every audit code, access-log action and domain
error code is a member of an app's enum with a label in both languages; the writers accept
nothing else; and every public service leaves a trace in the trail.

(a) labels: every member of every app's enum (the `audit_codes` door, every ErrorCode
    subclass) has an English label and an Albanian translation in the compiled catalogue;
(b) an AST scan of nrm/ finds no string literal or f-string passed as an audit code, an
    access-log action or an error code (the TypeError catches it at run time; this names
    the line);
(c) every public service found as tests/security/test_atomicity.py finds them writes at
    least one audit event when it succeeds on fresh data — or is listed below with why not.
"""

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from django.utils import translation

from nrm.audit.codes import AuditCode
from nrm.audit.doors import audit_codes
from nrm.audit.labels import label
from nrm.audit.models import AccessLog, AuditEvent
from nrm.audit.services import access_record, event_record
from nrm.core.errors import Conflict, CoreError, DomainError, ErrorCode
from nrm.registry.audit_codes import RegistryCode
from tests.security.test_atomicity import HELPERS, SCENARIOS, World, _modules, discovered

ROOT = Path(__file__).resolve().parents[2] / "nrm"

# Members whose Albanian label is, on purpose, the same as the English one.
SAME_IN_BOTH: set[str] = set()


def _subclasses(cls) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def _app_enums(base) -> list[type]:
    # Enums declared by the project (tests may declare throw-away ones).
    return [e for e in _subclasses(base) if e.__module__.startswith("nrm.")]


# --- (a) every member has a label in both languages ---------------------------------------


def test_every_app_enum_of_audit_codes_is_contributed_to_the_door():
    declared = set(_app_enums(AuditCode))
    assert declared, "no AuditCode enum found"
    assert declared == set(audit_codes), "an AuditCode enum is not on the audit_codes door"


def test_no_stored_value_belongs_to_two_enums():
    for base in (AuditCode, ErrorCode):
        seen: dict[str, str] = {}
        for enum in _app_enums(base):
            for member in enum:
                assert member.value not in seen, f"{member.value}: {seen[member.value]}, {enum}"
                seen[member.value] = enum.__name__


@pytest.mark.parametrize(
    "member",
    [m for base in (AuditCode, ErrorCode) for e in _app_enums(base) for m in e],
    ids=lambda m: m.value,
)
def test_every_member_has_an_english_label_and_an_albanian_translation(member):
    with translation.override("en"):
        english = str(member.label)
    with translation.override("sq"):
        albanian = str(member.label)
    assert english.strip() and english != member.value, f"{member.value}: no English label"
    assert albanian.strip(), f"{member.value}: no Albanian label"
    if member.value not in SAME_IN_BOTH:
        assert albanian != english, f"{member.value}: {english!r} has no Albanian translation"


def test_labels_come_from_the_enums_and_old_codes_still_render():
    with translation.override("en"):
        assert label("case.grant_revoked") == "Took back an institution's access"
        assert label(RegistryCode.CASE_VIEW) == "Opened the case page"
        assert label("case.retired_code") == "case.retired_code"  # an old row: the raw code


# --- the writers accept only members --------------------------------------------------------


@pytest.mark.django_db
def test_the_writers_refuse_a_code_that_is_not_a_member(actors, make_case):
    police = actors["police.tirana"]
    case = make_case()
    with pytest.raises(TypeError):
        event_record(actor=police, code="case.created", case_id=case.pk)
    with pytest.raises(TypeError):
        access_record(actor=police, case_id=case.pk, action="case.view")
    assert not AccessLog.objects.filter(case_id=case.pk, action="case.view").exists()


def test_domain_errors_refuse_a_code_that_is_not_a_member():
    with pytest.raises(TypeError):
        Conflict("m", code="retention_not_due")
    with pytest.raises(TypeError):

        class Loose(DomainError):
            code = "loose"

    assert Conflict("m", code=CoreError.CONFLICT).code == "conflict"


# --- (b) no literal code at any call --------------------------------------------------------

CODE_ARGUMENTS = {
    "event_record": "code",
    "access_record": "action",
    "case_open": "action",
    "investigation_information_open": "action",
    "_record": "code",
    "_open": "action",
}
ERRORS = {cls.__name__ for cls in [DomainError, *_subclasses(DomainError)]}


def _literal(node) -> bool:
    return isinstance(node, ast.JoinedStr | ast.BinOp) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _literal_codes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            wanted = CODE_ARGUMENTS.get(name) or ("code" if name in ERRORS else None)
            for kw in node.keywords:
                values = [kw.value]
                if isinstance(kw.value, ast.IfExp):
                    values = [kw.value.body, kw.value.orelse]
                if kw.arg == wanted and any(_literal(v) for v in values):
                    found.append(f"{path}:{node.lineno}: {name}({kw.arg}={ast.unparse(kw.value)})")
            if name == "_open" and len(node.args) >= 3 and _literal(node.args[2]):
                found.append(f"{path}:{node.lineno}: _open(…, {ast.unparse(node.args[2])})")
        if isinstance(node, ast.ClassDef) and any(_name(b) in ERRORS for b in node.bases):
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(getattr(t, "id", "") == "code" for t in stmt.targets)
                    and _literal(stmt.value)
                ):
                    found.append(f"{path}:{stmt.lineno}: class {node.name}: code = literal")
    return found


def test_no_code_is_written_as_a_string_literal():
    found = [hit for path in sorted(ROOT.rglob("*.py")) for hit in _literal_codes(path)]
    assert not found, "codes must be enum members:\n" + "\n".join(found)


def test_the_scan_finds_a_literal(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'event_record(actor=a, code=f"case.{x}_changed")\n'
        'raise Conflict("m", code="retention_not_due")\n'
        'case_open(actor=a, case_id=1, action="case.view")\n'
    )
    assert len(_literal_codes(bad)) == 3


# --- (c) every public service writes an audit event -----------------------------------------

# Public functions of the services modules that succeed without a change event, and why.
# A read leaves an access-log row instead (checked below).
READS = {
    "nrm.registry.services.case_open": "a read: one access-log row",
    "nrm.screening.services.request.investigation_information_open": "a read: one access-log row",
    "nrm.meetings.services.meeting_open": "a read: one access-log row (a meeting about a case)",
    "nrm.casefile.services.document_open": "a read: one access-log row (a download)",
    "nrm.linkage.services.pair_open": "a read: one access-log row per case shown",
}
SILENT = {
    **READS,
    "nrm.registry.services.case_event": (
        "part: hands a case event to the deadline engine inside the caller's transaction"
    ),
    "nrm.registry.person_rights.export.iso": "pure: a date as ISO text",
    "nrm.registry.services.case_notice": (
        "part: hands an act's notice to the deadline engine's inbox inside the caller's "
        "transaction, whose event records the act"
    ),
    "nrm.deadlines.services.inbox.notice_to_addressees": (
        "part: the profile's notice of an act (a new child, an A5, a referral, an "
        "assignment) inside the acting service's transaction, whose event records the act"
    ),
    "nrm.deadlines.services.inbox.notice_send": (
        "part: notices sent inside the caller's transaction (consent_withdraw, the "
        "unusual-reading watch), whose event records them"
    ),
    "nrm.accounts.services.system_user_ensure": (
        "start-up: makes the account the jobs act as, before any actor exists; a no-op after"
    ),
}


def _resolve(name: str):
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr, None)


def _functions() -> dict[str, object]:
    return {
        f"{module.__name__}.{name}": fn
        for module in _modules()
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_public_service_is_exercised_or_exempted():
    """A new public service fails here until it gets a scenario in test_atomicity (and then
    must write an audit event) or an entry above saying why it writes none."""
    functions = _functions()
    assert set(functions) == discovered()
    listed = set(SCENARIOS) | set(HELPERS) | set(SILENT)
    # The person's rights package re-exports its modules' functions: one function, two names.
    covered = {id(_resolve(name)) for name in listed}
    missing = sorted(n for n, fn in functions.items() if n not in listed and id(fn) not in covered)
    assert not missing, f"services with no scenario and no exemption: {missing}"
    assert not set(SILENT) - set(functions), "exemptions of functions that are gone"


@pytest.fixture
def world(actors, make_case):
    return World(actors, make_case)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_public_service_writes_an_audit_event(world, name):
    call = SCENARIOS[name](world)
    events, reads = AuditEvent.objects.count(), AccessLog.objects.count()
    call()
    if name in READS:
        assert AccessLog.objects.count() > reads, f"{name} left no access-log row"
    elif name not in SILENT:
        assert AuditEvent.objects.count() > events, f"{name} wrote no audit event"
