"""The case file's part of the case page: a lazy section with the timeline of notes (newest
first, paged), the documents and the forms to add both."""

from django.core.paginator import Paginator
from django.utils.translation import get_language

from nrm.accounts.capabilities import Capability
from nrm.casefile import rules, selectors
from nrm.casefile.forms import DocumentForm, NoteForm
from nrm.core import clock
from nrm.registry.sensitivity import visible_classes
from nrm.registry.services import profile_of


def _choices(kinds, language: str) -> list[tuple[str, str]]:
    return [(k.code, k.name.get(language)) for k in kinds]


def forms_for(actor, case, *, note_data=None, document_data=None, files=None) -> dict:
    """The add-a-note and upload forms, or nothing for a reader who may not add."""
    profile = profile_of(case)
    block = profile.casefile
    if block is None or not actor.can(Capability.CASE_UPDATE) or case.anonymised_at:
        return {}
    language = get_language() or profile.default_language
    classes = [
        (c, rules.class_label(profile, c, language))
        for c in rules.writable_classes(profile, case, visible_classes(actor, case))
    ]
    note = NoteForm(
        note_data,
        kinds=_choices(block.note_kinds, language),
        classes=classes,
        max_chars=block.note_max_chars,
        initial={"noted_on": clock.today(), "sensitivity": block.default_sensitivity},
        auto_id="note-%s",
    )
    document = DocumentForm(
        document_data,
        files,
        kinds=_choices(block.document_kinds, language),
        classes=classes,
        types=block.document_types,
        auto_id="doc-%s",
    )
    return {
        "note_form": note,
        "document_form": document,
        "max_size": rules.megabytes(block.max_document_bytes),
        "types": ", ".join(t.upper() for t in block.document_types),
    }


def context(request, case, *, page: int | str | None = 1, **forms) -> dict | None:
    profile = profile_of(case)
    block = profile.casefile
    if block is None:
        return None
    actor = request.actor
    reader = selectors.Reader(actor, case)
    notes = Paginator(selectors.note_list(actor=actor, case=case), block.page_size)
    current = notes.get_page(page)
    current.object_list = [reader.note(n) for n in current.object_list]
    documents = [reader.document(d) for d in selectors.document_list(actor=actor, case=case)]
    return {
        "notes": current,
        "documents": documents,
        **forms_for(actor, case, **forms),
    }


def section(request, case) -> dict | None:
    """The lazy panel (registry's case_panel view; `case` comes from case_open)."""
    return context(request, case)
