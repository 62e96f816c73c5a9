from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "nrm.deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        # Registers the periodic scan with the worker.
        from nrm.deadlines import jobs  # noqa: F401
