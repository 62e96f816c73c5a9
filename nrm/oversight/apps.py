from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """What the AP secretariat and an inspector see of the audit trail: who read and changed
    a case, the trail exported with its hash checks, unusual-reading alerts."""

    name = "nrm.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from nrm.oversight import contributions, jobs  # noqa: F401  (jobs: the worker's door)

        contributions.contribute()
