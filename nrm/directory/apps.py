from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "nrm.directory"
    label = "directory"
    verbose_name = _("Service directory")

    def ready(self) -> None:
        from nrm.directory import contributions

        contributions.contribute()
