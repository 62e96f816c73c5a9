from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "nrm.deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        # jobs: the worker's door; checks: the producers of the rules (nrm.E017).
        from nrm.deadlines import checks, contributions, jobs  # noqa: F401

        contributions.contribute()
