from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "nrm.linkage"
    label = "linkage"
    verbose_name = _("Unique persons")

    def ready(self) -> None:
        from nrm.linkage import contributions, jobs  # noqa: F401  (jobs: the worker's door)

        contributions.contribute()
