"""The service directory's audit codes (reference data: no case)."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class DirectoryCode(AuditCode):
    ORGANIZATION_SAVED = "directory.organization_saved", _("Saved a provider of the directory")
    SERVICE_SAVED = "directory.service_saved", _("Saved a service of the directory")
    CAPACITY_SET = "directory.capacity_set", _("Set the beds of a service")
    CAPACITY_TAKEN = "directory.capacity_taken", _("Took a bed of a service (admission)")
    CAPACITY_RELEASED = "directory.capacity_released", _("Freed a bed of a service (exit)")
