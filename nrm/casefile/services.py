"""Every write of the case file, one transaction each with its audit event, and the one read
that hands out a document's bytes (with its access-log row). docs/casefile.md.

Bad input is refused with field errors before anything is written: a note dated in the
future, a kind or class not in the profile, an empty or over-long text; a file that is
missing, empty, over the profile's limit, of a type the profile does not accept (decided from
its bytes), or whose name claims another type. An upload's sealed file is written before its
row; if the transaction fails the file is removed at once (and a file left by a rollback
further out is removed by the worker's sweep after a day).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import transaction
from django.utils.translation import gettext as _

from nrm.accounts.capabilities import Capability
from nrm.audit.services import access_record, event_record
from nrm.casefile import filetypes, rules, selectors, storage
from nrm.casefile.audit_codes import CasefileCode
from nrm.casefile.error_codes import CasefileError
from nrm.casefile.models import CaseDocument, CaseNote
from nrm.core import clock
from nrm.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from nrm.registry.models import Case
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import visible_classes
from nrm.registry.services import profile_of


class FileRefused(ValidationFailed):
    """A field error on `file` with a code of its own (wrong type, too large, empty)."""

    def __init__(self, code: CasefileError, message: str):
        super().__init__({"file": [message]}, message)
        self.code = code


class Upload(Protocol):
    """What an upload gives: Django's UploadedFile, or any object with these."""

    name: str
    size: int

    def read(self) -> bytes: ...


# --- helpers ------------------------------------------------------------------------------


def _case_for_writer(actor, case_id: int) -> Case:
    """The case, locked, for a member who may change it (NotFound first, then Forbidden)."""
    case = case_get(actor=actor, id=case_id)
    if not actor.can(Capability.CASE_UPDATE):
        raise Forbidden(_("You may read this case but not add to it."))
    if case.anonymised_at is not None:
        raise Conflict(_("This case has been anonymised."))
    return Case.objects.select_for_update().select_related("person").get(pk=case.pk)


def _kind(kinds, code: str):
    return next((k for k in kinds if k.code == code), None)


def _note_create(
    *, actor, case: Case, noted_on, kind: str, text: str, sensitivity: str, supersedes=None
) -> CaseNote:
    profile = profile_of(case)
    block = rules.casefile_rules(profile)
    text = (text or "").strip()
    errors = rules.note_errors(block, noted_on=noted_on, kind=kind, text=text)
    sensitivity = sensitivity or rules.default_class(block, _kind(block.note_kinds, kind))
    allowed = rules.writable_classes(profile, case, visible_classes(actor, case))
    errors.update(rules.class_errors(sensitivity, allowed))
    if errors:
        raise ValidationFailed(errors)
    return CaseNote.objects.create(
        case=case,
        written_at=clock.now(),
        written_by=actor.user,
        institution=actor.institution,
        noted_on=noted_on,
        kind=kind,
        sensitivity=sensitivity,
        text=text,
        supersedes=supersedes,
    )


# --- notes --------------------------------------------------------------------------------


@transaction.atomic
def note_write(
    *, actor, case_id: int, noted_on: date | None, kind: str, text: str, sensitivity: str = ""
) -> CaseNote:
    """Adds a dated note to the case's timeline. `sensitivity` empty: the kind's default."""
    case = _case_for_writer(actor, case_id)
    note = _note_create(
        actor=actor, case=case, noted_on=noted_on, kind=kind, text=text, sensitivity=sensitivity
    )
    event_record(
        actor=actor,
        code=CasefileCode.NOTE_WRITTEN,
        case_id=case.pk,
        target=note,
        data={"kind": note.kind, "sensitivity": note.sensitivity, "noted_on": str(noted_on)},
    )
    return note


@transaction.atomic
def note_correct(
    *,
    actor,
    note_id: int,
    noted_on: date | None,
    kind: str,
    text: str,
    sensitivity: str = "",
) -> CaseNote:
    """A correction: a new note that supersedes `note_id`, which stays on the timeline marked
    corrected. Only the writer's institution corrects a note, and only one it can read."""
    old = selectors.note_get(actor=actor, id=note_id)
    case = _case_for_writer(actor, old.case_id)
    old = CaseNote.objects.select_for_update().get(pk=old.pk)
    if old.institution_id != actor.institution_id:
        raise Forbidden(_("Only the institution that wrote a note may correct it."))
    if old.sensitivity not in visible_classes(actor, case):
        raise Forbidden(_("You may not read this note."))
    if CaseNote.objects.filter(supersedes=old).exists():
        raise Conflict(
            _("This note has already been corrected."), code=CasefileError.NOTE_CORRECTED
        )
    note = _note_create(
        actor=actor,
        case=case,
        noted_on=noted_on,
        kind=kind,
        text=text,
        sensitivity=sensitivity or old.sensitivity,
        supersedes=old,
    )
    event_record(
        actor=actor,
        code=CasefileCode.NOTE_CORRECTED,
        case_id=case.pk,
        target=note,
        data={"supersedes": old.pk, "kind": note.kind, "sensitivity": note.sensitivity},
    )
    return note


# --- documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    data: bytes
    file_type: str
    name: str


def _check_file(block, file: Upload | None) -> _Checked:
    """The file's bytes, type and safe name, or FileRefused. Size first: a file over the
    limit is never read (an upload handler may already have dropped its bytes)."""
    if file is None:
        raise FileRefused(CasefileError.FILE_MISSING, _("Choose a file to upload."))
    limit = block.max_document_bytes
    size = getattr(file, "size", None)
    if getattr(file, "too_big", False) or (size is not None and size > limit):
        raise FileRefused(
            CasefileError.FILE_TOO_LARGE,
            _("The file is larger than %(limit)s.") % {"limit": rules.megabytes(limit)},
        )
    data = file.read(limit + 1) if size is None else file.read()
    if len(data) > limit:
        raise FileRefused(
            CasefileError.FILE_TOO_LARGE,
            _("The file is larger than %(limit)s.") % {"limit": rules.megabytes(limit)},
        )
    if not data:
        raise FileRefused(CasefileError.FILE_EMPTY, _("The file is empty."))
    file_type = filetypes.detect(data)
    if file_type is None or file_type not in block.document_types:
        accepted = ", ".join(t.upper() for t in block.document_types)
        raise FileRefused(
            CasefileError.FILE_TYPE,
            _("This type of file is not accepted. Accepted: %(types)s.") % {"types": accepted},
        )
    name, matches = filetypes.safe_name(
        getattr(file, "name", "") or "", file_type, limit=block.file_name_max_chars
    )
    if not matches:
        raise FileRefused(
            CasefileError.FILE_NAME,
            _("The file's name does not match its content (it is a %(type)s file).")
            % {"type": file_type.upper()},
        )
    return _Checked(data=data, file_type=file_type, name=name)


@transaction.atomic
def document_upload(
    *, actor, case_id: int, kind: str, file: Upload | None, sensitivity: str = ""
) -> CaseDocument:
    """Stores a document of the case, sealed at rest. Field errors (nothing saved) for a
    kind or class not allowed and for any fault of the file (see `_check_file`)."""
    case = _case_for_writer(actor, case_id)
    profile = profile_of(case)
    block = rules.casefile_rules(profile)
    errors: dict[str, list[str]] = {}
    kind_rule = _kind(block.document_kinds, kind)
    if kind_rule is None:
        errors["kind"] = [_("Choose the kind of document.")]
    sensitivity = sensitivity or rules.default_class(block, kind_rule)
    allowed = rules.writable_classes(profile, case, visible_classes(actor, case))
    errors.update(rules.class_errors(sensitivity, allowed))
    try:
        checked = _check_file(block, file)
    except FileRefused as refused:
        if not errors:
            raise
        errors.update(refused.fields)
    if errors:
        raise ValidationFailed(errors)
    storage_name, key = storage.seal(checked.data)
    try:
        doc = CaseDocument.objects.create(
            case=case,
            uploaded_at=clock.now(),
            uploaded_by=actor.user,
            institution=actor.institution,
            kind=kind,
            sensitivity=sensitivity,
            original_name=checked.name,
            content_type=filetypes.TYPES[checked.file_type].content_type,
            file_type=checked.file_type,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
            storage_name=storage_name,
            data_key=key,
        )
        event_record(
            actor=actor,
            code=CasefileCode.DOCUMENT_UPLOADED,
            case_id=case.pk,
            target=doc,
            data={
                "kind": kind,
                "sensitivity": sensitivity,
                "type": checked.file_type,
                "size": doc.size,
                "sha256": doc.sha256,
            },
        )
    except BaseException:
        storage.discard(storage_name)
        raise
    return doc


@transaction.atomic
def document_withdraw(*, actor, document_id: int, reason: str) -> CaseDocument:
    """Hides a document from the case for good; the row, its file and the trail stay. By the
    uploader's institution or the profile's `withdrawn_by` (the AP secretariat), with a
    reason."""
    doc = selectors.document_get(actor=actor, id=document_id)
    block = rules.casefile_rules(profile_of(doc.case))
    if not rules.may_withdraw(block, actor=actor, document=doc):
        raise Forbidden(
            _("Only the institution that uploaded a document, or the AP secretariat, withdraws it.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Give the reason for withdrawing the document.")]})
    if len(reason) > 2000:
        raise ValidationFailed({"reason": [_("At most %(n)d characters.") % {"n": 2000}]})
    doc = CaseDocument.objects.select_for_update().get(pk=doc.pk)
    if doc.withdrawn_at is not None:
        raise Conflict(
            _("This document has been withdrawn."), code=CasefileError.DOCUMENT_WITHDRAWN
        )
    doc.withdrawn_at = clock.now()
    doc.withdrawn_by = actor.user
    doc.withdrawal_reason = reason
    doc.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    event_record(
        actor=actor,
        code=CasefileCode.DOCUMENT_WITHDRAWN,
        case_id=doc.case_id,
        target=doc,
        data={"kind": doc.kind},
    )
    return doc


@transaction.atomic
def document_open(*, actor, document_id: int):
    """(document, its plain bytes as an iterator) for a reader of the case and of the
    document's class, with the download's access-log row. Another reader of the case: 403;
    a stranger, a missing or withdrawn document: 404."""
    doc = selectors.document_get(actor=actor, id=document_id)
    if doc.sensitivity not in visible_classes(actor, doc.case):
        raise Forbidden(_("This document is of a class you may not see."))
    try:
        chunks = storage.stream(doc.storage_name, doc.data_key)
    except storage.Unreadable:
        raise NotFound(_("This document's file can no longer be read.")) from None
    access_record(actor=actor, case_id=doc.case_id, action=CasefileCode.DOCUMENT_DOWNLOAD)
    return doc, chunks
