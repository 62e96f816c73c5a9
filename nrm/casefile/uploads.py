"""How the bytes of an upload are received: in memory only, never in a temporary file (a
plaintext copy on disk is what sealing the documents avoids), and never more than the
profile's limit. Set on the request before its body is read (the upload view and the API
operation do so first).

- A body larger than the limit plus `FORM_ALLOWANCE` (the form's other fields and the
  multipart framing) is refused at once: RequestDataTooBig (413 on the API, 400 on a page).
- A file over the limit is read to its end and dropped as it comes; it arrives marked
  `too_big` with its real size, so the service answers with a field error and saves nothing.
"""

import io

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

FORM_ALLOWANCE = 256 * 1024


class CappedMemoryUpload(FileUploadHandler):
    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + FORM_ALLOWANCE:
            raise RequestDataTooBig("the upload is larger than the case file accepts")
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if not self.too_big:
            if self.buffer.tell() + len(raw_data) > self.limit:
                self.too_big = True
                self.buffer = io.BytesIO()
            else:
                self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        upload = InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        upload.too_big = self.too_big
        return upload


def cap_uploads(request, limit: int) -> None:
    """Receive this request's file with CappedMemoryUpload (before request.POST is read)."""
    request.upload_handlers = [CappedMemoryUpload(request, limit=limit)]
