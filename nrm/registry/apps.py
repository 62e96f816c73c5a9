from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "nrm.registry"
    label = "registry"
    verbose_name = _("Case registry")

    def ready(self) -> None:
        from nrm.registry import contributions, jobs  # noqa: F401  (jobs: the worker's door)

        contributions.contribute()
