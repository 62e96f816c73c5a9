from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "nrm.actionplan"
    label = "actionplan"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from nrm.actionplan import contributions

        contributions.contribute()
