"""Every read of the case file, scoped by the reader: notes and documents are visible with
their case (`registry.selectors.case_in_scope`), and what each one says only to a reader of
its sensitivity class (`registry.sensitivity.visible_classes`); to others it is
"restricted": the date, kind and author show, the text, file name and bytes do not."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.translation import get_language

from nrm.casefile import rules
from nrm.casefile.models import CaseDocument, CaseNote
from nrm.core.errors import NotFound
from nrm.registry.models import Case
from nrm.registry.selectors import case_in_scope, case_scope
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import profile_of


def note_list(*, actor, case: Case) -> QuerySet[CaseNote]:
    """The case's notes, newest first (by the day they are about, then when written)."""
    case_in_scope(actor=actor, case=case)
    return (
        CaseNote.objects.filter(case=case)
        .select_related("written_by", "institution", "superseded_by")
        .order_by("-noted_on", "-written_at", "-pk")
    )


def note_get(*, actor, id: int) -> CaseNote:
    note = (
        CaseNote.objects.filter(pk=id, case__in=case_scope(actor=actor))
        .select_related("case", "case__person", "written_by", "institution")
        .first()
    )
    if note is None:
        raise NotFound()
    return note


def document_list(*, actor, case: Case) -> QuerySet[CaseDocument]:
    """The case's documents that are not withdrawn, newest first."""
    case_in_scope(actor=actor, case=case)
    return (
        CaseDocument.objects.filter(case=case, withdrawn_at__isnull=True)
        .select_related("uploaded_by", "institution")
        .order_by("-uploaded_at", "-pk")
    )


def document_get(*, actor, id: int) -> CaseDocument:
    """A document of a case the actor may see; withdrawn ones are gone for every reader."""
    doc = (
        CaseDocument.objects.filter(
            pk=id, case__in=case_scope(actor=actor), withdrawn_at__isnull=True
        )
        .select_related("case", "case__person", "uploaded_by", "institution")
        .first()
    )
    if doc is None:
        raise NotFound()
    return doc


def _author(user) -> str:
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class NoteView:
    """A note as a reader sees it: `text` None when its class is not theirs (restricted)."""

    id: int
    noted_on: date
    written_at: datetime
    kind: str
    kind_label: str
    sensitivity: str
    sensitivity_label: str
    author: str
    institution: str
    text: str | None
    supersedes_id: int | None
    corrected_by_id: int | None

    @property
    def restricted(self) -> bool:
        return self.text is None

    @property
    def corrected(self) -> bool:
        return self.corrected_by_id is not None


@dataclass(frozen=True)
class DocumentView:
    id: int
    uploaded_at: datetime
    kind: str
    kind_label: str
    sensitivity: str
    sensitivity_label: str
    author: str
    institution: str
    name: str | None  # None: restricted
    content_type: str
    size: int
    sha256: str | None
    may_withdraw: bool

    @property
    def restricted(self) -> bool:
        return self.name is None

    @property
    def size_label(self) -> str:
        return rules.megabytes(self.size)


class Reader:
    """What one actor sees of one case's records: built once per page or response."""

    def __init__(self, actor, case: Case):
        self.actor, self.case = actor, case
        self.profile = profile_of(case)
        self.visibility = case_visibility(actor, case)
        self.language = get_language() or self.profile.default_language

    def sees(self, record, field: str) -> bool:
        return record.sensitivity in self.visibility.classes and not self.visibility.hides_in(
            record, field
        )

    def _kinds(self, attr: str):
        block = self.profile.casefile
        return getattr(block, attr) if block is not None else ()

    def note(self, n: CaseNote) -> NoteView:
        try:
            corrected_by = n.superseded_by.pk
        except CaseNote.superseded_by.RelatedObjectDoesNotExist:
            corrected_by = None
        return NoteView(
            id=n.pk,
            noted_on=n.noted_on,
            written_at=n.written_at,
            kind=n.kind,
            kind_label=rules.kind_label(self._kinds("note_kinds"), n.kind, self.language),
            sensitivity=n.sensitivity,
            sensitivity_label=rules.class_label(self.profile, n.sensitivity, self.language),
            author=_author(n.written_by),
            institution=n.institution.name,
            text=n.text if self.sees(n, "text") else None,
            supersedes_id=n.supersedes_id,
            corrected_by_id=corrected_by,
        )

    def document(self, d: CaseDocument) -> DocumentView:
        seen = self.sees(d, "original_name")
        block = self.profile.casefile
        return DocumentView(
            id=d.pk,
            uploaded_at=d.uploaded_at,
            kind=d.kind,
            kind_label=rules.kind_label(self._kinds("document_kinds"), d.kind, self.language),
            sensitivity=d.sensitivity,
            sensitivity_label=rules.class_label(self.profile, d.sensitivity, self.language),
            author=_author(d.uploaded_by),
            institution=d.institution.name,
            name=d.original_name if seen else None,
            content_type=d.content_type,
            size=d.size,
            sha256=d.sha256 if seen else None,
            may_withdraw=block is not None
            and rules.may_withdraw(block, actor=self.actor, document=d),
        )
