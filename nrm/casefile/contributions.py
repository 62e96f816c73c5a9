"""What the case file contributes to the doors: the case page's lazy panel, the person's data
export, the demo's walk, the profile check (nrm.E090) and codes its demo names, its audit
codes and the worker's sweep of files (`jobs`, imported by `ready()`)."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from nrm.audit.doors import audit_codes
from nrm.casefile import checks, panels, selectors
from nrm.casefile.audit_codes import CasefileCode
from nrm.casefile.demo import DOCUMENT_KIND, NOTE_KINDS, demo_walk
from nrm.jurisdictions.doors import RequiredCodes, codes_of, profile_checks, required_codes
from nrm.registry import doors
from nrm.registry.person_rights.export import iso

APP = "nrm.casefile"


def export_casefile(actor, case, language) -> dict:
    """The person's data export: the notes the exporter may read (restricted ones are left
    out, as other hidden fields are) and the list of documents — names, kinds, dates, not the
    files, which are given on request through the download."""
    with translation.override(language):
        reader = selectors.Reader(actor, case)
        notes = [reader.note(n) for n in selectors.note_list(actor=actor, case=case)]
        documents = [reader.document(d) for d in selectors.document_list(actor=actor, case=case)]
    return {
        "notes": [
            {
                "noted_on": n.noted_on.isoformat(),
                "kind": n.kind_label,
                "written_at": iso(n.written_at),
                "institution": n.institution,
                "text": n.text,
                "corrected": n.corrected,
            }
            for n in notes
            if not n.restricted
        ],
        "documents": [
            {
                "name": d.name,
                "kind": d.kind_label,
                "uploaded_at": iso(d.uploaded_at),
                "institution": d.institution,
                "content_type": d.content_type,
                "size": d.size,
            }
            for d in documents
            if not d.restricted
        ],
    }


def contribute() -> None:
    audit_codes.add(CasefileCode, code="casefile", app=APP)
    profile_checks.add(checks.check_casefile, code="casefile", app=APP)
    doors.case_panels.add(
        doors.CasePanel(
            "casefile/_case_panel.html",
            panels.section,
            lazy=True,
            title=gettext_lazy("Notes and documents"),
        ),
        code="casefile.timeline",
        app=APP,
        order=80,
    )
    doors.person_export_sections.add(
        doors.ExportSection("casefile", export_casefile, "casefile/export/casefile.html"),
        code="casefile",
        app=APP,
        order=260,
    )
    doors.demo_walkers.add(doors.DemoWalker(demo_walk), code="casefile", app=APP, order=90)
    required_codes.add(
        RequiredCodes(
            "casefile.note_kinds",
            NOTE_KINDS,
            lambda p: codes_of(p.casefile.note_kinds) if p.casefile is not None else None,
            optional=True,
        ),
        code="casefile.note_kinds",
        app=APP,
    )
    required_codes.add(
        RequiredCodes(
            "casefile.document_kinds",
            (DOCUMENT_KIND,),
            lambda p: codes_of(p.casefile.document_kinds) if p.casefile is not None else None,
            optional=True,
        ),
        code="casefile.document_kinds",
        app=APP,
    )
