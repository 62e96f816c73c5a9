"""The language of the request in progress, as the profiles key their texts (`sq`, `en`)."""

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]
