from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "nrm.consent"
    verbose_name = _("Consent")

    def ready(self) -> None:
        from nrm.consent import contributions

        contributions.contribute()
