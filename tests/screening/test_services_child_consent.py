"""Consent and the person as the SOP means them: a child's own view beside the consent given
for them, representatives when the parents are absent or suspected (an unaccompanied child
reaches formal identification), citizenship that is no country, the interpreter by language,
and the certificate that outlives the status it certified."""

import pytest

from nrm.consent.models import ConsentRecord
from nrm.core import clock
from nrm.core.errors import ValidationFailed
from nrm.deadlines.models import Deadline
from nrm.screening import pdf, rules, services


@pytest.fixture
def web(reference):
    from django.test import Client, RequestFactory

    def login(username: str) -> Client:
        client = Client()
        client.cookies["django_language"] = "sq"
        assert client.login(
            request=RequestFactory().post("/login/"), username=username, password="demo"
        )
        return client

    return login


def _a2(actor, case, **more):
    values = {"given": True, "signed_on": clock.today()}
    return services.a2_record(actor=actor, case_id=case.pk, **(values | more))


# --- the child's own view -----------------------------------------------------------------


def test_a_childs_a2_needs_the_childs_own_view(actors, screened):
    actor = actors["police.tirana"]
    child = screened(3, estimated_age=12)
    with pytest.raises(ValidationFailed) as caught:
        _a2(actor, child, given_by="parent")
    assert "child_view" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        _a2(actor, child, given_by="parent", child_view="not_asked")
    assert "child_view_note" in caught.value.fields
    record = _a2(
        actor, child, given_by="parent", child_view="not_asked", child_view_note="Asleep, 3 yrs"
    )
    assert (record.child_view, record.child_view_note) == ("not_asked", "Asleep, 3 yrs")
    record = _a2(actor, child, given_by="parent", child_view="disagrees", child_view_note="No")
    assert record.child_view == "disagrees"


def test_an_adults_a2_carries_no_childs_view(actors, screened):
    actor = actors["police.tirana"]
    with pytest.raises(ValidationFailed) as caught:
        _a2(actor, screened(3), given_by="person", child_view="agrees")
    assert "child_view" in caught.value.fields


def test_the_childs_view_is_on_the_a2_and_the_identification_page(actors, screened, web):
    actor = actors["police.tirana"]
    child = screened(3, estimated_age=12)
    _a2(actor, child, given_by="guardian", child_view="agrees", child_view_note="Wants to talk")
    html, _name = pdf.document_html(actor=actor, case_id=child.pk, form="a2")
    assert "Wants to talk" in html
    assert html.count("✓") >= 2  # consent given, and the child's view
    page = web("police.tirana").get(f"/cases/{child.pk}/identification/").content.decode()
    assert 'id="consent-child-view"' in page and "Wants to talk" in page


def test_the_form_says_the_childs_view_is_missing_beside_the_form(actors, screened, web):
    child = screened(3, estimated_age=12)
    response = web("police.tirana").post(
        f"/cases/{child.pk}/consent/",
        {"given": "yes", "given_by": "parent", "signed_on": clock.today().isoformat()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="consent-form"' in page and 'name="child_view"' in page
    assert not ConsentRecord.objects.filter(case=child).exists()  # nothing saved


# --- parents absent or suspected: the representatives -------------------------------------


@pytest.mark.parametrize("giver", ["procedural_representative", "child_protection_worker"])
def test_an_unaccompanied_child_reaches_formal_identification(actors, screened, interviewed, giver):
    actor = actors["police.tirana"]
    child = screened(3, estimated_age=14, citizenship="XXA", languages=["ar"])
    interviewed(child)
    with pytest.raises(ValidationFailed) as caught:  # why do the parents not sign?
        _a2(actor, child, given_by=giver, child_view="agrees")
    assert "acts_because" in caught.value.fields
    consent = _a2(actor, child, given_by=giver, acts_because="absent", child_view="agrees")
    request = services.formal_identification_request(actor=actor, case_id=child.pk)
    assert request.consent_id == consent.pk and request.for_child
    assert request.interpreter_needed  # Arabic only
    child.refresh_from_db()
    assert child.stage == "formal_identification"


def test_a_representative_acts_for_suspected_parents_only_once_suspected(actors, screened):
    from nrm.consent.services import giver_suspicion_record

    actor = actors["police.tirana"]
    child = screened(3, estimated_age=9)
    with pytest.raises(ValidationFailed) as caught:
        _a2(
            actor,
            child,
            given_by="procedural_representative",
            acts_because="suspected",
            child_view="could_not_express",
        )
    assert "acts_because" in caught.value.fields
    giver_suspicion_record(actor=actor, case_id=child.pk, giver="parent", suspected=True)
    record = _a2(
        actor,
        child,
        given_by="procedural_representative",
        acts_because="suspected",
        child_view="could_not_express",
    )
    assert record.acts_because == "suspected"


def test_representatives_speak_only_for_a_child_and_only_for_their_purposes(actors, screened):
    from nrm.consent.services import consent_record

    actor = actors["police.tirana"]
    with pytest.raises(ValidationFailed) as caught:
        _a2(actor, screened(3), given_by="child_protection_worker", acts_because="absent")
    assert "given_by" in caught.value.fields
    child = screened(3, estimated_age=10)
    with pytest.raises(ValidationFailed) as caught:  # sharing is not theirs to give
        consent_record(
            actor=actor,
            case_id=child.pk,
            purpose="sharing",
            institution="shelter-tirana",
            given=True,
            given_by="procedural_representative",
            acts_because="absent",
            signed_on=clock.today(),
        )
    assert "given_by" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:  # a parent says no "because"
        _a2(actor, child, given_by="parent", acts_because="absent", child_view="agrees")
    assert "acts_because" in caught.value.fields


# --- citizenship and the interpreter ------------------------------------------------------


def test_stateless_and_unknown_citizenship_exist(make_case, profile):
    from django.utils import translation

    from nrm.core import codes

    stateless = make_case(citizenship="xxa", estimated_age=30)
    unknown = make_case(citizenship="XXX", estimated_age=30)
    assert (stateless.person.citizenship, unknown.person.citizenship) == ("XXA", "XXX")
    assert rules.is_foreign("XXA", profile=profile)  # a foreign national (residence permit)
    assert not rules.is_foreign("XXX", profile=profile)  # not known to be one
    with translation.override("en"):
        assert codes.citizenship_name("XXA") == "Stateless"
        assert codes.citizenship_name("XK") == "Kosovo"
        names = dict(codes.citizenship_choices())
    assert names["UA"] == "Ukraine" and "XX" not in names
    with translation.override("sq"):
        assert codes.citizenship_name("UA") == "Ukrainë"


def test_the_interpreter_follows_the_language_not_the_passport(make_case, profile):
    kosovar = make_case(citizenship="XK", languages=["sq"], estimated_age=30)
    assert not Deadline.objects.filter(case=kosovar, rule="notify_interpreter").exists()
    assert rules.is_foreign("XK", profile=profile)
    assert not rules.needs_interpreter(["sq"], profile=profile)
    # An Albanian citizen who speaks only English needs one; unknown languages: nrm cannot say.
    english = make_case(citizenship="AL", languages=["en"], estimated_age=30)
    assert Deadline.objects.filter(case=english, rule="notify_interpreter").exists()
    assert not rules.needs_interpreter([], profile=profile)


# --- the certificate ----------------------------------------------------------------------


def test_the_certificate_stays_after_the_status_changes(actors, screened):
    from tests.registry.changes import case_status_change  # a decision recorded lawfully

    actor = actors["police.tirana"]
    case = screened(3)
    case_status_change(actor=actor, case_id=case.pk, to="victim", reason="G/SPIF decision")
    assert "certificate" in [link.form for link in pdf.available(actor=actor, case=case)]
    html, _name = pdf.document_html(actor=actor, case_id=case.pk, form="certificate")
    assert "Vërtetim i identifikimit fillestar" in html
    assert "VMT" in html or "mundshme" in html  # the status it certified, not today's


# --- the A5 printout ----------------------------------------------------------------------


def test_the_a5_never_leaves_a_page_with_only_the_signatures(
    actors, screened, interviewed, consented
):
    """Whatever the length of the grounds, the signature lines share their page with the
    last lines of the request (WeasyPrint; pages read back with pypdf)."""
    import io

    from django.utils import translation
    from pypdf import PdfReader

    from nrm.screening.models import FormalIdentificationRequest

    actor = actors["police.tirana"]
    case = screened(3)
    interviewed(case)
    consented(case)
    request = services.formal_identification_request(actor=actor, case_id=case.pk)
    with translation.override("sq"):
        signature = translation.gettext("Signature of the requesting worker")
        closing = translation.gettext("Consent (A2) given")

    def squeeze(text: str) -> str:
        return "".join(text.split())

    pages_seen = set()
    for lines in range(20, 80, 4):
        stored = FormalIdentificationRequest.objects.get(pk=request.pk)
        stored.grounds = "\n".join(f"Rreshti {i} i arsyeve." for i in range(lines))
        stored.save(update_fields=["grounds"])
        data, _name = pdf.document(actor=actor, case_id=case.pk, form="a5", object_id=request.pk)
        reader = PdfReader(io.BytesIO(data))
        pages_seen.add(len(reader.pages))
        last = squeeze(reader.pages[-1].extract_text())
        assert squeeze(signature) in last
        assert squeeze(closing) in last, f"{lines} lines: the signatures alone on the last page"
    assert len(pages_seen) > 1  # the grounds did push the request onto a second page
