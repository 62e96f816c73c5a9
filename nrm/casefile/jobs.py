"""The worker's sweep of the documents' files (`nrm worker`, core.jobs door): the sealed
files of anonymised documents (their key is gone, so they can never be opened) and files
left by an upload rolled back after its file was written. Deletes files only; the rows stay."""

from nrm.casefile import storage
from nrm.casefile.models import CaseDocument
from nrm.core.jobs import periodic


@periodic("casefile_files_sweep", app=__package__, order=150)
def casefile_files_sweep() -> int:
    """How many files were removed. Runs at most once a day (a marker file's age), as the
    worker's cycle is short and anonymisation is a daily matter."""
    if not storage.sweep_due():
        return 0
    shredded = list(CaseDocument.objects.filter(data_key="").values_list("storage_name", flat=True))
    known = set(CaseDocument.objects.values_list("storage_name", flat=True))
    return storage.files_sweep(shredded=shredded, known=known)
