"""The exchange's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class ExchangeError(ErrorCode):
    INVALID_DOCUMENT = "exchange_invalid_document", _("The HTCDS document is not valid.")
    NOT_JSON = "exchange_not_json", _("The file is not a JSON document.")
