from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefileConfig(AppConfig):
    name = "nrm.casefile"
    label = "casefile"
    verbose_name = _("Case notes and documents")

    def ready(self) -> None:
        from nrm.casefile import contributions, jobs  # noqa: F401  (jobs: the worker's door)

        contributions.contribute()
