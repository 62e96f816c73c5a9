"""One error type for the domain, rendered by one handler as {"code", "message", "errors"}."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, fields: dict[str, list[str]] | None = None, code=None):
        self.message = str(message or self.default_message)
        self.fields = fields or {}
        if code:
            self.code = code
        super().__init__(self.message)

    def summary(self) -> str:
        """Every field message, or the general message when there is none (for a page)."""
        return " ".join(m for found in self.fields.values() for m in found) or self.message


class ValidationFailed(DomainError):
    code = "invalid"
    default_message = _("Some fields are not valid.")

    def __init__(self, fields: dict[str, list[str]], message=None):
        super().__init__(message, fields={k: [str(m) for m in v] for k, v in fields.items()})

    def prefixed(self, prefix: str) -> "ValidationFailed":
        return ValidationFailed({f"{prefix}.{k}": v for k, v in self.fields.items()}, self.message)


class NotFound(DomainError):
    """Missing and forbidden look the same: the caller learns nothing about existence."""

    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Forbidden(DomainError):
    """For actions on a record the caller may already see."""

    code = "forbidden"
    status = 403
    default_message = _("You do not have permission to do this.")


class IllegalTransition(DomainError):
    code = "illegal_transition"
    status = 409
    default_message = _("This change of status is not allowed by the procedure.")


class Conflict(DomainError):
    """Someone else changed the record since the caller read it (optimistic locking)."""

    code = "conflict"
    status = 409
    default_message = _("Someone else changed this record while you were editing it.")
