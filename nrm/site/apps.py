from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The assembled site: what composes every app (demo, commands, operations, checks).

    Listed last in INSTALLED_APPS: when it is ready every other app has contributed to
    the doors, which it then closes (nrm.core.doors)."""

    name = "nrm.site"
    label = "site"
    verbose_name = "nrm"

    def ready(self) -> None:
        from nrm.audit.doors import audit_codes
        from nrm.core.doors import doors_close
        from nrm.jurisdictions.registry import profiles_reload
        from nrm.site import (
            checks,  # noqa: F401  (registers system checks)
            demo,
        )
        from nrm.site.audit_codes import SiteCode

        audit_codes.add(SiteCode, code="site", app="nrm.site")

        demo.contribute()  # the profile codes the demo names, before the doors close
        doors_close()
        # A profile read before every app had contributed its checks is read again.
        profiles_reload()
