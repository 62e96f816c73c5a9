"""One error type for the domain, rendered by one handler as {"code", "message", "errors"}.

Every code is a member of an `ErrorCode` enum with a label: the general ones here
(`CoreError`), an app's own in `<app>/error_codes.py`. `DomainError` refuses anything else
(TypeError), as a class attribute or as `code=`; the JSON carries the member's string."""

from django.utils.translation import gettext_lazy as _

from nrm.core.labelled import LabelledStrEnum


class ErrorCode(LabelledStrEnum):
    """Base of every app's error codes: `NAME = "stored_value", _("Label")`."""


class CoreError(ErrorCode):
    ERROR = "error", _("The request could not be carried out.")
    INVALID = "invalid", _("Some fields are not valid.")
    NOT_FOUND = "not_found", _("Not found.")
    FORBIDDEN = "forbidden", _("You do not have permission to do this.")
    ILLEGAL_TRANSITION = (
        "illegal_transition",
        _("This change of status is not allowed by the procedure."),
    )
    CONFLICT = "conflict", _("Someone else changed this record while you were editing it.")
    TOO_LARGE = "too_large", _("The request is too large.")
    UNSUPPORTED_MEDIA_TYPE = (
        "unsupported_media_type",
        _("Send the body as JSON (Content-Type: application/json)."),
    )


def _require(code) -> ErrorCode:
    if not isinstance(code, ErrorCode):
        raise TypeError(f"error code must be an ErrorCode member, not {code!r}")
    return code


class DomainError(Exception):
    code: ErrorCode = CoreError.ERROR
    status = 400
    default_message = _("The request could not be carried out.")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _require(cls.code)

    def __init__(
        self,
        message=None,
        *,
        fields: dict[str, list[str]] | None = None,
        code: ErrorCode | None = None,
    ):
        self.message = str(message or self.default_message)
        self.fields = fields or {}
        if code is not None:
            self.code = _require(code)
        super().__init__(self.message)

    def summary(self) -> str:
        """Every field message, or the general message when there is none (for a page)."""
        return " ".join(m for found in self.fields.values() for m in found) or self.message


class ValidationFailed(DomainError):
    code = CoreError.INVALID
    default_message = _("Some fields are not valid.")

    def __init__(self, fields: dict[str, list[str]], message=None):
        super().__init__(message, fields={k: [str(m) for m in v] for k, v in fields.items()})

    def prefixed(self, prefix: str) -> "ValidationFailed":
        return ValidationFailed({f"{prefix}.{k}": v for k, v in self.fields.items()}, self.message)


class NotFound(DomainError):
    """Missing and forbidden look the same: the caller learns nothing about existence."""

    code = CoreError.NOT_FOUND
    status = 404
    default_message = _("Not found.")


class Forbidden(DomainError):
    """For actions on a record the caller may already see."""

    code = CoreError.FORBIDDEN
    status = 403
    default_message = _("You do not have permission to do this.")


class IllegalTransition(DomainError):
    code = CoreError.ILLEGAL_TRANSITION
    status = 409
    default_message = _("This change of status is not allowed by the procedure.")


class Conflict(DomainError):
    """Someone else changed the record since the caller read it (optimistic locking)."""

    code = CoreError.CONFLICT
    status = 409
    default_message = _("Someone else changed this record while you were editing it.")
