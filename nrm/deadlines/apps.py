from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "nrm.deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        from nrm.deadlines import contributions, jobs  # noqa: F401  (jobs: the worker's door)

        contributions.contribute()
