"""The accounts' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class AccountsError(ErrorCode):
    UNAUTHORIZED = "unauthorized", _("Valid credentials are required.")
