"""The case file's audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class CasefileCode(AuditCode):
    # Change events.
    NOTE_WRITTEN = "casefile.note_written", _("Wrote a case note")
    NOTE_CORRECTED = "casefile.note_corrected", _("Corrected a case note")
    DOCUMENT_UPLOADED = "casefile.document_uploaded", _("Uploaded a document to the case")
    DOCUMENT_WITHDRAWN = "casefile.document_withdrawn", _("Withdrew a document of the case")
    # Reads of a case (access log).
    TIMELINE = "casefile.timeline", _("Opened the case's notes and documents")
    DOCUMENT_DOWNLOAD = "casefile.document_download", _("Downloaded a document of the case")
    API_READ = "casefile.api_read", _("Read the case's notes or documents through the API")
