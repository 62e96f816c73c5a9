from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "nrm.screening"
    label = "screening"
    verbose_name = _("Initial identification")

    def ready(self) -> None:
        from nrm.screening import contributions

        contributions.contribute()
