"""The pages of initial identification and the PDF documents."""

import pytest
from django.test import Client, RequestFactory

from nrm.core import clock
from nrm.registry.models import Case
from nrm.screening import pdf, services
from nrm.screening.models import Screening

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(reference):
    def login(username: str) -> Client:
        client = Client()
        client.cookies["django_language"] = "sq"
        assert client.login(
            request=RequestFactory().post("/login/"), username=username, password="demo"
        )
        return client

    return login


PERSON = {
    "person-given_name": "Drita",
    "person-family_name": "",
    "person-sex": "female",
    "person-date_of_birth": "",
    "person-estimated_age": "16",
    "person-citizenship": "AL",
    "person-languages": "sq",
}


def test_new_identification_goes_person_then_indicators_then_case(web):
    client = web("police.tirana")
    assert client.get("/identifications/new/").status_code == 200
    step2 = client.post("/identifications/new/", {**PERSON, "step": "person"})
    assert step2.status_code == 200
    html = step2.content.decode()
    assert 'value="CHILD-01"' in html  # a presumed child is offered the child indicators
    assert "Fëmijët që janë trafikuar mund:" in html
    assert not Case.objects.exists()  # nothing is saved before the screening
    done = client.post(
        "/identifications/new/",
        {
            **PERSON,
            "step": "screening",
            "catalogue": "AL-2025",
            "indicators": ["GEN-01", "CHILD-02", "BEG-01"],
        },
    )
    case = Case.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/cases/{case.pk}/identification/?step=actions"
    assert case.identification_status == "potential_victim" and case.is_child


def test_an_adult_is_not_offered_child_indicators(web):
    client = web("police.tirana")
    adult = {**PERSON, "person-estimated_age": "30", "step": "person"}
    html = client.post("/identifications/new/", adult).content.decode()
    assert 'value="GEN-01"' in html and 'value="CHILD-01"' not in html


def test_bad_indicators_come_back_as_a_form_error(web):
    client = web("police.tirana")
    response = client.post(
        "/identifications/new/",
        {
            **PERSON,
            "step": "screening",
            "catalogue": "AL-2025",
            "indicators": ["GEN-01"],
            "override": "potential_victim",
        },
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Case.objects.exists()


def test_the_identification_page_shows_the_steps(web, screened):
    case = screened(3, estimated_age=12, citizenship="XK", languages=["sr"])
    html = web("police.tirana").get(f"/cases/{case.pk}/identification/").content.decode()
    for anchor in ('id="checklist"', 'id="interview"', 'id="consent"', 'id="request"'):
        assert anchor in html
    assert "njoftimin e menjëhershëm të PMF-së" in html
    assert "njoftimin e menjëhershëm të përkthyesit zyrtar" in html


def test_the_identification_page_is_404_for_others(web, screened):
    case = screened(3)
    assert web("police.shkoder").get(f"/cases/{case.pk}/identification/").status_code == 404
    assert web("police.shkoder").get(f"/cases/{case.pk}/documents/a2.pdf").status_code == 404


def test_checklist_toggle_with_htmx_returns_the_row(web, screened):
    case = screened(3)
    response = web("police.tirana").post(
        f"/cases/{case.pk}/checklist/",
        {"kind": "need", "code": "food", "done": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()


def test_interview_pages_and_held_refused_without_a1(web, screened):
    case = screened(3)
    client = web("police.tirana")
    response = client.post(
        f"/cases/{case.pk}/interviews/new/",
        {"scheduled_at": "2026-01-05T10:00", "place": "Tiranë", "same_gender": "yes"},
    )
    assert response.status_code == 302
    interview = case.interviews.get()
    client.post(
        f"/interviews/{interview.pk}/participants/", {"role": "interviewer", "name": "Insp. B"}
    )
    refused = client.post(f"/interviews/{interview.pk}/held/", {})
    assert refused.status_code == 400
    assert "A1" in refused.content.decode()
    interview.refresh_from_db()
    assert interview.status == "planned"


def test_a_child_interviewed_before_shows_the_warning(web, make_case, actors):
    case = make_case(estimated_age=12)
    services.interview_log_record(
        actor=actors["police.tirana"], case_id=case.pk, at=clock.now(), purpose="Police statement"
    )
    html = web("police.tirana").get(f"/cases/{case.pk}/interviews/new/").content.decode()
    assert 'id="repeat-warning"' in html and "Police statement" in html


def test_a5_page_lists_the_group(web, screened):
    case = screened(3)
    html = web("police.tirana").get(f"/cases/{case.pk}/formal-identification/").content.decode()
    assert "shssh-tirana" in html and "police-slktp-tirana" in html


def test_queue_and_investigation_pages(web, screened, interviewed, consented, actors):
    case = screened(3)
    interviewed(case)
    consented(case)
    services.formal_identification_request(actor=actors["police.tirana"], case_id=case.pk)
    assert case.reference in web("social.tirana").get("/identifications/queue/").content.decode()
    assert case.reference not in web("pmf.tirana").get("/identifications/queue/").content.decode()
    services.investigation_information_record(
        actor=actors["police.tirana"], case_id=case.pk, content="Plate AA-1"
    )
    assert "Plate AA-1" in web("apap.police.tirana").get("/investigation/").content.decode()
    assert web("police.tirana").get("/investigation/").status_code == 404
    assert web("police.tirana").get(f"/cases/{case.pk}/investigation/").status_code == 404
    page = web("ap.secretariat").get(f"/cases/{case.pk}/investigation/")
    assert "Plate AA-1" in page.content.decode()


def _html(actor, case, form, object_id=None):
    """The HTML a document is printed from (the PDF's text is compressed)."""
    html, _filename = pdf.document_html(
        actor=actor, case_id=case.pk, form=form, object_id=object_id
    )
    return html


def test_documents_carry_the_albanian_titles_and_the_reference(
    actors, screened, interviewed, consented
):
    actor = actors["police.tirana"]
    case = screened(3, given_name="Teuta", family_name="Krasniqi")
    interview = interviewed(case, extra_roles=["counsel"])
    consented(case)
    request = services.formal_identification_request(actor=actor, case_id=case.pk)
    participant = interview.participants.first()
    expected = {
        ("a1", participant.pk): "A1. Deklaratë e konfidencialitetit",
        ("a2", None): "A2. Deklarata e pëlqimit për intervistën formale",
        ("a4", interview.pk): "A4. Intervista fillestare me të rritur",
        ("a5", request.pk): "A5. Kërkesë për identifikim formal",
    }
    for (form, object_id), title in expected.items():
        html = _html(actor, case, form, object_id)
        assert title in html, form
        assert case.reference in html
    a1 = _html(actor, case, "a1", participant.pk)
    assert "Teuta" not in a1 and "Krasniqi" not in a1  # A1 names the signatory only
    a4 = _html(actor, case, "a4", interview.pk)
    assert a4.count("Deklaratë e konfidencialitetit") == interview.participants.count()
    assert "Teuta Krasniqi" in a4


def test_the_certificate_only_for_a_potential_victim(actors, screened):
    from nrm.core.errors import NotFound

    actor = actors["police.tirana"]
    html = _html(actor, screened(3), "certificate")
    assert "Vërtetim i identifikimit fillestar" in html
    with pytest.raises(NotFound):
        pdf.document(actor=actor, case_id=screened(1).pk, form="certificate")


def test_a_child_interview_is_a3(actors, screened, interviewed):
    case = screened(3, estimated_age=15)
    interview = interviewed(case)
    assert "A3. Intervista fillestare me fëmijën" in _html(
        actors["police.tirana"], case, "a3", interview.pk
    )


def test_a_real_pdf_is_served_and_logged(web, screened):
    from nrm.audit.models import AccessLog

    case = screened(3)
    response = web("police.tirana").get(f"/cases/{case.pk}/documents/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(case_id=case.pk, action="document.certificate").exists()


def test_the_ap_secretariat_sees_new_cases_and_their_documents(web, screened):
    case = screened(3)
    client = web("ap.secretariat")
    assert client.get(f"/cases/{case.pk}/identification/").status_code == 200
    assert client.get(f"/cases/{case.pk}/documents/a2.pdf").status_code == 200
    assert Screening.objects.filter(case=case).exists()


# --- issue 13: fewer taps, the consent form, help on every screen --------------------------


def test_the_actions_step_saves_every_box_in_one_submit_and_goes_on_to_the_interview(web, screened):
    from nrm.audit.models import AuditEvent
    from nrm.deadlines.models import Deadline

    case = screened(3, estimated_age=12)
    client = web("police.tirana")
    page = client.get(f"/cases/{case.pk}/identification/?step=actions").content.decode()
    assert 'id="checklist-form"' in page and 'id="consent"' not in page  # one step on screen
    assert 'name="action" value="assess_indicators" checked' in page  # ticked by the screening
    from nrm.screening.audit_codes import ScreeningCode

    recorded = AuditEvent.objects.filter(code=ScreeningCode.CHECKLIST_RECORDED)
    events = recorded.count()
    done = {
        "save": "1",
        "action": ["assess_indicators", "notify_child_protection_worker", "inform_person"],
        "need": ["food", "shelter"],
    }
    response = client.post(f"/cases/{case.pk}/checklist/", done)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/interviews/new/"  # none planned yet
    entries = {(e.kind, e.code) for e in case.checklist.filter(done=True)}
    assert entries == {
        ("action", "assess_indicators"),
        ("action", "notify_child_protection_worker"),
        ("action", "inform_person"),
        ("need", "food"),
        ("need", "shelter"),
    }
    assert recorded.count() == events + 4  # one per item changed, none for the rest
    rule = "notify_child_protection_worker"
    assert Deadline.objects.get(case=case, rule=rule).status == "met"
    # Saving the same boxes again writes nothing; unticking one takes it back.
    client.post(f"/cases/{case.pk}/checklist/", done)
    assert recorded.count() == events + 4
    client.post(f"/cases/{case.pk}/checklist/", {**done, "need": ["food"]})
    assert not case.checklist.get(kind="need", code="shelter").done


def test_the_actions_step_refuses_an_item_that_does_not_apply_and_saves_nothing(web, screened):
    case = screened(3)  # an adult who speaks Albanian: no PMF, no interpreter
    client = web("police.tirana")
    response = client.post(
        f"/cases/{case.pk}/checklist/",
        {"save": "1", "action": ["inform_person", "notify_child_protection_worker"]},
    )
    assert response.status_code == 302 and "step=actions" in response["Location"]
    assert not case.checklist.filter(code="inform_person").exists()


def test_the_consent_form_presets_no_giver_and_is_not_offered_again_after_saving(web, screened):
    case = screened(3, estimated_age=16)
    client = web("police.tirana")
    page = client.get(f"/cases/{case.pk}/identification/?step=consent").content.decode()
    assert 'id="consent-form"' in page
    assert "selected" not in page.split('name="given_by"')[1].split("</select>")[0]
    saved = client.post(
        f"/cases/{case.pk}/consent/",
        {
            "given": "yes",
            "given_by": "parent",
            "signed_on": clock.today().isoformat(),
            "child_view": "agrees",
        },
    )
    assert saved.status_code == 302 and saved["Location"].endswith("?step=consent#consent")
    after = client.get(saved["Location"]).content.decode()
    assert 'id="consent-current"' in after
    assert 'id="consent-form"' not in after  # shown, not offered again
    assert 'id="consent-another"' in after
    again = client.get(f"/cases/{case.pk}/identification/?step=consent&another=1").content
    assert b'id="consent-form"' in again


def test_the_interview_offers_the_user_as_interviewer_and_then_the_psychologist(web, screened):
    case = screened(3, estimated_age=12)
    client = web("police.tirana")
    form = client.get(f"/cases/{case.pk}/interviews/new/").content.decode()
    place = form.split('name="place"')[1].split(">")[0]
    assert 'value="' in place and 'value=""' not in place  # the user's institution
    client.post(
        f"/cases/{case.pk}/interviews/new/",
        {"scheduled_at": "2026-01-05T10:00", "place": "Tiranë", "same_gender": "yes"},
    )
    interview = case.interviews.get()
    page = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert '<option value="interviewer" selected>' in page
    assert 'name="name" value="police.tirana"' in page or 'name="name" value="' in page
    client.post(
        f"/interviews/{interview.pk}/participants/",
        {"role": "interviewer", "name": "Insp. B", "signed_today": "on"},
    )
    first = interview.participants.get()
    assert first.declaration_signed_on == clock.today()
    page = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert '<option value="psychologist" selected>' in page
    assert 'name="name" value="' not in page.split('id="participants"')[1].split("</form>")[0]


STAGE_A_HELP = '<details class="sop-help">'


def test_every_stage_a_screen_has_its_help_and_no_seed_line_numbers(web, screened, interviewed):
    import re

    case = screened(3, estimated_age=12)
    interview = interviewed(case)
    client = web("police.tirana")
    pages = [
        "/identifications/new/",
        f"/cases/{case.pk}/identification/",
        f"/cases/{case.pk}/identification/?step=actions",
        f"/cases/{case.pk}/identification/?step=interview",
        f"/cases/{case.pk}/identification/?step=consent",
        f"/cases/{case.pk}/screening/",
        f"/cases/{case.pk}/interviews/new/",
        f"/interviews/{interview.pk}/",
        f"/cases/{case.pk}/formal-identification/",
    ]
    person = client.post("/identifications/new/", {**PERSON, "step": "person"})
    for url, html in [(u, client.get(u).content.decode()) for u in pages] + [
        ("indicators", person.content.decode())
    ]:
        assert html.count(STAGE_A_HELP) == 1, url
        assert "PSV" in html, url  # in Albanian
        assert not re.search(r"\bL\d{3,4}\b", html), url


def test_planning_adds_the_required_participants_in_the_same_submit_or_nothing(web, screened):
    case = screened(3, estimated_age=12)
    client = web("police.tirana")
    form = client.get(f"/cases/{case.pk}/interviews/new/").content.decode()
    assert 'name="p-interviewer-name"' in form and 'name="p-psychologist-name"' in form
    assert 'name="p-parent-name"' not in form  # only the roles the SOP requires
    plan = {"scheduled_at": "2026-01-05T10:00", "place": "Tiranë", "same_gender": "yes"}
    response = client.post(
        f"/cases/{case.pk}/interviews/new/",
        {
            **plan,
            "p-interviewer-name": "Insp. B",
            "p-interviewer-signed_today": "on",
            "p-psychologist-name": "Dr. L",
        },
    )
    assert response.status_code == 302
    people = {p.role: p for p in case.interviews.get().participants.all()}
    assert set(people) == {"interviewer", "psychologist"}
    assert people["interviewer"].declaration_signed_on == clock.today()
    assert people["psychologist"].declaration_signed_on is None


def test_a_refused_participant_plans_no_interview(web, screened):
    case = screened(3, estimated_age=12)
    client = web("police.tirana")
    response = client.post(
        f"/cases/{case.pk}/interviews/new/",
        {
            "scheduled_at": "2026-01-05T10:00",
            "place": "Tiranë",
            "same_gender": "yes",
            "p-interviewer-name": "Insp. B",
            "p-psychologist-name": "x" * 201,
        },
    )
    assert response.status_code == 200
    assert not case.interviews.exists()
