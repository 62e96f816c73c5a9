"""The case file's services: notes (dated, classed, corrected by a new note), documents (typed
by their bytes, sealed at rest, withdrawn not deleted), and every bad input refused with a
field error and nothing saved — no row, no event, no file on disk."""

from datetime import timedelta

import pytest
from django.db import connection

from nrm.audit.models import AccessLog, AuditEvent
from nrm.casefile import services, storage
from nrm.casefile.error_codes import CasefileError
from nrm.casefile.models import CaseDocument, CaseNote
from nrm.casefile.selectors import Reader, document_list, note_list
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tests.casefile.conftest import EXE, PNG, Upload, sealed_files

pytestmark = pytest.mark.django_db


def _note(actor, case, **kw):
    kw.setdefault("noted_on", clock.today())
    kw.setdefault("kind", "visit")
    kw.setdefault("text", "Vizitë në strehëz.")
    return services.note_write(actor=actor, case_id=case.pk, **kw)


def _upload(actor, case, name="raporti.pdf", data=None, **kw):
    kw.setdefault("kind", "consent_form")
    return services.document_upload(actor=actor, case_id=case.pk, file=Upload(name, data), **kw)


def _nothing_saved(media, events_before):
    assert not CaseNote.objects.exists()
    assert not CaseDocument.objects.exists()
    assert AuditEvent.objects.count() == events_before
    assert sealed_files(media) == []


# --- notes --------------------------------------------------------------------------------


def test_a_note_is_written_with_the_default_class_and_read_back(actors, case):
    police = actors["police.tirana"]
    note = _note(police, case)
    assert note.sensitivity == "identity"
    assert note.written_by == police.user and note.institution == police.institution
    event = AuditEvent.objects.get(code="casefile.note_written")
    assert event.case_id == case.pk and "Vizitë" not in str(event.data)
    view = Reader(police, case).note(note_list(actor=police, case=case).get())
    assert view.text == "Vizitë në strehëz." and not view.restricted


def test_the_timeline_is_newest_first(actors, case):
    police = actors["police.tirana"]
    old = _note(police, case, noted_on=clock.today() - timedelta(days=3), text="e para")
    new = _note(police, case, text="e dyta")
    assert list(note_list(actor=police, case=case)) == [new, old]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"noted_on": clock.today() + timedelta(days=1)}, "noted_on"),
        ({"noted_on": None}, "noted_on"),
        ({"kind": "gossip"}, "kind"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 10_001}, "text"),
        ({"sensitivity": "investigation"}, "sensitivity"),  # not a class police caseworkers see
        ({"sensitivity": "child_protection"}, "sensitivity"),  # an adult's case
    ],
)
def test_a_bad_note_is_refused_with_a_field_error_and_nothing_saved(
    actors, case, media, bad, field
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        _note(actors["police.tirana"], case, **bad)
    assert field in refused.value.fields
    _nothing_saved(media, events)


def test_a_note_dated_in_the_future_says_so(actors, case):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        _note(actors["police.tirana"], case, noted_on=clock.today() + timedelta(days=2))
    assert "future" in refused.value.fields["noted_on"][0]


def test_a_stranger_gets_not_found(actors, case):
    with pytest.raises(NotFound):
        _note(actors["police.shkoder"], case)
    assert not CaseNote.objects.exists()


def test_a_correction_supersedes_the_old_note_which_stays(actors, case):
    police = actors["police.tirana"]
    old = _note(police, case, text="Data e gabuar")
    new = services.note_correct(
        actor=police,
        note_id=old.pk,
        noted_on=clock.today(),
        kind="visit",
        text="Data e saktë",
    )
    assert new.supersedes == old and CaseNote.objects.count() == 2
    reader = Reader(police, case)
    views = {v.id: v for v in map(reader.note, note_list(actor=police, case=case))}
    assert views[old.pk].corrected and views[old.pk].text == "Data e gabuar"
    assert views[new.pk].supersedes_id == old.pk and not views[new.pk].corrected
    with pytest.raises(Conflict) as again:
        services.note_correct(
            actor=police, note_id=old.pk, noted_on=clock.today(), kind="visit", text="x"
        )
    assert again.value.code == CasefileError.NOTE_CORRECTED
    with pytest.raises(Forbidden):  # the shelter sees the case but did not write the note
        services.note_correct(
            actor=actors["shelter.tirana"],
            note_id=new.pk,
            noted_on=clock.today(),
            kind="visit",
            text="x",
        )
    assert CaseNote.objects.count() == 2


# --- documents ----------------------------------------------------------------------------


def test_an_upload_is_sealed_at_rest_and_reads_back(actors, case, media, pdf):
    police = actors["police.tirana"]
    doc = _upload(police, case, data=pdf)
    assert doc.file_type == "pdf" and doc.content_type == "application/pdf"
    assert doc.size == len(pdf) and len(doc.sha256) == 64
    [path] = sealed_files(media)
    on_disk = path.read_bytes()
    assert pdf not in on_disk and b"%PDF" not in on_disk and b"Raport" not in on_disk
    assert path.name == doc.storage_name.split("/")[1] and "raporti" not in str(path)
    # The name and the key are encrypted in the database too.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT original_name, data_key FROM casefile_casedocument WHERE id = %s", [doc.pk]
        )
        raw_name, raw_key = cursor.fetchone()
    assert "raporti" not in raw_name and raw_key != doc.data_key
    _got, chunks = services.document_open(actor=police, document_id=doc.pk)
    assert b"".join(chunks) == pdf
    event = AuditEvent.objects.get(code="casefile.document_uploaded")
    assert "raporti" not in str(event.data) and event.data["type"] == "pdf"


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("raporti.pdf", EXE, CasefileError.FILE_TYPE),  # a program renamed .pdf
        ("raporti.pdf", PNG, CasefileError.FILE_NAME),  # a picture claiming to be a PDF
        ("raporti.pdf", b"", CasefileError.FILE_EMPTY),
        ("raporti.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), CasefileError.FILE_TOO_LARGE),
        ("macro.docx", b"PK\x03\x04" + b"\x00" * 100, CasefileError.FILE_TYPE),  # not a zip
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_saved(
    actors, case, media, name, data, code
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        _upload(actors["police.tirana"], case, name=name, data=data)
    assert refused.value.code == code
    assert refused.value.fields["file"][0]
    _nothing_saved(media, events)


def test_no_file_and_a_bad_kind_are_field_errors(actors, case, media):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.document_upload(
            actor=actors["police.tirana"], case_id=case.pk, kind="selfie", file=None
        )
    assert set(refused.value.fields) == {"kind", "file"}
    _nothing_saved(media, events)


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\arta\\Desktop\\raporti.PDF", "raporti.pdf"),
        ("raport\u202efdp.exe.pdf", "raportfdp.exe.pdf"),  # a right-to-left override dropped
        ("rap\x00ort\r\n.pdf", "raport.pdf"),
        ("", "document.pdf"),
        ("Vërtetim mjekësor", "Vërtetim mjekësor.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_names_are_made_safe(actors, case, pdf, sent, kept):
    doc = _upload(actors["police.tirana"], case, name=sent, data=pdf)
    assert doc.original_name == kept


def test_a_failure_after_the_file_is_written_removes_it(actors, case, media, pdf, monkeypatch):
    from nrm.casefile import services as module

    def refuse(**kwargs):
        raise RuntimeError("the trail is down")

    monkeypatch.setattr(module, "event_record", refuse)
    with pytest.raises(RuntimeError):
        _upload(actors["police.tirana"], case, data=pdf)
    assert sealed_files(media) == [] and not CaseDocument.objects.exists()


def test_a_withdrawn_document_is_hidden_but_kept(actors, case, pdf):
    police = actors["police.tirana"]
    doc = _upload(police, case, data=pdf)
    with pytest.raises(ValidationFailed):
        services.document_withdraw(actor=police, document_id=doc.pk, reason=" ")
    with pytest.raises(Forbidden):  # the shelter did not upload it
        services.document_withdraw(actor=actors["shelter.tirana"], document_id=doc.pk, reason="r")
    services.document_withdraw(actor=actors["ap.secretariat"], document_id=doc.pk, reason="Gabim")
    assert not document_list(actor=police, case=case).exists()
    assert CaseDocument.objects.get(pk=doc.pk).withdrawal_reason == "Gabim"
    with pytest.raises(NotFound):
        services.document_open(actor=police, document_id=doc.pk)
    assert AuditEvent.objects.filter(code="casefile.document_withdrawn").count() == 1


# --- sensitivity and the access log -------------------------------------------------------


def test_a_class_the_reader_may_not_see_is_restricted_and_not_downloadable(actors, case, pdf):
    shelter, police, ap = (
        actors["shelter.tirana"],
        actors["police.tirana"],
        actors["ap.secretariat"],
    )
    _note(shelter, case, sensitivity="health", text="Diagnoza")
    doc = _upload(shelter, case, name="mjekesor.pdf", data=pdf, kind="medical_report")
    assert doc.sensitivity == "health"  # the kind's default class

    for reader in (police, ap):  # the owner (police) and the AP secretariat read no health data
        view = Reader(reader, case)
        assert view.note(note_list(actor=reader, case=case).get()).text is None
        d = view.document(document_list(actor=reader, case=case).get())
        assert d.restricted and d.name is None and d.sha256 is None
        with pytest.raises(Forbidden):
            services.document_open(actor=reader, document_id=doc.pk)
    assert Reader(shelter, case).note(note_list(actor=shelter, case=case).get()).text == "Diagnoza"
    with pytest.raises(ValidationFailed):  # the police may not file what it cannot read
        _note(police, case, sensitivity="health")


def test_every_download_is_in_the_access_log(actors, case, pdf):
    police = actors["police.tirana"]
    doc = _upload(police, case, data=pdf)
    before = AccessLog.objects.count()
    services.document_open(actor=police, document_id=doc.pk)
    row = AccessLog.objects.latest("pk")
    assert AccessLog.objects.count() == before + 1
    assert (row.action, row.case_id, row.user_id) == (
        "casefile.document_download",
        case.pk,
        police.user.pk,
    )
    with pytest.raises(NotFound):
        services.document_open(actor=actors["police.shkoder"], document_id=doc.pk)
    assert AccessLog.objects.count() == before + 1


# --- key rotation and anonymisation -------------------------------------------------------


def test_key_rotation_moves_the_documents_key_and_the_file_still_opens(actors, case, pdf, settings):
    from cryptography.fernet import Fernet

    from nrm.site import rotation

    police = actors["police.tirana"]
    doc = _upload(police, case, data=pdf)
    settings.NRM_FIELD_KEYS = (Fernet.generate_key().decode(), *settings.NRM_FIELD_KEYS)
    found = {m._meta.label: names for m, names in rotation.encrypted_fields()}
    assert set(found["casefile.CaseDocument"]) >= {"data_key", "original_name"}
    rotation.fields_rotate(actor=actors["ap.secretariat"])
    settings.NRM_FIELD_KEYS = settings.NRM_FIELD_KEYS[:1]  # the old key is gone
    _got, chunks = services.document_open(actor=police, document_id=doc.pk)
    assert b"".join(chunks) == pdf


def test_anonymisation_shreds_the_file_and_the_sweep_removes_it(actors, case, pdf, media):
    from nrm.casefile.jobs import casefile_files_sweep
    from nrm.registry.retention import holders

    police = actors["police.tirana"]
    doc = _upload(police, case, data=pdf)
    note = _note(police, case)
    by_case, _ = holders()
    labels = {h.label: h.fields for h in by_case}
    assert set(labels["casefile.CaseDocument"]) >= {"data_key", "original_name"}
    assert labels["casefile.CaseNote"] == ("text",)
    # What case_anonymise does to every holder of the case (registry.retention._erase).
    for h in by_case:
        h.model._default_manager.filter(**{h.path: case.pk}).update(**dict.fromkeys(h.fields, ""))
    assert CaseNote.objects.get(pk=note.pk).text == ""
    with pytest.raises(NotFound):
        services.document_open(actor=police, document_id=doc.pk)
    assert len(sealed_files(media)) == 1
    assert casefile_files_sweep() == 1
    assert sealed_files(media) == []
    with pytest.raises(storage.Unreadable):
        storage.read_all(doc.storage_name, "")
