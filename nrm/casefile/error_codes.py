"""The case file's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class CasefileError(ErrorCode):
    FILE_MISSING = "casefile_file_missing", _("No file was sent.")
    FILE_EMPTY = "casefile_file_empty", _("The file is empty.")
    FILE_TOO_LARGE = "casefile_file_too_large", _("The file is larger than allowed.")
    FILE_TYPE = "casefile_file_type", _("This type of file is not accepted.")
    FILE_NAME = "casefile_file_name", _("The file's name does not match what the file is.")
    NOTE_CORRECTED = "casefile_note_corrected", _("This note has already been corrected.")
    DOCUMENT_WITHDRAWN = "casefile_document_withdrawn", _("This document has been withdrawn.")
    NO_CASEFILE = "casefile_not_configured", _("This procedure keeps no case notes or documents.")
