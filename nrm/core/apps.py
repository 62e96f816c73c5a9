from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nrm.core"
    label = "core"
    verbose_name = "nrm"

    def ready(self) -> None:
        from nrm.core import checks  # noqa: F401  (registers system checks)
