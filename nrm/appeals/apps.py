from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "nrm.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from nrm.appeals import contributions

        contributions.contribute()
