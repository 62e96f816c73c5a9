from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "nrm.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from nrm.statistics import contributions

        contributions.contribute()
