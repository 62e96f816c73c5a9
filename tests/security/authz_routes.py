"""Who may use which route: the classification behind tests/security/test_authz_matrix.py.

One entry per route and method the URL configuration serves (pages, the admin site, i18n and
every django-ninja operation). The matrix test walks `django.urls.get_resolver()`; a route
that is served but not listed here, or listed but no longer served, fails the test. When you
add a route, add its entry here: pick the rule that the view or handler applies (read it),
and give a POST a body that gets past form or schema validation to the authorization check
(a form that fails validation is sent back before the service is asked).

Rules (what the test expects; "allowed" means the route did its work — see `Route.ok`):

  PUBLIC        anyone, signed in or not
  SIGNED_IN     any signed-in user; the answer holds only what the caller's scope allows
  needs(cap)    a capability of the caller's profile role; otherwise `refusal` (404 where
                the page does not exist for them, 403 in the API and the audit pages)
  SUPERUSER     the Django admin site: staff superusers; everyone else is sent to its login
  INVESTIGATION_READER   a reader of the profile's sensitivity class `investigation`
                (role × institution type); otherwise 404
  CASE_READ     the case is visible: owned, reached through an accepted grant, or every case
                with case.read_all; otherwise 404, exactly like a missing case
  case_needs(cap)  CASE_READ, and the capability: 403 when the case is visible but the role
                lacks it (a page may instead show the refusal's message, "You do not have
                permission to do this.", on the page or the one it sends back to: that
                counts as 403). CASE_WRITE = case.update, CASE_AUDIT = audit.read,
                CASE_RIGHTS = person.rights (the person's data export and corrections);
                CASE_OWNER_WRITE = case.update on a case the caller's institution owns
                (403 on a case seen through a grant or case.read_all)
  CASE_INVESTIGATION  information supporting investigation of one case: a reader of the class
                whose reach covers the case (`all`; `county`: the case's county or an A5
                addressed to the reader's institution; `owner`, `grant`, `involved`), whether
                or not the case is otherwise visible to them (SOP §2.6); otherwise 404

Anonymous callers: PUBLIC routes work; pages redirect to /login/ (the admin site to
/admin/login/); the API answers 401.

URL values: `<case_id>` is the case of the relation under test, `<interview_id>` and
`<participant_id>` that case's planned interview and its participant, `<record_id>` its
consent record; `values` names the others ("@participant", "@user:<username>", "@cast:<part>"
for the demo user who plays that part, "@admin:<app>.<model>" for an admin object,
"@contenttype:<app>.<model>").

The matrix runs on every profile (tests/worlds.py): a body or query never names a profile's
code; "@profile:<key>" stands for it (the matrix's `PROFILE_VALUES`: catalogue, county,
police, shelter).
"""

from tests.security import (
    authz_actionplan,
    authz_casefile,
    authz_emergency,
    authz_exchange,
    authz_linkage,
    authz_plans,
    authz_reintegration,
    authz_shelters,
    authz_statistics,
)
from tests.security.authz_rules import (  # noqa: F401 (re-exported to the matrix test)
    CASE_AUDIT,
    CASE_GROUP,
    CASE_INVESTIGATION,
    CASE_OWNER_WRITE,
    CASE_READ,
    CASE_RIGHTS,
    CASE_WRITE,
    GET_OK,
    INVESTIGATION_READER,
    NOW,
    POST_OK,
    PUBLIC,
    SIGNED_IN,
    SUPERUSER,
    TODAY,
    R,
    Route,
    Rule,
    case_needs,
    needs,
)

ACCOUNTS = [
    R("GET", "login/", PUBLIC),
    R("POST", "login/", PUBLIC, body={}, note="empty form: no password is tried"),
    R("POST", "logout/", PUBLIC, body={}),
    R("GET", "2fa/setup/", SIGNED_IN),
    R("POST", "2fa/setup/", SIGNED_IN, body={"token": "000000"}),
    R("GET", "2fa/verify/", SIGNED_IN, ok=(302,), note="not enrolled: sent to 2fa/setup/"),
    R("POST", "2fa/verify/", SIGNED_IN, body={"token": "000000"}, ok=(302,)),
    R("GET", "account/tokens/", SIGNED_IN, note="the caller's own tokens only"),
    R("POST", "account/tokens/", SIGNED_IN, body={"revoke": "0"}, note="no such token: 302"),
    R("POST", "i18n/setlang/", PUBLIC, body={"language": "en", "next": "/"}),
]

REGISTRY = [
    R("GET", "", SIGNED_IN, note="counts for coordinators, 'My work' for the others"),
    R("GET", "my-work/", SIGNED_IN, note="each section scoped to the caller (docs/home.md)"),
    R("GET", "cases/", SIGNED_IN),
    R("GET", "cases/export.csv", SIGNED_IN),
    R("GET", "cases/new/", needs("case.create")),
    R("POST", "cases/new/", needs("case.create"), body={}),
    R("GET", "cases/<int:case_id>/", CASE_READ, note="the access log on it needs audit.read"),
    R(
        "POST",
        "cases/<int:case_id>/status/",
        CASE_WRITE,
        body={"field": "stage", "to": "closed", "reason": "Matrix"},
        note="an invalid form redirects to the case page before any check: reveals nothing",
    ),
    R(
        "POST",
        "cases/<int:case_id>/exploitation/",
        CASE_WRITE,
        body={"forms": "begging", "expected_version": "0"},
        note="an old version: sent back with the conflict's message after the checks",
    ),
    R("GET", "cases/<int:case_id>/person/", CASE_OWNER_WRITE),
    R(
        "POST",
        "cases/<int:case_id>/person/",
        CASE_OWNER_WRITE,
        body={"given_name": "Ana", "sex": "female", "expected_version": "1"},
        note="a form that names a version: saved, or a conflict shown on the form",
    ),
    R(
        "POST",
        "cases/<int:case_id>/person-export/",
        CASE_RIGHTS,
        body={"requester": "person", "format": "json", "language": "sq"},
    ),
    R(
        "POST",
        "cases/<int:case_id>/corrections/",
        CASE_RIGHTS,
        body={"field": "given_name", "value": "Ana", "reason": "M", "requested_by": "person"},
    ),
]

DEADLINES = [
    R("GET", "deadlines/", SIGNED_IN),
    R("GET", "deadlines/monitor/", needs("deadlines.monitor")),
    R("GET", "deadlines/monitor/export.csv", needs("deadlines.monitor")),
    R("GET", "inbox/", SIGNED_IN),
    R("GET", "inbox/badge/", SIGNED_IN),
    R("POST", "inbox/read/", SIGNED_IN, body={}, note="marks only the caller's notifications"),
    R("POST", "inbox/preference/", SIGNED_IN, body={"channel": "inbox"}),
]

SCREENING = [
    R("GET", "identifications/new/", needs("case.create")),
    R("POST", "identifications/new/", needs("case.create"), body={}),
    R("GET", "identifications/queue/", SIGNED_IN, note="A5 requests addressed to the caller"),
    R("GET", "investigation/", INVESTIGATION_READER),
    R("GET", "cases/<int:case_id>/identification/", CASE_READ),
    R("GET", "cases/<int:case_id>/history/", CASE_READ, note="the status history, paged"),
    R(
        "GET",
        "cases/<int:case_id>/panels/<str:code>/",
        CASE_READ,
        values={"code": "registry.person-rights"},
        note="a lazy panel of the case page (the person's data; consent: same view)",
    ),
    R("GET", "cases/<int:case_id>/screening/", CASE_READ, note="the form; saving is a write"),
    R(
        "POST",
        "cases/<int:case_id>/screening/",
        CASE_WRITE,
        body={"catalogue": "@profile:catalogue"},
    ),
    R("POST", "cases/<int:case_id>/checklist/", CASE_WRITE, body={"kind": "action"}),
    R("GET", "cases/<int:case_id>/interviews/new/", CASE_READ),
    R(
        "POST",
        "cases/<int:case_id>/interviews/new/",
        CASE_WRITE,
        body={"scheduled_at": "2026-01-16 10:00", "place": "M", "same_gender": "yes"},
    ),
    R(
        "POST",
        "cases/<int:case_id>/interview-log/",
        CASE_WRITE,
        body={"at": "2026-01-15 10:00", "purpose": "Matrix"},
    ),
    R(
        "POST",
        "cases/<int:case_id>/consent/",
        CASE_WRITE,
        body={"given": "yes", "given_by": "person", "signed_on": TODAY},
    ),
    R("GET", "cases/<int:case_id>/formal-identification/", CASE_READ),
    R(
        "POST",
        "cases/<int:case_id>/formal-identification/",
        CASE_WRITE,
        body={"send": "1", "county": "@profile:county"},
    ),
    R("GET", "cases/<int:case_id>/investigation/", CASE_INVESTIGATION),
    R("POST", "cases/<int:case_id>/investigation/add/", CASE_WRITE, body={"content": "Matrix"}),
    R("GET", "cases/<int:case_id>/documents/<slug:form>.pdf", CASE_READ, values={"form": "a2"}),
    R(
        "GET",
        "cases/<int:case_id>/documents/<slug:form>/<int:object_id>.pdf",
        CASE_READ,
        values={"form": "a1", "object_id": "@participant"},
    ),
    R("GET", "interviews/<int:interview_id>/", CASE_READ),
    R(
        "POST",
        "interviews/<int:interview_id>/participants/",
        CASE_WRITE,
        body={"role": "interviewer", "name": "M"},
    ),
    R("POST", "interviews/<int:interview_id>/held/", CASE_WRITE, body={}),
    R(
        "POST",
        "participants/<int:participant_id>/declaration/",
        CASE_WRITE,
        body={"signed_on": TODAY},
    ),
    R("POST", "participants/<int:participant_id>/remove/", CASE_WRITE, body={}),
]

# Formal identification (nrm.identification). The matrix's world has no group, formal
# interview or decision: routes of those records answer 404 to everyone (their scoping by
# case is tested in tests/identification).
NO_RECORD = (404,)
IDENTIFICATION = [
    R("GET", "identification/", SIGNED_IN, note="the group's queue: A5s to the institution"),
    R("GET", "identification/cases/<int:case_id>/", CASE_READ),
    R("POST", "identification/cases/<int:case_id>/seat/", CASE_WRITE, body={}),
    R("POST", "identification/cases/<int:case_id>/open/", CASE_WRITE, body={}),
    R(
        "POST",
        "identification/cases/<int:case_id>/interviews/new/",
        CASE_WRITE,
        body={"scheduled_at": "2026-01-15T10:00", "place": "M"},
    ),
    R(
        "POST",
        "identification/cases/<int:case_id>/decision/",
        CASE_WRITE,
        body={"consensus": "no", "decided_on": TODAY, "reasoning": "M"},
        note="a non-member's refusal is the group's own message: shown, 302",
    ),
    R(
        "POST",
        "identification/cases/<int:case_id>/ap/",
        CASE_WRITE,
        body={"scheduled_for": "2026-01-15T10:00"},
    ),
    *(
        R(
            m,
            f"identification/interviews/<int:formal_interview_id>/{tail}",
            SIGNED_IN,
            body={} if m == "POST" else None,
            values={"formal_interview_id": 0},
            ok=NO_RECORD,
        )
        for m, tail in (
            ("GET", ""),
            ("POST", "participants/"),
            ("POST", "start/"),
            ("POST", "end/"),
            ("POST", "needs/"),
        )
    ),
    *(
        R(
            "POST",
            f"identification/decisions/<int:decision_id>/{tail}",
            SIGNED_IN,
            body={},
            values={"decision_id": 0},
            ok=NO_RECORD,
        )
        for tail in ("send/", "notice/")
    ),
    R(
        "GET",
        "identification/documents/<slug:form>/<int:object_id>.pdf",
        SIGNED_IN,
        values={"form": "b3", "object_id": 0},
        ok=NO_RECORD,
    ),
]

AUDIT = [
    R("GET", "audit/alerts/", needs("audit.read", 403)),
    R(
        "GET",
        "audit/users/<int:user_id>/access/",
        needs("audit.read", 403),
        values={"user_id": "@cast:police"},
    ),
    R("GET", "cases/<int:case_id>/audit-trail.csv", CASE_AUDIT),
    R("GET", "cases/<int:case_id>/access/", CASE_AUDIT, note="every read of the case, paged"),
    R("GET", "cases/<int:case_id>/changes/", CASE_AUDIT, note="every change event, paged"),
]

CONSENT = [
    R(
        "POST",
        "cases/<int:case_id>/consent-records/",
        CASE_WRITE,
        body={"purpose": "services", "given": "true", "given_by": "person", "signed_on": TODAY},
    ),
    R(
        "POST",
        "cases/<int:case_id>/consent-records/suspicion/",
        CASE_WRITE,
        body={"giver": "parent", "suspected": "true"},
    ),
    R("POST", "consent-records/<int:record_id>/withdraw/", CASE_WRITE, body={"reason": "M"}),
]

API = [
    R("GET", "api/v1/", PUBLIC, ok=(404,), note="django-ninja's root: always 404"),
    R("GET", "api/v1/openapi.json", PUBLIC),
    R("GET", "api/v1/health", PUBLIC),
    R(
        "POST",
        "api/v1/auth/token",
        PUBLIC,
        body={"username": "@profile:police", "password": "demo"},
        note="issues a token for the credentials given, whoever calls",
    ),
    R("GET", "api/v1/auth/tokens", SIGNED_IN, note="the caller's own tokens only"),
    R(
        "DELETE",
        "api/v1/auth/tokens/<token_id>",
        SIGNED_IN,
        values={"token_id": "0"},
        ok=(404,),
        note="only one's own token: none has number 0 (404 as for another user's)",
    ),
    R("GET", "api/v1/cases", SIGNED_IN),
    R("POST", "api/v1/cases", needs("case.create", 403), body={"person": {"given_name": "Ana"}}),
    R("GET", "api/v1/cases/<int:case_id>", CASE_READ),
    R("GET", "api/v1/cases/<int:case_id>/history", CASE_READ),
    # Without the version the change is refused (400) after the case and case.update are
    # checked; who may decide, close or reopen is asked after that (tests/registry/
    # test_status_authority.py covers those refusals).
    R(
        "POST",
        "api/v1/cases/<int:case_id>/status-decisions",
        CASE_WRITE,
        body={"kind": "group_decision", "to": "victim", "decision_reference": "M", "reason": "M"},
    ),
    R("POST", "api/v1/cases/<int:case_id>/close", CASE_WRITE, body={"reason_code": "other"}),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/exploitation-forms",
        CASE_WRITE,
        body={"forms": ["forced_criminality"]},
        note="no expected_version: 400 after the checks",
    ),
    R("POST", "api/v1/cases/<int:case_id>/reopen", CASE_WRITE, body={"reason": "Matrix"}),
    R(
        "PATCH",
        "api/v1/cases/<int:case_id>/person",
        CASE_OWNER_WRITE,
        body={"given_name": "Ana", "expected_version": 1},
    ),
    R("GET", "api/v1/cases/<int:case_id>/access-log", CASE_AUDIT),
    R("GET", "api/v1/cases/<int:case_id>/deadlines", CASE_READ),
    R("GET", "api/v1/indicator-catalogues", SIGNED_IN),
    R("GET", "api/v1/indicators", SIGNED_IN, query="catalogue=@profile:catalogue"),
    R("GET", "api/v1/cases/<int:case_id>/screenings", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/screenings",
        CASE_WRITE,
        body={"catalogue": "@profile:catalogue", "indicators": []},
    ),
    R("GET", "api/v1/cases/<int:case_id>/checklist", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/checklist",
        CASE_WRITE,
        body={"kind": "action", "code": "no-such-action"},
    ),
    R("GET", "api/v1/cases/<int:case_id>/interviews", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/interviews",
        CASE_WRITE,
        body={"scheduled_at": NOW, "place": "Matrix"},
    ),
    R(
        "POST",
        "api/v1/interviews/<int:interview_id>/participants",
        CASE_WRITE,
        body={"role": "interviewer", "name": "Matrix"},
    ),
    R(
        "POST",
        "api/v1/participants/<int:participant_id>/declaration",
        CASE_WRITE,
        body={"signed_on": TODAY},
    ),
    R("POST", "api/v1/interviews/<int:interview_id>/held", CASE_WRITE, body={}),
    R("GET", "api/v1/cases/<int:case_id>/interview-log", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/interview-log",
        CASE_WRITE,
        body={"at": NOW, "purpose": "Matrix"},
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/consents",
        CASE_WRITE,
        body={"given": True, "given_by": "person", "signed_on": TODAY},
    ),
    R("POST", "api/v1/cases/<int:case_id>/formal-identification-requests", CASE_WRITE, body={}),
    R("GET", "api/v1/formal-identification-queue", SIGNED_IN),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/decisions",
        CASE_GROUP,
        body={"outcome": None, "consensus": False, "decided_on": TODAY, "reasoning": "M"},
    ),
    R("GET", "api/v1/cases/<int:case_id>/decisions", CASE_READ),
    R("POST", "api/v1/cases/<int:case_id>/formal-identification/seat", CASE_WRITE, body={}),
    R(
        "POST",
        "api/v1/decisions/<int:decision_id>/notice",
        SIGNED_IN,
        body={"notified_on": TODAY},
        values={"decision_id": 0},
        ok=NO_RECORD,
    ),
    R(
        "POST",
        "api/v1/decisions/<int:decision_id>/send-to-ap",
        SIGNED_IN,
        body={},
        values={"decision_id": 0},
        ok=NO_RECORD,
    ),
    R("GET", "api/v1/cases/<int:case_id>/investigation-information", CASE_INVESTIGATION),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/investigation-information",
        CASE_WRITE,
        body={"content": "Matrix"},
    ),
    R("GET", "api/v1/cases/<int:case_id>/audit-trail", CASE_AUDIT),
    R("GET", "api/v1/cases/<int:case_id>/consent-records", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/consent-records",
        CASE_WRITE,
        body={"purpose": "services", "given": True, "given_by": "person", "signed_on": TODAY},
    ),
    R("POST", "api/v1/consent-records/<int:record_id>/withdraw", CASE_WRITE, body={"reason": "M"}),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/consent-giver-suspicions",
        CASE_WRITE,
        body={"giver": "parent", "suspected": True},
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/person-export",
        CASE_RIGHTS,
        body={"requester": "person"},
    ),
    R("GET", "api/v1/cases/<int:case_id>/corrections", CASE_READ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/corrections",
        CASE_RIGHTS,
        body={"field": "given_name", "value": "Ana", "reason": "M", "requested_by": "person"},
    ),
]

# The admin site: every registered model has the same six pages. A model registered in the
# admin is a new way to reach data, so it must be named here too. Reference data only: the
# administrator reads no case data (no access log there, no need to know).
ADMIN_MODELS = [
    "auth.group",
    "django_tasks_database.dbtaskresult",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "accounts.institution",
    "accounts.user",
    "accounts.membership",
    "deadlines.closureday",
]


def _admin_model(label: str) -> list[Route]:
    base = "admin/" + label.replace(".", "/") + "/"
    obj = {"object_id": f"@admin:{label}"}
    # The first object of the model; when the matrix made none, the admin sends a superuser
    # to its index (302). A read-only admin answers 403 to add and delete.
    found = (200, 302)
    return [
        R("GET", base, SUPERUSER),
        R("GET", base + "add/", SUPERUSER, ok=(200, 403)),
        R("GET", base + "<path:object_id>/history/", SUPERUSER, values=obj, ok=found),
        R("GET", base + "<path:object_id>/delete/", SUPERUSER, values=obj, ok=(*found, 403)),
        R("GET", base + "<path:object_id>/change/", SUPERUSER, values=obj, ok=found),
        R("GET", base + "<path:object_id>/", SUPERUSER, values=obj, ok=(301, 302)),
    ]


# Meetings name a meeting, not a case: who sees one (its body's members and conveners, its
# attendees, a tasked institution; the case visible) is tested in tests/meetings. Here every
# caller asks for a meeting and a task that do not exist: 404 alike, after sign-in.
NO_MEETING = {"meeting_id": "0"}
MEETINGS = [
    R("GET", "meetings/", SIGNED_IN, note="the caller's meetings and their institution's tasks"),
    R(
        "GET",
        "meetings/new/",
        SIGNED_IN,
        ok=(404,),
        note="no case named: 404 alike; the case's scope (404), who convenes (403) and the "
        "purposes offered are tested in tests/emergency/test_ap_meetings.py",
    ),
    R(
        "POST",
        "meetings/new/",
        SIGNED_IN,
        body={"body": "ap", "purpose": "M", "agenda": "M", "scheduled_for": "2026-01-15T10:00"},
        ok=(404,),
        note="no case named: 404 alike",
    ),
    R("GET", "meetings/<int:meeting_id>/", SIGNED_IN, values=NO_MEETING, ok=(404,)),
    R("GET", "meetings/<int:meeting_id>/minutes.pdf", SIGNED_IN, values=NO_MEETING, ok=(404,)),
    *(
        R(
            "POST",
            f"meetings/<int:meeting_id>/{action}/",
            SIGNED_IN,
            body=body,
            values=NO_MEETING,
            ok=(404,),
        )
        for action, body in (
            ("attendance", {"present": ["1"], "held_at": "2026-01-15T10:00"}),
            (
                "decision",
                {"outcome": "approved", "text": "M", "votes_for": "1", "votes_against": "0"},
            ),
            ("minutes", {"minutes": "M", "reference": "1"}),
            ("tasks", {"text": "M", "due_on": "2026-01-20"}),
            ("cancel", {"reason": "M"}),
        )
    ),
    R(
        "POST",
        "meetings/tasks/<int:task_id>/done/",
        SIGNED_IN,
        body={"note": "M"},
        values={"task_id": "0"},
        ok=(404,),
    ),
    R("GET", "api/v1/meetings", SIGNED_IN, note="the caller's meetings only"),
    R("GET", "api/v1/meetings/<int:meeting_id>", SIGNED_IN, values=NO_MEETING, ok=(404,)),
    R(
        "POST",
        "api/v1/meetings/<int:meeting_id>/attendance",
        SIGNED_IN,
        body={"present": [1], "held_at": NOW},
        values=NO_MEETING,
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/meetings/<int:meeting_id>/decisions",
        SIGNED_IN,
        body={"outcome": "approved", "text": "M", "votes_for": 1},
        values=NO_MEETING,
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/meetings/<int:meeting_id>/minutes",
        SIGNED_IN,
        body={"minutes": "M", "reference": "1"},
        values=NO_MEETING,
        ok=(404,),
    ),
]


ADMIN = [
    R("GET", "admin/", SUPERUSER),
    R("GET", "admin/login/", PUBLIC, ok=(200, 302), note="a signed-in superuser is sent on"),
    R("POST", "admin/logout/", PUBLIC, body={}, note="logs out whoever calls"),
    R("GET", "admin/password_change/", SUPERUSER),
    R("GET", "admin/password_change/done/", SUPERUSER),
    R("GET", "admin/autocomplete/", SUPERUSER, ok=(403,), note="without a field: 403 to all"),
    R("GET", "admin/jsi18n/", SUPERUSER),
    R(
        "GET",
        "admin/r/<path:content_type_id>/<path:object_id>/",
        SUPERUSER,
        values={
            "content_type_id": "@contenttype:accounts.institution",
            "object_id": "@admin:accounts.institution",
        },
        ok=(404,),
        note="no model has get_absolute_url(): the shortcut finds nothing to show",
    ),
    R(
        "GET",
        "admin/^(?P<app_label>auth|django_tasks_database|axes|otp_totp|accounts|deadlines)/$",
        SUPERUSER,
        path="admin/accounts/",
    ),
    R("GET", "admin/(?P<url>.*)$", SUPERUSER, path="admin/no-such-page/", ok=(404,)),
    R(
        "GET",
        "admin/accounts/user/<id>/password/",
        SUPERUSER,
        values={"id": "@admin:accounts.user"},
    ),
    R(
        "GET",
        "admin/otp_totp/totpdevice/<int:pk>/config/",
        SUPERUSER,
        values={"pk": "@admin:otp_totp.totpdevice"},
    ),
    R(
        "GET",
        "admin/otp_totp/totpdevice/<int:pk>/qrcode/",
        SUPERUSER,
        values={"pk": "@admin:otp_totp.totpdevice"},
        ok=(200, 503),
        note="503: the optional qrcode package is not installed",
    ),
    *(route for label in ADMIN_MODELS for route in _admin_model(label)),
]


# Appeals (nrm.appeals): received and recorded by who the profile's `appeals.recorded_by`
# names (Albania: the AP secretariat; Kosovo: the Secretariat and the victim advocates; a page
# shows the refusal's message, the API answers 403).
# The matrix makes no appeal: a route of one appeal answers 404 to everyone signed in, as
# for an appeal whose case they cannot see (tests/appeals checks who sees an appeal).
NO_APPEAL = {"appeal_id": "@admin:appeals.appeal"}
AP_ONLY = Rule(
    "case + appeals.recorded_by", case="case", refusal=403, recorders="appeals.recorded_by"
)
APPEALS_READER = Rule("appeals.recorded_by", recorders="appeals.recorded_by")
APPEALS = [
    R("GET", "appeals/", APPEALS_READER, note="the recorders and the Commission"),
    R("GET", "appeals/commission/", APPEALS_READER),
    R("POST", "appeals/commission/", APPEALS_READER, body={}, note="an invalid form: 200"),
    R(
        "POST",
        "cases/<int:case_id>/appeals/new/",
        AP_ONLY,
        body={
            "appellant": "legal_representative",
            "appellant_name": "M",
            "filed_on": TODAY,
            "arguments": "M",
        },
    ),
    R("POST", "cases/<int:case_id>/appeals/notice/", AP_ONLY, body={"notified_on": TODAY}),
    R(
        "POST",
        "cases/<int:case_id>/appeals/waiver/",
        AP_ONLY,
        body={"appellant": "legal_representative", "waived_on": TODAY},
    ),
    R(
        "POST",
        "cases/<int:case_id>/appeals/reevaluation/",
        AP_ONLY,
        body={"filed_on": TODAY, "arguments": "M"},
    ),
    R("GET", "appeals/<int:appeal_id>/", SIGNED_IN, values=NO_APPEAL, ok=(404,)),
    R("GET", "appeals/<int:appeal_id>/decision.pdf", SIGNED_IN, values=NO_APPEAL, ok=(404,)),
    *[
        R(
            "POST",
            f"appeals/<int:appeal_id>/{step}/",
            SIGNED_IN,
            body={},
            values=NO_APPEAL,
            ok=(404,),
        )
        for step in (
            "convene",
            "review",
            "information",
            "attendance",
            "decision",
            "notices",
            "withdraw",
            "court",
            "ruling",
        )
    ],
    R(
        "POST",
        "appeals/information/<int:request_id>/answer/",
        SIGNED_IN,
        body={},
        values={"request_id": "0"},
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/appeals",
        AP_ONLY,
        body={
            "appellant": "legal_representative",
            "appellant_name": "M",
            "filed_on": TODAY,
            "arguments": "M",
        },
    ),
    R("GET", "api/v1/appeals", SIGNED_IN, note="the appeals of the caller's cases"),
    R("GET", "api/v1/appeals/<int:appeal_id>", SIGNED_IN, values=NO_APPEAL, ok=(404,)),
    R(
        "POST",
        "api/v1/appeals/<int:appeal_id>/withdraw",
        SIGNED_IN,
        body={"reason": "M"},
        values=NO_APPEAL,
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/appeals/<int:appeal_id>/file-review",
        SIGNED_IN,
        body={"reviewed_on": TODAY},
        values=NO_APPEAL,
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/appeals/<int:appeal_id>/court",
        SIGNED_IN,
        body={"filed_on": TODAY, "court": "C", "reference": "R"},
        values=NO_APPEAL,
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/appeals/<int:appeal_id>/court/ruling",
        SIGNED_IN,
        body={"outcome": "uphold", "ruled_on": TODAY, "reference": "R", "reason": "M"},
        values=NO_APPEAL,
        ok=(404,),
    ),
]

# Referrals and the service directory (issue 12, docs/referrals.md): the matrix makes no
# referral, so a route of one referral answers 404 to everyone signed in, as for one the
# caller's institution is not party to (tests/referrals checks the parties).
NO_REFERRAL = {"referral_id": "0", "to": "accepted"}
REFERRALS = [
    R("GET", "referrals/", SIGNED_IN, note="the caller's institution's referrals"),
    R(
        "POST",
        "referrals/<int:referral_id>/<str:to>/",
        SIGNED_IN,
        body={"note": "M"},
        values=NO_REFERRAL,
        ok=(404,),
    ),
    R(
        "POST",
        "cases/<int:case_id>/referrals/new/",
        CASE_WRITE,
        body={"need": "shelter", "consent": "on", "consent_given_by": "person"},
        note="no service chosen: sent back with the message",
    ),
    R("GET", "cases/<int:case_id>/referrals/services/", CASE_READ, query="need=shelter"),
    R("GET", "directory/", SIGNED_IN, note="reference data"),
    R(
        "GET",
        "directory/providers/<int:org_id>/",
        SIGNED_IN,
        values={"org_id": "0"},
        ok=(404,),
    ),
    R(
        "POST",
        "api/v1/cases/<int:case_id>/referrals",
        CASE_WRITE,
        body={"to_institution": "@profile:shelter", "service": "shelter", "consent": True},
        note="no consent in force: 400",
    ),
    R("GET", "api/v1/cases/<int:case_id>/referrals", CASE_READ),
    R("GET", "api/v1/referrals", SIGNED_IN),
    R("GET", "api/v1/referrals/<int:referral_id>", SIGNED_IN, values=NO_REFERRAL, ok=(404,)),
    *[
        R(
            "POST",
            f"api/v1/referrals/<int:referral_id>/{step}",
            SIGNED_IN,
            body={"note": "M"},
            values=NO_REFERRAL,
            ok=(404,),
        )
        for step in ("accept", "decline", "start", "complete", "cancel")
    ],
    R("GET", "api/v1/services", SIGNED_IN, note="reference data"),
    R("GET", "api/v1/directory/hsds", SIGNED_IN, note="reference data"),
]

# The printable guides per role: the same text for every signed-in user (no case data).
GUIDES = [
    R("GET", "guide/", SIGNED_IN),
    R("GET", "guide/<slug:code>/", SIGNED_IN, values={"code": "police"}),
    R("GET", "guide/<slug:code>.pdf", SIGNED_IN, values={"code": "police"}),
]

# Statistics by unique person (issue 14): counts only, for `statistics.read` (the AP).
STATISTICS = [
    R("GET", "statistics/", needs("statistics.read")),
    R(
        "GET",
        "statistics/tables/<str:code>.<str:file_format>",
        needs("statistics.read"),
        values={"code": "T01", "file_format": "csv"},
        query="period=2026",
    ),
    R(
        "GET",
        "api/v1/statistics/tables/<code>",
        needs("statistics.read", 403),
        values={"code": "T01"},
        query="period=2026-Q1",
    ),
    *authz_statistics.ROUTES,
    *authz_actionplan.ROUTES,
]

ROUTES: list[Route] = [
    *ACCOUNTS,
    *REGISTRY,
    *DEADLINES,
    *SCREENING,
    *IDENTIFICATION,
    *AUDIT,
    *CONSENT,
    *MEETINGS,
    *API,
    *APPEALS,
    *REFERRALS,
    *GUIDES,
    *STATISTICS,
    *authz_shelters.ROUTES,
    *authz_plans.ROUTES,
    *authz_reintegration.ROUTES,
    *authz_emergency.ROUTES,
    *authz_casefile.ROUTES,
    *authz_exchange.ROUTES,  # issue 14
    *authz_linkage.ROUTES,
    *ADMIN,
]
