"""What the API accepts as input, before any handler sees it.

- A body must be JSON, sent as `application/json` (or a `+json` type): anything else
  (a form, a multipart upload, plain text) is refused with 415 and nothing is parsed.
  A body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 (`nrm.api`).
- No text, in the body or the query string, may hold a NUL character or an unpaired
  surrogate: PostgreSQL cannot store the first and UTF-8 cannot encode the second, so
  either would otherwise fail deep inside a service. They are refused with 400, naming
  the field.
- No text may be longer than `limits.TEXT_MAX` characters, and no list longer than
  `limits.LIST_MAX` items: 400, naming the field.
- An address under /api/ that matches no operation answers 404 in the API's error shape,
  not the HTML page (the other pages keep Django's own).

The app takes no file uploads yet. Any future upload must go through a service that
checks its size and type (and the settings' DATA_UPLOAD_MAX_MEMORY_SIZE caps the body).
"""

import json
from datetime import UTC, datetime
from typing import Annotated

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from ninja import Schema
from ninja.parser import Parser
from pydantic import AfterValidator

from nrm.core.errors import CoreError, DomainError, NotFound, ValidationFailed
from nrm.core.limits import LIST_MAX, TEXT_MAX


class ErrorOut(Schema):
    """The one error shape, for the `response=` declarations of the operations."""

    code: str
    message: str
    errors: dict[str, list[str]]


class PayloadTooLarge(DomainError):
    code = CoreError.TOO_LARGE
    status = 413
    default_message = gettext_lazy("The request is too large.")


class UnsupportedMediaType(DomainError):
    code = CoreError.UNSUPPORTED_MEDIA_TYPE
    status = 415
    default_message = gettext_lazy("Send the body as JSON (Content-Type: application/json).")


def _bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # an unpaired surrogate, e.g. from the JSON escape "\ud800"
        return True
    return False


def text_faults(data, path: str = "") -> list[str]:
    """The dotted paths of the strings (keys included) in JSON-like data that may not be
    stored: those holding NUL or an unpaired surrogate."""
    found: list[str] = []
    if isinstance(data, str):
        if _bad_text(data):
            found.append(path or "__all__")
    elif isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _bad_text(key):
                found.append(path or "__all__")
            else:
                found.extend(text_faults(value, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(text_faults(value, f"{path}.{index}" if path else str(index)))
    return found


def size_faults(data, path: str = "") -> list[str]:
    """The dotted paths of the texts over TEXT_MAX characters and lists over LIST_MAX items."""
    name = path or "__all__"
    if isinstance(data, str):
        return [name] if len(data) > TEXT_MAX else []
    if isinstance(data, dict):
        return [
            fault
            for key, value in data.items()
            for fault in size_faults(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(data, list):
        if len(data) > LIST_MAX:
            return [name]
        return [
            fault
            for index, value in enumerate(data)
            for fault in size_faults(value, f"{path}.{index}" if path else str(index))
        ]
    return []


def text_check(data) -> None:
    faults = text_faults(data)
    if faults:
        message = _("Text may not contain NUL characters or unpaired surrogates.")
        raise ValidationFailed({name: [message] for name in faults})
    too_big = size_faults(data)
    if too_big:
        message = _("Too long: at most %(text)s characters in a text, %(items)s items in a list.")
        message %= {"text": f"{TEXT_MAX:,}", "items": f"{LIST_MAX:,}"}
        raise ValidationFailed({name: [message] for name in too_big})


def _in_utc(value: datetime) -> datetime:
    """An offset the database refuses (PostgreSQL takes at most ±15:59; ISO 8601 allows
    ±23:59) is moved to UTC; a naive time is left to Django's time zone."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 moved before its start, or 9999 past its end
        raise ValueError("Date and time out of range.") from None


# A date and time as the API takes it: stored in UTC whatever offset it was sent with.
ApiDateTime = Annotated[datetime, AfterValidator(_in_utc)]


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


class JsonParser(Parser):
    """ninja turns any error raised here into 400 "Cannot parse request body" with this
    error as its cause; `nrm.api.on_http_error` answers with the cause instead."""

    def parse_body(self, request: HttpRequest):
        if not _is_json(request.content_type or ""):
            raise UnsupportedMediaType()
        data = json.loads(request.body)
        text_check(data)
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        result = super().parse_querydict(data, list_fields, request)
        text_check(result)
        return result


def page_not_found(request: HttpRequest, exception=None):
    """handler404: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        error = NotFound()
        return JsonResponse(
            {"code": error.code.value, "message": error.message, "errors": {}}, status=404
        )
    return defaults.page_not_found(request, exception)
