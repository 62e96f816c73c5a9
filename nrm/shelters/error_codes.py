"""The shelters' domain error codes."""

from django.utils.translation import gettext_lazy as _

from nrm.core.errors import ErrorCode


class ShelterError(ErrorCode):
    NO_BED = "shelter_no_bed", _("There is no free bed in this service.")
    ALREADY_RESIDENT = "shelter_already_resident", _("The person is already staying in a centre.")
    NOT_RESIDENT = "shelter_not_resident", _("This stay has already ended.")
    CASE_CLOSED = "shelter_case_closed", _("The case is closed.")
