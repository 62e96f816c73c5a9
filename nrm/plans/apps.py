"""Needs assessment and plans (issue 12)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "nrm.plans"
    label = "plans"
    verbose_name = _("Needs assessment and plans")

    def ready(self) -> None:
        from nrm.plans import contributions

        contributions.contribute()
