"""Shelters and admissions (issue 12)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "nrm.shelters"
    label = "shelters"
    verbose_name = _("Shelters and admissions")

    def ready(self) -> None:
        from nrm.shelters import contributions

        contributions.contribute()
