from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nrm.accounts"
    label = "accounts"
    verbose_name = _("Institutions and users")

    def ready(self) -> None:
        from nrm.accounts import contributions, jobs  # noqa: F401  (jobs: the worker's door)

        contributions.contribute()
