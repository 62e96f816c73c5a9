"""The service directory's domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class DirectoryError(ErrorCode):
    NO_BEDS = "no_beds", _("The service has no free bed.")
    BEDS_OVER_MAXIMUM = "beds_over_maximum", _("More beds would be free than the service has.")
    NO_CAPACITY = "no_capacity", _("The service keeps no count of beds.")
