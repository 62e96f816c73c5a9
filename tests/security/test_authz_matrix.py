"""The authorization matrix: every route of the URL configuration × every demo user (and an
anonymous caller) × a case owned by the user's institution, one reached through an accepted
grant, one with a grant still pending, and one foreign to it → the answer the classification
in tests/security/authz_routes.py expects (allowed, 302 to the login page, 401, 403, 404).

A route the URL configuration serves that the table does not classify fails
`test_every_served_route_is_classified`, so every capability is covered from its first
commit. The data is made once, through the services; each request runs in a savepoint that
is rolled back, so one request's writes never change what the next one sees.
"""

import copy
import inspect
import json
import os
import re
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from nrm.linkage.selectors import reviewer
from tests.security import authz_linkage, authz_statistics
from tests.security.authz_routes import (
    INVESTIGATION_READER,
    PUBLIC,
    ROUTES,
    SIGNED_IN,
    SUPERUSER,
    Route,
)

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
SEE_TABLE = "classify it in tests/security/authz_routes.py (its docstring lists the rules)"

# --- the routes the URL configuration serves --------------------------------------------


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def _ninja_path_view(callback):
    """The django-ninja PathView behind a URL pattern (its operations carry the methods)."""
    try:
        found = inspect.getclosurevars(callback).nonlocals.get("self")
    except TypeError:
        return None
    return found if hasattr(found, "operations") else None


@dataclass
class Served:
    api: dict  # (method, pattern) → handler name, for django-ninja operations
    pages: set  # patterns of every other view: the table says which methods it answers
    shadowed: list  # patterns served by two ninja path views (the second never answers)


def served_routes() -> Served:
    api, pages, views, shadowed = {}, set(), {}, []
    for pattern, url in _walk(get_resolver().url_patterns):
        view = _ninja_path_view(url.callback)
        if view is None:
            pages.add(pattern)
            continue
        if views.setdefault(pattern, view) is not view:
            shadowed.append(pattern)
        for operation in view.operations:
            for method in operation.methods:
                api[(method, pattern)] = operation.view_func.__name__
    return Served(api=api, pages=pages, shadowed=shadowed)


def test_every_served_route_is_classified():
    served = served_routes()
    table = {}
    for route in ROUTES:
        assert route.key not in table, f"{route.key} is classified twice"
        table[route.key] = route
    classified_patterns = {pattern for _method, pattern in table}

    missing = [f"{m} /{p}  ({name})" for (m, p), name in served.api.items() if (m, p) not in table]
    missing += [f"ANY /{p}" for p in served.pages if p not in classified_patterns]
    stale = [
        f"{route.method} /{route.pattern}"
        for route in ROUTES
        if not (route.key in served.api or route.pattern in served.pages)
    ]
    assert not missing, "Routes nobody classified — " + SEE_TABLE + ":\n" + "\n".join(missing)
    assert not stale, "Classified routes that are no longer served:\n" + "\n".join(stale)
    assert not served.shadowed, f"Two API routers serve the same path: {served.shadowed}"


def test_the_table_has_a_body_for_every_post_and_none_for_a_get():
    for route in ROUTES:
        assert route.method in ("GET", "POST", "PATCH", "DELETE"), route.key
        assert (route.body is not None) == (route.method in ("POST", "PATCH")), route.key


CASE_PARAMETERS = {"case_id", "interview_id", "participant_id", "record_id"}


def test_a_route_that_names_a_case_or_its_records_has_a_case_rule():
    """Such a route is checked against the four relations; a rule that ignores the case
    (signed in, a capability) would let a caller reach any case by its number."""
    for route in ROUTES:
        names = set(PARAM.findall(route.pattern)) - set(route.values)
        if names & CASE_PARAMETERS:
            assert route.rule.case, f"{route.key}: classify it CASE_READ, case_needs(...), …"


# --- the people and the cases ------------------------------------------------------------

RELATIONS = ("owned", "granted", "pending", "foreign")
ANONYMOUS = "(anonymous)"


def ring(world) -> list[str]:
    """The institutions of the profile's demo users (the secretariat's aside), in a ring:
    each owns one case, gives the next one an accepted grant and the one after that a
    pending one. Seen from institution j: owned = case j, granted = case j-1, pending =
    case j-2, foreign = case j-3. The other county's police sits two places after the
    police so that the police focal point's foreign case is in another county (information
    supporting investigation is read by county)."""
    police = world.demo.user("police").institution
    elsewhere = world.demo.user("police_elsewhere").institution
    apart = {police, elsewhere, world.demo.user("secretariat").institution}
    others = list(
        dict.fromkeys(u.institution for u in world.demo.users if u.institution not in apart)
    )
    found = [police, others[0], elsewhere, *others[1:]]
    assert len(found) >= 4, (
        f"{world.code}: the matrix needs four institutions beside the secretariat"
    )
    return found


def secretariat(world) -> str:
    return world.demo.user("secretariat").institution


def profile_values(world) -> dict[str, str]:
    """What "@profile:<key>" stands for in a body or query of the table (authz_routes)."""
    return {
        "catalogue": world.catalogue.code,
        "county": world.county,
        "police": world.username("police"),
        "shelter": world.institution("shelter").code,
    }


PROFILED = re.compile(r"@profile:(\w+)")


def profiled(value, world):
    """The table's body or query with its "@profile:<key>" replaced by the profile's code."""
    if isinstance(value, str):
        return PROFILED.sub(lambda m: profile_values(world)[m.group(1)], value)
    if isinstance(value, dict):
        return {k: profiled(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [profiled(v, world) for v in value]
    return value


@dataclass
class Records:
    case: object
    interview: object
    participant: object
    consent_record: object


# Beyond the demo's users: a read-only member of the police part's institution (the
# profile's role that may read cases and nothing else), the one role that sees cases but
# may change none of them.
VIEWER = "viewer.matrix"


def viewer_role(profile) -> str:
    return next(r.code for r in profile.roles if tuple(r.capabilities) == ("case.read",))


def _users():
    from nrm.site.demo import demo_users

    return [
        *(username for username, _code, _role in demo_users()),
        "admin",
        VIEWER,
    ]


# Distinctive, so that a response naming a person can be found (the viewer's check below).
FAMILY_NAME = "Zharkalliu"


def _records(world, actor, person_name: str) -> Records:
    """An adult's case with a screening, a planned interview with one participant, a
    consent (A2 and a record of the consent registry) and information supporting
    investigation, all through the services, with the profile's codes."""
    from nrm.consent.services import consent_record
    from nrm.core import clock
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create
    from nrm.screening import services
    from tests.flows.conftest import a2_giver, initial_interview_roles

    case = case_create(
        actor=actor,
        person=PersonInput(
            given_name=person_name,
            family_name=FAMILY_NAME,
            date_of_birth=clock.today() - timedelta(days=365 * 30),
        ),
    )
    services.screening_submit(
        actor=actor, case_id=case.pk, catalogue=world.catalogue.code, indicators=world.indicators()
    )
    stage = world.profile.initial_identification
    interview = services.interview_plan(
        actor=actor,
        case_id=case.pk,
        scheduled_at=clock.now() + timedelta(days=1),
        place="Zyra",
        conditions=[c.code for c in stage.interview_conditions[:2]],
    )
    participant = services.participant_add(
        actor=actor,
        interview_id=interview.pk,
        role=initial_interview_roles(case)[0],
        name="Intervistuesi",
    )
    giver = a2_giver(world, case)
    services.a2_record(
        actor=actor, case_id=case.pk, given=True, given_by=giver, signed_on=clock.today()
    )
    services.investigation_information_record(actor=actor, case_id=case.pk, content="Info")
    record = consent_record(
        actor=actor,
        case_id=case.pk,
        purpose=world.consent_purpose(),
        given=True,
        given_by=giver,
        signed_on=clock.today(),
    )
    case.refresh_from_db()
    return Records(case=case, interview=interview, participant=participant, consent_record=record)


def _pending_grant(case, institution, by):
    # No service asks for access yet (referrals come later), so the row a referral will
    # leave while it awaits an answer is written here directly.
    from nrm.core import clock
    from nrm.registry.models import CaseGrant, GrantKind, GrantStatus

    CaseGrant.objects.create(
        case=case,
        institution=institution,
        kind=GrantKind.REFERRAL,
        status=GrantStatus.PENDING,
        created_at=clock.now(),
        created_by=by,
        reason="Matrix",
    )


@pytest.fixture
def matrix(world):
    """{institution code: {relation: Records}} for the ring and the secretariat (above)."""
    from nrm.accounts.models import Institution, User
    from nrm.accounts.policy import actor_for, system_actor
    from nrm.accounts.services import membership_create, totp_device_start, user_create
    from nrm.registry.services import case_assign
    from nrm.site.demo import demo_users

    codes = ring(world)
    n = len(codes)
    ap_code = secretariat(world)
    institution = {i.code: i for i in Institution.objects.filter(code__in=[*codes, ap_code])}
    owner_of = {}
    for username, code, _role in demo_users():
        owner_of.setdefault(code, actor_for(User.objects.get(username=username)))
    made = {code: _records(world, owner_of[code], f"P{i}") for i, code in enumerate(codes)}
    ap = world.actor("secretariat")
    made[ap_code] = _records(world, ap, "PAP")
    for i, code in enumerate(codes):
        owner = owner_of[code]
        case = made[code].case
        case_assign(
            actor=owner, case_id=case.pk, institution=institution[codes[(i + 1) % n]], reason="M"
        )
        _pending_grant(case, institution[codes[(i + 2) % n]], owner.user)
    # An unconfirmed TOTP device, for the admin pages of devices.
    totp_device_start(actor=world.actor("police"))
    system = system_actor()
    viewer = user_create(actor=system, username=VIEWER, password="a long passphrase")
    membership_create(
        actor=system,
        user=viewer,
        institution=institution[codes[0]],
        role=viewer_role(world.profile),
    )
    case_assign(
        actor=ap, case_id=made[codes[0]].case.pk, institution=institution[ap_code], reason="M"
    )
    _pending_grant(made[codes[1]].case, institution[ap_code], ap.user)

    for records in made.values():
        _seed_markers(records)

    relations = {
        ap_code: dict(zip(RELATIONS, [made[ap_code], *(made[c] for c in codes[:3])], strict=True))
    }
    for j, code in enumerate(codes):
        relations[code] = {
            relation: made[codes[(j - k) % n]] for k, relation in enumerate(RELATIONS)
        }
    return relations


# --- a marker in every classified field ---------------------------------------------------
# Each classified text of each matrix case holds "Qx<case>f<field>xQ" (appended to what it
# held), so a response that shows a field to a caller who may not read its class is found,
# whatever the route. A correction's old and new values carry the corrected field's marker.

MARKER = re.compile(rb"Qx(\d+)f(\d+)xQ")
NOT_TEXT = {"registry.Person.date_of_birth"}  # a date: its class is checked with the names


def classified_fields() -> list[str]:
    """Every classified text field of the profile ("app.Model.field"), in a fixed order."""
    from django.apps import apps
    from django.db.models import CharField, TextField

    from nrm.jurisdictions import get_profile

    found = []
    for klass in get_profile(settings.NRM_JURISDICTION).sensitivity.classes:
        for path in klass.fields:
            app, model, name = path.split(".")
            field = apps.get_model(app, model)._meta.get_field(name)
            text = isinstance(field, CharField | TextField) and path not in NOT_TEXT
            if text and path not in found:
                found.append(path)
    return found


def _marker(case_pk: int, path: str) -> str:
    return f"Qx{case_pk}f{classified_fields().index(path)}xQ"


def _rows_of(model, case):
    names = {f.name for f in model._meta.get_fields()}
    if model._meta.label == "registry.Person":
        return model.objects.filter(pk=case.person_id)
    if model._meta.label == "registry.Case":
        return model.objects.filter(pk=case.pk)
    if "case" in names:
        return model.objects.filter(case=case)
    if "meeting" in names:
        return model.objects.filter(meeting__case=case)
    return model.objects.filter(interview__case=case)


def _seed_markers(records: Records) -> None:
    """Rows for every classified text the services have not written yet, then a marker in
    each (test data written directly, as a factory would)."""
    from django.apps import apps

    from nrm.consent.models import GiverSuspicion
    from nrm.core import clock
    from nrm.registry.models import PersonCorrection, PersonDataRequest
    from nrm.screening.models import ChecklistEntry, InterviewLogEntry

    case = records.case
    by = records.consent_record.recorded_by
    at = clock.now()
    institution = case.owner_institution
    for field in ("given_name", "phone"):
        PersonCorrection.objects.create(
            case=case,
            person=case.person,
            field=field,
            old_value="o",
            new_value="n",
            reason="r",
            requested_by="person",
            requested_on=clock.today(),
            decided_by=by,
            decided_at=at,
            institution=institution,
        )
    PersonDataRequest.objects.create(
        case=case,
        person=case.person,
        requester="person",
        requester_name="x",
        format="json",
        language="sq",
        at=at,
        by=by,
        institution=institution,
    )
    GiverSuspicion.objects.create(
        case=case,
        giver="parent",
        suspected=False,
        note="n",
        recorded_at=at,
        recorded_by=by,
        recorded_by_institution=institution,
    )
    ChecklistEntry.objects.get_or_create(
        case=case,
        kind="action",
        code="assess_indicators",
        defaults={"note": "n", "at": at, "by": by, "institution": institution},
    )
    InterviewLogEntry.objects.create(
        person=case.person,
        case=case,
        at=at,
        by=by,
        institution=institution,
        purpose="p",
        subject="s",
        recorded_at=at,
    )
    for path in classified_fields():
        app, model_name, name = path.split(".")
        model = apps.get_model(app, model_name)
        for row in _rows_of(model, case):
            value = getattr(row, name) or ""
            model.objects.filter(pk=row.pk).update(**{name: f"{value} {_marker(case.pk, path)}"})
    for c in PersonCorrection.objects.filter(case=case):
        marker = _marker(case.pk, f"registry.Person.{c.field}")
        PersonCorrection.objects.filter(pk=c.pk).update(old_value=marker, new_value=marker)


def forbidden_markers(actor, cases) -> set[tuple[int, int]]:
    """(case, field) of every marker the actor may not read: all of a case out of their
    scope, the fields of the classes they do not see on a case in it."""
    from nrm.jurisdictions import get_profile
    from nrm.registry.selectors import case_scope
    from nrm.registry.sensitivity import case_visibility

    fields = classified_fields()
    # Information supporting investigation is read by county, outside the case's scope.
    by_county = set(
        get_profile(settings.NRM_JURISDICTION).sensitivity.klass("investigation").fields
    )
    in_scope = set(case_scope(actor=actor).values_list("pk", flat=True)) if actor else set()
    hidden = set()
    for case in cases:
        visibility = case_visibility(actor, case) if actor else None
        for i, path in enumerate(fields):
            label, _dot, name = path.rpartition(".")
            if (
                visibility is None
                or visibility.hides(label, name)
                or (case.pk not in in_scope and path not in by_county)
            ):
                hidden.add((case.pk, i))
    return hidden


def lazy_panels() -> list[str]:
    from nrm.registry import doors

    return [code for code, _app, panel in doors.case_panels.entries() if panel.lazy]


def _grant_status(case, institution_code):
    from nrm.registry.models import CaseGrant

    return set(
        CaseGrant.objects.filter(case=case, institution__code=institution_code).values_list(
            "status", flat=True
        )
    )


def test_the_relations_are_what_they_say(matrix):
    """The matrix's cases are, from each institution's side, what their labels claim."""
    from nrm.screening.models import FormalIdentificationRequest

    for code, cases in matrix.items():
        assert cases["owned"].case.owner_institution.code == code
        for relation in ("granted", "pending", "foreign"):
            assert cases[relation].case.owner_institution.code != code
        assert _grant_status(cases["granted"].case, code) == {"accepted"}
        assert _grant_status(cases["pending"].case, code) == {"pending"}
        assert _grant_status(cases["foreign"].case, code) == set()
        assert len({r.case.pk for r in cases.values()}) == 4
    # No A5 request: information supporting investigation is then read by county alone.
    assert not FormalIdentificationRequest.objects.exists()


# --- what each answer should be ----------------------------------------------------------


def _surface(route: Route) -> str:
    if route.pattern.startswith("api/"):
        return "api"
    if route.pattern.startswith("admin/"):
        return "admin"
    return "page"


def _investigation_reaches(actor) -> list[str]:
    """The reaches of the profile's readers of information supporting investigation that
    the actor is (sensitivity class `investigation`: role × institution type)."""
    from nrm.jurisdictions import get_profile

    if actor.institution is None:
        return []
    klass = get_profile(settings.NRM_JURISDICTION).sensitivity.klass("investigation")
    return [
        reader.reach
        for reader in klass.readers
        if actor.role in reader.roles
        and (not reader.institution_types or actor.institution.type in reader.institution_types)
    ]


def _reaches(reach: str, actor, relation: str, case) -> bool:
    # No A5 request exists in the matrix (checked above): `county` is the county alone.
    return {
        "all": True,
        "owner": relation == "owned",
        "grant": relation == "granted",
        "involved": relation in ("owned", "granted"),
        "county": bool(case.county) and case.county == actor.institution.county,
    }[reach]


def expected(route: Route, actor, relation: str | None, case) -> str:
    """'allowed', 'login' (302 to the login page), or the refusal's status code."""
    rule = route.rule
    if rule is PUBLIC:
        return "allowed"
    if actor is None:
        return "401" if _surface(route) == "api" else "login"
    if rule is SUPERUSER:
        return "allowed" if actor.user.is_superuser and actor.user.is_staff else "login"
    if rule is SIGNED_IN:
        return "allowed"
    if rule is INVESTIGATION_READER:
        return "allowed" if _investigation_reaches(actor) else "404"
    if rule is authz_linkage.LINKAGE_REVIEWER:
        return "allowed" if reviewer(actor) else "404"
    if rule is authz_statistics.COORDINATOR:
        return "allowed" if authz_statistics.coordinator(actor) else "404"
    if rule.case is None and rule.recorders:
        return "allowed" if _named_by(rule.recorders, actor) else str(rule.refusal)
    if rule.case is None:
        return "allowed" if rule.capability in actor.capabilities else str(rule.refusal)
    if rule.case == "investigation":
        reaches = _investigation_reaches(actor)
        return "allowed" if any(_reaches(r, actor, relation, case) for r in reaches) else "404"
    visible = "case.read" in actor.capabilities and (
        "case.read_all" in actor.capabilities or relation in ("owned", "granted")
    )
    if not visible:
        return "404"
    if rule.capability and rule.capability not in actor.capabilities:
        return str(rule.refusal)
    if rule.owner_only and relation != "owned":
        return str(rule.refusal)
    if rule.recorders and not _named_by(rule.recorders, actor):
        return str(rule.refusal)
    return "allowed"


def _named_by(path: str, actor) -> bool:
    """Whether the profile's list of recorders at `path` ("emergency.reflection_by") names
    the actor's role at their institution's type."""
    from nrm.jurisdictions import get_profile
    from nrm.registry.rules import may_record

    recorders = get_profile(settings.NRM_JURISDICTION)
    for part in path.split("."):
        recorders = getattr(recorders, part)
    kind = actor.institution.type if actor.institution else None
    return may_record(role=actor.role, institution_type=kind, recorders=recorders)


def _refused_by_message(response) -> bool:
    """A page that catches Forbidden shows the error's message (on the form, or on the page
    it sends the caller back to): the 403 of a form post."""
    from django.contrib.messages import get_messages
    from django.utils import translation

    from nrm.core.errors import Forbidden

    refusals = set()
    for language in ("sq", "en"):
        with translation.override(language):
            refusals.add(str(Forbidden().message))
    return any(str(m) in refusals for m in get_messages(response.wsgi_request))


def outcome(route: Route, response) -> str:
    """The answer in the matrix's terms: 'allowed', 'login', or the status code."""
    status = response.status_code
    location = response.get("Location", "")
    login = "/admin/login/" if _surface(route) == "admin" else "/login/"
    if status == 302 and location.startswith(login) and route.rule is not PUBLIC:
        return "login"  # (a public route may send anyone there: logging out does)
    if _surface(route) == "page" and _refused_by_message(response):
        return "403"
    if status in route.allowed_statuses:
        return "allowed"
    return str(status)


# --- calling the routes -------------------------------------------------------------------


def _value(ref, records: Records | None):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    if not isinstance(ref, str) or not ref.startswith("@"):
        return ref
    kind, _sep, label = ref[1:].partition(":")
    if kind in ("case", "interview", "participant", "consent_record"):
        return getattr(records, kind).pk
    if kind in ("user", "cast"):
        from nrm.accounts.models import User
        from nrm.jurisdictions import get_profile

        if kind == "cast":
            label = get_profile(settings.NRM_JURISDICTION).demo.cast[label]
        return User.objects.get(username=label).pk
    model = apps.get_model(label)
    if kind == "contenttype":
        return ContentType.objects.get_for_model(model).pk
    return model.objects.order_by("pk").values_list("pk", flat=True).first() or 0


def url_of(route: Route, records: Records | None, world=None) -> str:
    defaults = {
        "case_id": "@case",
        "interview_id": "@interview",
        "participant_id": "@participant",
        "record_id": "@consent_record",
    }
    values = {**defaults, **route.values}
    path = route.path or PARAM.sub(
        lambda m: str(_value(values[m.group(1)], records)), route.pattern
    )
    query = profiled(route.query, world) if world else route.query
    return "/" + path + (f"?{query}" if query else "")


def call(client: Client, route: Route, url: str, token: str | None, world=None):
    """One request, rolled back afterwards with the cookies it set (a log-out, a language)."""
    cookies = copy.copy(client.cookies)
    body = profiled(route.body, world) if world else route.body
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token and _surface(route) == "api" else {}
    with transaction.atomic():
        if route.method == "GET":
            response = client.get(url, **extra)
        elif route.method == "DELETE":
            response = client.delete(url, **extra)
        elif route.method == "PATCH":
            response = client.patch(url, json.dumps(body), content_type="application/json", **extra)
        elif _surface(route) == "api":
            response = client.post(url, body, content_type="application/json", **extra)
        else:
            response = client.post(url, body, **extra)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _selected(routes):
    """NRM_MATRIX_ONLY=shelters/,api/v1/plans runs only the routes whose pattern holds one of
    the parts, while a table is being written; unset (CI), every route runs."""
    parts = [p for p in os.environ.get("NRM_MATRIX_ONLY", "").split(",") if p]
    return [r for r in routes if not parts or any(p in r.pattern for p in parts)]


@pytest.mark.once
def test_authorization_matrix(world, matrix, settings, monkeypatch):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.accounts.services import api_token_issue
    from nrm.api import api
    from nrm.screening import pdf
    from nrm.site import views as site_views

    settings.DEBUG = False
    # The documents are decided (case, record, form) before they are printed; WeasyPrint's
    # half second per PDF is tested in tests/screening, not here: the HTML stands in for it.
    monkeypatch.setattr(pdf, "render_pdf", lambda html: html.encode())
    monkeypatch.setattr(site_views, "render_pdf", lambda html: html.encode())  # the guides
    # The OpenAPI document is the same for every caller (public, no case): built once.
    schema = api.get_openapi_schema
    built = {}
    monkeypatch.setattr(
        api, "get_openapi_schema", lambda **kw: built.setdefault("schema", schema(**kw))
    )
    people = [*_users(), ANONYMOUS]
    cases = {r.case.pk: r.case for by in matrix.values() for r in by.values()}.values()
    mismatches, requests, spent = [], 0, {}
    started = time.monotonic()
    for username in people:
        client = Client(raise_request_exception=False)
        actor = token = None
        if username != ANONYMOUS:
            user = User.objects.get(username=username)
            actor = actor_for(user)
            client.force_login(user)
            token = api_token_issue(actor=actor)
        hidden = forbidden_markers(actor, cases)
        # Users without an institution (the administrator, anonymous callers) meet the cases
        # as they stand to the police part: none of them is theirs.
        code = actor.institution.code if actor and actor.institution else ring(world)[0]
        for route in _selected(ROUTES):
            relations = RELATIONS if route.rule.case else (None,)
            for relation in relations:
                records = matrix[code][relation] if relation else None
                case = records.case if records else None
                want = expected(route, actor, relation, case)
                began = time.monotonic()
                response = call(client, route, url_of(route, records, world), token, world)
                spent[route.key] = spent.get(route.key, 0.0) + time.monotonic() - began
                requests += 1
                got = outcome(route, response)
                body = _body(response)
                leaked = {(int(c), int(f)) for c, f in MARKER.findall(body)} & hidden
                for case_pk, index in sorted(leaked):
                    mismatches.append(
                        f"{route.method} /{route.pattern} as {username}: "
                        f"{classified_fields()[index]} of case {case_pk} shown"
                    )
                if username == VIEWER and FAMILY_NAME.encode() in body:
                    # Sensitivity: a role that sees no identity reads no name, on any route.
                    mismatches.append(f"{route.method} /{route.pattern}: a name shown to {VIEWER}")
                if got != want:
                    where = f" on the {relation} case" if relation else ""
                    mismatches.append(
                        f"{route.method} /{route.pattern} [{route.rule}] as {username}{where}: "
                        f"expected {want}, got {got} ({response.status_code} "
                        f"{response.get('Location', '')})"
                    )
        # Every lazy panel of the case page (the table calls one of them by its route).
        for relation in RELATIONS if actor else ():
            case = matrix[code][relation].case
            for panel in lazy_panels():
                response = client.get(f"/cases/{case.pk}/panels/{panel}/")
                requests += 1
                leaked = {(int(c), int(f)) for c, f in MARKER.findall(response.content)} & hidden
                for case_pk, index in sorted(leaked):
                    mismatches.append(
                        f"GET /cases/<id>/panels/{panel}/ as {username}: "
                        f"{classified_fields()[index]} of case {case_pk} shown"
                    )
    elapsed = time.monotonic() - started
    print(
        f"\nauthorization matrix ({world.code}): {len(ROUTES)} routes × {len(people)} callers × "
        f"{len(RELATIONS)} relations (case routes) = {requests} requests in {elapsed:.1f} s"
    )
    slowest = sorted(spent.items(), key=lambda item: -item[1])[:5]
    print("slowest:", ", ".join(f"{m} /{p} {t:.1f} s" for (m, p), t in slowest))
    assert not mismatches, f"{len(mismatches)} of {requests} answers differ:\n" + "\n".join(
        mismatches
    )
