from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class NrmModelBackend(ModelBackend):
    """Refuses demo accounts outside demo mode (never in production) and the system account
    everywhere."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_system", False):
            return False
        if getattr(user, "is_demo", False) and (
            settings.PRODUCTION or not settings.NRM_DEMO_ACCOUNTS
        ):
            return False
        return super().user_can_authenticate(user)
