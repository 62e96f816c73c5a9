from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "nrm.reintegration"
    label = "reintegration"
    verbose_name = _("Reintegration and monitoring")

    def ready(self) -> None:
        from nrm.reintegration import contributions

        contributions.contribute()
