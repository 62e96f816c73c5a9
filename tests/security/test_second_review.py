"""The outside review's second round (docs/security.md, "Second review"): one test per finding
fixed here, each failing before its fix. Findings 1 and 2 (sensitivity on every route) are
checked by the authorization matrix's markers (tests/security/test_authz_matrix.py) and by
the focused tests below."""

from datetime import timedelta

import pytest
from django.test import Client

from nrm.core import clock

pytestmark = pytest.mark.django_db


def _login(username: str) -> Client:
    from nrm.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _case_with_corrections(_actor=None):
    """A case of Tirana's police, corrected by its focal point (who has the person's rights)."""
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.registry.person_rights import person_correct
    from nrm.registry.rules import PersonInput
    from nrm.registry.services import case_create

    actor = actor_for(User.objects.get(username="apap.police.tirana"))
    case = case_create(actor=actor, person=PersonInput(given_name="Drita", family_name="Vjosaxhiu"))
    for field, value in (("given_name", "Dritëro"), ("phone", "+355691112223")):
        case.refresh_from_db(fields=["version"])
        person_correct(
            actor=actor,
            case_id=case.pk,
            field=field,
            value=value,
            reason="Kërkesë",
            requested_by="person",
            expected_version=case.version,
        )
    return case


def _api_get(username: str, url: str):
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.accounts.services import api_token_issue

    token = api_token_issue(actor=actor_for(User.objects.get(username=username)))
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


# --- 1: corrections follow the class of the corrected field -------------------------------


def test_corrections_hide_identity_and_contact_from_a_viewer(reference, actors):
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import membership_create, user_create

    case = _case_with_corrections(actors["police.tirana"])
    system = system_actor()
    viewer = user_create(actor=system, username="viewer.rights", password="a long passphrase")
    membership_create(
        actor=system, user=viewer, institution=reference["police-slktp-tirana"], role="viewer"
    )
    client = _login("viewer.rights")

    api = _api_get("viewer.rights", f"/api/v1/cases/{case.pk}/corrections").json()
    panel = client.get(f"/cases/{case.pk}/panels/registry.person-rights/").text

    for row in api:
        assert row["old_value"] is None and row["new_value"] is None
        assert {"old_value", "new_value"} <= set(row["hidden_fields"])
    for value in ("Drita", "Dritëro", "+355691112223", "Kërkesë"):
        assert value not in panel
        assert value not in str(api)


def test_the_owner_still_sees_its_corrections(reference, actors):
    case = _case_with_corrections(actors["police.tirana"])
    api = _api_get("police.tirana", f"/api/v1/cases/{case.pk}/corrections").json()
    assert {row["new_value"] for row in api} == {"Dritëro", "+355691112223"}


# --- 7: the inbox badge's poll does not keep a session alive ------------------------------


def test_background_polls_do_not_refresh_the_idle_clock(reference):
    client = Client()
    assert client.post("/login/", {"username": "police.tirana", "password": "demo"}).status_code
    assert client.get("/").status_code == 200
    start = clock.now()
    for minutes in (10, 20, 29):  # a poll every few minutes, nobody at the keyboard
        with clock.override(start + timedelta(minutes=minutes)):
            client.get("/inbox/badge/", HTTP_HX_REQUEST="true", HTTP_X_NRM_BACKGROUND="1")
    with clock.override(start + timedelta(minutes=31)):
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_badge_marks_its_poll_as_background(reference):
    page = _login("police.tirana").get("/").text
    assert "X-NRM-Background" in page


# --- 9: no-store on everything with personal data ------------------------------------------


def test_pages_api_answers_and_exports_are_not_cached(reference, actors):
    case = _case_with_corrections(actors["police.tirana"])
    client = _login("police.tirana")
    token = client.post(
        "/api/v1/auth/token",
        {"username": "police.tirana", "password": "demo"},
        content_type="application/json",
    ).json()["token"]
    answers = [
        client.get(f"/cases/{case.pk}/"),
        client.get("/cases/"),
        client.get(f"/cases/{case.pk}/panels/registry.person-rights/"),
        client.get(f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"),
    ]
    for response in answers:
        assert response.status_code == 200, response.request
        assert "no-store" in response["Cache-Control"], response.request


# --- 6: a new password or a deactivation revokes the API tokens ---------------------------


@pytest.mark.parametrize("change", [{"password": "another long passphrase"}, {"is_active": False}])
def test_a_password_change_or_deactivation_revokes_api_tokens(reference, actors, change):
    from nrm.accounts.models import User
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import api_token_issue, user_update

    police = actors["police.tirana"]
    token = api_token_issue(actor=police)
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/cases", **auth).status_code == 200

    user = User.objects.get(username="police.tirana")
    user_update(actor=system_actor(), user=user, **change)
    if "is_active" in change:  # the token is gone, not only refused while inactive
        user_update(actor=system_actor(), user=user, is_active=True)

    assert client.get("/api/v1/cases", **auth).status_code == 401


# --- low: spreadsheet formulas in CSV cells -----------------------------------------------


def test_csv_cells_that_start_a_formula_are_neutralised():
    import io

    from nrm.core import csvsafe

    out = io.StringIO()
    csvsafe.Writer(out).writerow(["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "ok", 5])
    assert out.getvalue().strip() == "'=HYPERLINK(1),'+1,'-2,'@SUM(A1),ok,5"


# --- 10: a withdrawn consent to share ends the grant it allowed ---------------------------


def _shared_with_social_service(actors, make_case):
    """A case of Tirana's police, shared with Tirana's social service on the person's consent."""
    from nrm.accounts.models import Institution
    from nrm.consent.services import consent_record
    from nrm.registry.services import case_assign

    police = actors["police.tirana"]
    case = make_case(given_name="Drita", family_name="Vjosaxhiu")
    social = Institution.objects.get(code="shssh-tirana")
    given = consent_record(
        actor=police,
        case_id=case.pk,
        purpose="sharing",
        given=True,
        given_by="person",
        signed_on=clock.today(),
        institution="shssh-tirana",
    )
    grant = case_assign(actor=police, case_id=case.pk, institution=social, reason="support")
    return case, given, grant


def test_withdrawing_consent_to_share_revokes_the_grant_and_tells_both_sides(actors, make_case):
    from nrm.audit.models import AuditEvent
    from nrm.consent.services import consent_withdraw
    from nrm.core.errors import NotFound
    from nrm.deadlines.models import Notification
    from nrm.registry.models import CaseGrant, GrantStatus
    from nrm.registry.selectors import case_get

    case, given, grant = _shared_with_social_service(actors, make_case)
    assert case_get(actor=actors["social.tirana"], id=case.pk).pk == case.pk

    consent_withdraw(actor=actors["police.tirana"], record_id=given.pk, reason="She asked.")

    grant = CaseGrant.objects.get(pk=grant.pk)
    assert grant.status == GrantStatus.REVOKED
    assert "consent withdrawn" in grant.reason
    with pytest.raises(NotFound):
        case_get(actor=actors["social.tirana"], id=case.pk)
    event = AuditEvent.objects.get(code="case.grant_revoked")
    assert event.case_id == case.pk and event.data["institution"] == "shssh-tirana"
    told = Notification.objects.filter(kind="access_revoked", case=case)
    names = set(told.values_list("recipient__username", flat=True))
    # the granted institution's focal point and the owner's (not the one who withdrew it)
    assert {"apap.shssh.tirana", "apap.police.tirana"} <= names
    assert "police.tirana" not in names
    for notice in told:
        assert "Drita" not in str(notice.data) and "asked" not in str(notice.data)


def test_a_refusal_to_share_with_every_institution_revokes_every_grant(actors, make_case):
    from nrm.consent.services import consent_record
    from nrm.registry.models import CaseGrant, GrantStatus

    case, _given, grant = _shared_with_social_service(actors, make_case)
    consent_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        purpose="sharing",
        given=False,
        given_by="person",
        signed_on=clock.today(),
    )
    assert CaseGrant.objects.get(pk=grant.pk).status == GrantStatus.REVOKED


def test_withdrawing_consent_to_another_institution_leaves_the_grant(actors, make_case):
    from nrm.consent.services import consent_record
    from nrm.registry.models import CaseGrant, GrantStatus

    case, _given, grant = _shared_with_social_service(actors, make_case)
    consent_record(
        actor=actors["police.tirana"],
        case_id=case.pk,
        purpose="sharing",
        given=False,
        given_by="person",
        signed_on=clock.today(),
        institution="shelter-tirana",
    )
    assert CaseGrant.objects.get(pk=grant.pk).status == GrantStatus.ACCEPTED


# --- 6 (rest): one's own tokens listed and revoked; log out everywhere --------------------


def test_the_api_lists_and_revokes_ones_own_tokens_only(reference, actors):
    from nrm.accounts.models import ApiToken
    from nrm.accounts.services import api_token_issue
    from nrm.audit.models import AuditEvent

    first = api_token_issue(actor=actors["police.tirana"])
    second = api_token_issue(actor=actors["police.tirana"])
    other = api_token_issue(actor=actors["social.tirana"])
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {first}"}

    listed = client.get("/api/v1/auth/tokens", **auth)
    assert listed.status_code == 200
    mine = ApiToken.objects.filter(user__username="police.tirana")
    assert {row["id"] for row in listed.json()} == set(mine.values_list("pk", flat=True))
    assert {"created_at", "expires_at", "last_used_at"} <= set(listed.json()[0])
    for secret in (first, second, *mine.values_list("digest", flat=True)):
        assert secret not in listed.text

    others = ApiToken.objects.get(user__username="social.tirana").pk
    assert client.delete(f"/api/v1/auth/tokens/{others}", **auth).status_code == 404
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200

    second_id = max(mine.values_list("pk", flat=True))
    assert client.delete(f"/api/v1/auth/tokens/{second_id}", **auth).status_code == 204
    assert client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 401
    assert client.get("/api/v1/cases", **auth).status_code == 200
    assert AuditEvent.objects.filter(code="api_token.revoked").count() == 1


def test_the_tokens_page_lists_and_revokes_and_logs_out_everywhere(reference, actors):
    from nrm.accounts.models import ApiToken
    from nrm.accounts.services import api_token_issue
    from nrm.audit.models import AuditEvent

    token = api_token_issue(actor=actors["police.tirana"])
    kept = api_token_issue(actor=actors["police.tirana"])
    phone, desk = _login("police.tirana"), _login("police.tirana")
    other = _login("social.tirana")

    page = desk.get("/account/tokens/")
    assert page.status_code == 200
    assert token not in page.text and kept not in page.text
    ids = list(ApiToken.objects.filter(user__username="police.tirana").values_list("pk", flat=True))
    assert all(f'value="{pk}"' in page.text for pk in ids)
    assert "/account/tokens/" in desk.get("/").text  # in the user's menu

    desk.post("/account/tokens/", {"revoke": str(min(ids))})
    assert ApiToken.objects.filter(user__username="police.tirana").count() == 1
    other_token = api_token_issue(actor=actors["social.tirana"])
    other_id = ApiToken.objects.get(user__username="social.tirana").pk
    desk.post("/account/tokens/", {"revoke": str(other_id)})  # not theirs: nothing happens
    assert ApiToken.objects.filter(pk=other_id).exists()

    answer = desk.post("/account/tokens/", {"everywhere": "1"})
    assert answer.status_code == 302
    assert not ApiToken.objects.filter(user__username="police.tirana").exists()
    for client in (phone, desk):
        assert client.get("/cases/").status_code == 302  # sent to log in again
    assert other.get("/cases/").status_code == 200  # someone else's session goes on
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {kept}").status_code == 401
    assert (
        Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {other_token}").status_code == 200
    )
    event = AuditEvent.objects.get(code="user.logged_out_everywhere")
    assert event.data == {"tokens_revoked": 1, "sessions_ended": 2}


# --- 11: lock-out behind a reverse proxy ---------------------------------------------------

PROXY, OFFICE, ATTACKER = "10.0.0.2", "203.0.113.5", "198.51.100.7"


def _login_via(remote: str, forwarded: str, password: str):
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post("/login/", {"username": "police.tirana", "password": password})


def test_the_client_address_comes_from_the_header_only_through_a_trusted_proxy(settings):
    from django.test import RequestFactory

    from nrm.accounts.lockout import client_address

    def address(remote, forwarded=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))

    settings.NRM_TRUSTED_PROXIES = []
    assert address(PROXY, OFFICE) == PROXY  # no proxy trusted: the header is ignored
    settings.NRM_TRUSTED_PROXIES = [PROXY]
    assert address(PROXY, OFFICE) == OFFICE
    # the right-most address the trusted proxy did not add itself: a forged left part is ignored
    assert address(PROXY, f"{ATTACKER}, {OFFICE}") == OFFICE
    assert address(PROXY, f"{OFFICE}, {PROXY}") == OFFICE
    assert address(ATTACKER, OFFICE) == ATTACKER  # not from the proxy: the header is ignored
    assert address(PROXY, "not an address") == PROXY
    assert address(PROXY) == PROXY


def test_behind_a_trusted_proxy_an_attacker_does_not_lock_out_the_worker(reference, settings):
    settings.NRM_TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        _login_via(PROXY, ATTACKER, "wrong")
    assert _login_via(PROXY, ATTACKER, "demo").status_code == 429
    assert _login_via(PROXY, OFFICE, "demo").status_code == 302


def test_an_untrusted_sender_cannot_escape_the_lock_out_with_the_header(reference, settings):
    settings.NRM_TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        _login_via(ATTACKER, f"192.0.2.{n}", "wrong")
    assert _login_via(ATTACKER, "192.0.2.99", "demo").status_code == 429


# --- low: authorization failures logged; bounds; invisible characters; owner; API docs ----


def test_refusals_on_case_routes_are_logged_without_personal_data(actors, make_case, caplog):
    import logging

    from nrm.accounts.models import User

    foreign = make_case("police.shkoder", given_name="Drita", family_name="Vjosaxhiu")
    own = make_case()
    user_id = User.objects.get(username="police.tirana").pk
    client = _login("police.tirana")
    with caplog.at_level(logging.INFO, logger="nrm.security"):
        assert client.get(f"/cases/{foreign.pk}/").status_code == 404
        api = _api_get("police.tirana", f"/api/v1/cases/{own.pk}/access-log")
        assert api.status_code == 403
        assert client.get(f"/cases/{own.pk}/").status_code == 200  # not a refusal

    records = [r for r in caplog.records if r.name == "nrm.security"]
    assert [(r.route, r.status, r.user_id) for r in records] == [
        ("cases/<int:case_id>/", 404, user_id),
        ("api/v1/cases/<int:case_id>/access-log", 403, user_id),
    ]
    for r in records:
        text = r.getMessage()
        for secret in ("Drita", "Vjosaxhiu", foreign.reference, own.reference):
            assert secret not in text


def test_lists_and_texts_are_bounded_in_the_api_and_the_forms(actors, make_case):
    from nrm.registry.models import Case

    client = Client()
    token = _api_token("police.tirana")
    person = {"given_name": "Ana", "family_name": "Kola", "sex": "female"}

    def post(body):
        return client.post(
            "/api/v1/cases",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    before = Case.objects.count()
    many = post({"person": {**person, "languages": ["sq"] * 21}})
    assert many.status_code == 400 and "person.languages" in many.json()["errors"]
    long_name = post({"person": {**person, "given_name": "A" * 201}})
    assert long_name.status_code == 400 and "person.given_name" in long_name.json()["errors"]
    long_text = post({"person": {**person, "address": "x" * 10_001}})
    assert long_text.status_code == 400 and "person.address" in long_text.json()["errors"]
    assert Case.objects.count() == before

    case = make_case()
    page = _login("police.tirana").post(
        f"/cases/{case.pk}/status/",
        {"field": "stage", "to": "closed", "reason": "x" * 10_001},
    )
    assert page.status_code in (302, 400)
    assert not case.status_changes.filter(to_value="closed").exists()


def _api_token(username: str) -> str:
    from nrm.accounts.models import User
    from nrm.accounts.policy import actor_for
    from nrm.accounts.services import api_token_issue

    return api_token_issue(actor=actor_for(User.objects.get(username=username)))


def test_bidi_and_zero_width_characters_are_stripped_from_names():
    from nrm.jurisdictions import get_profile
    from nrm.registry.rules import PersonInput, validate_person

    person = PersonInput(given_name="A\u202ena\u200b", family_name="\u2066Ko\u200dla\ufeff\u200f")
    clean = validate_person(person, profile=get_profile("AL"), today=clock.today())
    assert (clean.given_name, clean.family_name) == ("Ana", "Kola")


def test_an_unknown_and_a_forbidden_owner_institution_answer_alike(reference):
    token = _api_token("police.tirana")
    person = {"given_name": "Ana", "family_name": "Kola", "sex": "female"}
    answers = [
        Client().post(
            "/api/v1/cases",
            {"person": person, "owner_institution": code},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        for code in ("police-slktp-shkoder", "no-such-institution")
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()


def test_the_api_docs_page_that_loads_from_a_cdn_is_not_served(reference):
    assert Client().get("/api/v1/docs").status_code == 404
    assert Client().get("/api/v1/openapi.json").status_code == 200


# --- 4: the export's audit event keeps no search text -------------------------------------


@pytest.mark.parametrize(("q", "kind"), [("Drita Vjosaxhiu", "name"), ("TIR", "reference")])
def test_the_case_list_export_event_stores_the_kind_of_search_not_its_text(
    actors, make_case, q, kind
):
    from nrm.audit.models import AuditEvent
    from nrm.registry.selectors import CaseFilters
    from nrm.registry.services import case_list_export

    case = make_case(given_name="Drita", family_name="Vjosaxhiu")
    if kind == "reference":
        q = case.reference[:6]
    case_list_export(actor=actors["police.tirana"], filters=CaseFilters(q=q, is_child=False))
    event = AuditEvent.objects.get(code="case.list_exported")
    assert event.data["search"] == kind
    assert event.data["filters"]["is_child"] is False
    assert q not in str(event.data) and "Drita" not in str(event.data)


def test_purpose_organisation_and_decision_reference_are_encrypted_at_rest(actors, make_case):
    from django.db import connection

    from nrm.screening import services
    from tests.registry.changes import case_status_change  # the lawful decision chain

    police = actors["police.tirana"]
    case = make_case()
    interview = services.interview_plan(
        actor=police,
        case_id=case.pk,
        scheduled_at=clock.now() + timedelta(days=1),
        place="Zyra",
        conditions=["safe_environment", "door_closed"],
    )
    participant = services.participant_add(
        actor=police,
        interview_id=interview.pk,
        role="interviewer",
        name="Intervistuesi",
        organisation="Qendra Vatra Marker",
    )
    entry = services.interview_log_record(
        actor=police,
        case_id=case.pk,
        at=clock.now() - timedelta(days=1),
        purpose="Hetim për Drita Marker",
    )
    case_status_change(
        actor=police,
        case_id=case.pk,
        to="potential_victim",
        reason="Treguesit",
        decision_reference="Vendim Marker 12/2026",
    )

    rows = {
        "screening_participant": ("organisation", participant.pk),
        "screening_interviewlogentry": ("purpose", entry.pk),
    }
    with connection.cursor() as cursor:
        for table, (column, pk) in rows.items():
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
            assert "Marker" not in cursor.fetchone()[0]
        cursor.execute(
            "SELECT decision_reference FROM registry_casestatuschange WHERE case_id = %s",
            [case.pk],
        )
        assert all("Marker" not in (value or "") for (value,) in cursor.fetchall())
    participant.refresh_from_db()
    entry.refresh_from_db()
    assert participant.organisation == "Qendra Vatra Marker"
    assert entry.purpose == "Hetim për Drita Marker"


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_the_migrations_encrypt_stored_purposes_organisations_and_decision_references(
    actors, make_case
):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from nrm.registry.models import CaseStatusChange
    from nrm.screening.models import InterviewLogEntry, Participant
    from nrm.screening.services import interview_log_record, interview_plan, participant_add

    police = actors["police.tirana"]
    case = make_case()
    interview = interview_plan(
        actor=police,
        case_id=case.pk,
        scheduled_at=clock.now() + timedelta(days=1),
        place="Zyra",
        conditions=["safe_environment", "door_closed"],
    )
    participant_add(
        actor=police, interview_id=interview.pk, role="interviewer", name="I", organisation="Org"
    )
    interview_log_record(
        actor=police, case_id=case.pk, at=clock.now() - timedelta(days=1), purpose="Qëllim"
    )
    change = CaseStatusChange.objects.filter(case=case).first()
    CaseStatusChange.objects.filter(pk=change.pk).update(decision_reference="Vendim 1")
    cells = [
        ("screening_participant", "organisation", Participant.objects.get().pk, "Org"),
        ("screening_interviewlogentry", "purpose", InterviewLogEntry.objects.get().pk, "Qëllim"),
        ("registry_casestatuschange", "decision_reference", change.pk, "Vendim 1"),
    ]

    def raw(table, column, pk):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
            return cursor.fetchone()[0]

    executor = MigrationExecutor(connection)
    executor.migrate([("screening", "0005_remove_consent"), ("registry", "0004_encrypt_free_text")])
    try:
        assert [raw(t, c, pk) for t, c, pk, _v in cells] == [v for *_x, v in cells]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    for table, column, pk, _value in cells:
        assert raw(table, column, pk).startswith("gAAAA")
    assert Participant.objects.get().organisation == "Org"
    assert InterviewLogEntry.objects.get().purpose == "Qëllim"
    assert CaseStatusChange.objects.get(pk=change.pk).decision_reference == "Vendim 1"
