"""Case notes and documents (issue 12, docs/casefile.md): a dated timeline of notes per case
and uploaded documents, each with its own sensitivity class.

Both are append-only. A note is corrected by a new note that `supersedes` it (the old one
stays, shown as corrected); a document is never deleted, only withdrawn (hidden from the case,
kept for the trail). A document's bytes are sealed (AES-256-GCM, `nrm.core.sealed`) under a
key of its own, `data_key`, which is itself an EncryptedTextField: key rotation re-encrypts it
with the other fields, and anonymisation empties it with them, after which the file can never
be opened again (the worker's `casefile_files_sweep` then removes it from disk).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class CaseNote(models.Model):
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="notes")
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    noted_on = models.DateField(_("date"))  # the day the note is about
    kind = models.CharField(_("kind"), max_length=32)  # the profile's `casefile.note_kinds`
    sensitivity = models.CharField(_("sensitivity"), max_length=32)  # a class of the profile
    text = EncryptedTextField(_("note"))
    # A correction: this note replaces the one it supersedes (which stays, marked corrected).
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        indexes = [
            models.Index(fields=["case", "-noted_on", "-written_at"], name="casenote_timeline")
        ]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CaseDocument(models.Model):
    case = models.ForeignKey("registry.Case", on_delete=models.PROTECT, related_name="documents")
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32)  # the profile's `casefile.document_kinds`
    sensitivity = models.CharField(_("sensitivity"), max_length=32)
    # The name it was uploaded with, already made safe (no path, no control characters).
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)  # decided from the bytes
    file_type = models.CharField(max_length=8)  # pdf | jpeg | png | docx | odt
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # Where the sealed bytes are, under MEDIA_ROOT (a random name), and their key.
    storage_name = models.CharField(max_length=80, unique=True)
    data_key = EncryptedTextField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = EncryptedTextField(_("reason"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["case", "-uploaded_at"], name="casedocument_case")]

    def __str__(self) -> str:
        return f"document {self.pk}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
