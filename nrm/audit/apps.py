from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "nrm.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Registers the sealing of reads and the unusual-reading watch with the worker.
        from nrm.audit import jobs  # noqa: F401
