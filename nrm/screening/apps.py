from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "nrm.screening"
    label = "screening"
    verbose_name = _("Initial identification")

    def ready(self) -> None:
        # The consent registry sits below this app: it learns of the initial interview's
        # "parent or guardian suspected" flag through this reader (docs/consent.md).
        from nrm.consent.selectors import suspicion_source_register
        from nrm.screening.selectors import parent_guardian_suspected_at

        suspicion_source_register(parent_guardian_suspected_at)
