from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "nrm.registry"
    label = "registry"
    verbose_name = _("Case registry")

    def ready(self) -> None:
        # Registers the retention jobs with the worker.
        from nrm.registry import jobs  # noqa: F401
