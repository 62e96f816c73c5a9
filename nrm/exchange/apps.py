from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "nrm.exchange"
    label = "exchange"
    verbose_name = _("Case exchange")

    def ready(self) -> None:
        from nrm.exchange import contributions

        contributions.contribute()
