from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "nrm.emergency"
    label = "emergency"
    verbose_name = _("Emergency protection measures")

    def ready(self) -> None:
        from nrm.emergency import contributions

        contributions.contribute()
