from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "nrm.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from nrm.referrals import contributions

        contributions.contribute()
