"""Unique persons' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class LinkageError(ErrorCode):
    ALREADY_DECIDED = (
        "linkage_already_decided",
        _("These two records already have a decision; undo it first."),
    )
    ALREADY_UNDONE = "linkage_already_undone", _("This decision has already been undone.")
