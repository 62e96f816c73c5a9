from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nrm.core"
    label = "core"
    verbose_name = "nrm"
