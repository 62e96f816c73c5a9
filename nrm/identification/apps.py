from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "nrm.identification"
    label = "identification"
    verbose_name = _("Formal identification")

    def ready(self) -> None:
        from nrm.identification import contributions

        contributions.contribute()
