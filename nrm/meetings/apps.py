from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "nrm.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from nrm.meetings import contributions

        contributions.contribute()
