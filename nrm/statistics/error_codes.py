"""The statistics' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class StatisticsError(ErrorCode):
    UNKNOWN_TABLE = "statistics_unknown_table", _("There is no such statistics table.")
    BAD_PERIOD = "statistics_bad_period", _("This table is not published for such a period.")
    OPEN_PERIOD = "statistics_open_period", _("The period has not ended yet.")
    BAD_TIER = "statistics_bad_tier", _("Choose the restricted or the public tier.")
