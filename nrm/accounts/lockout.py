"""The answer to a locked-out login (django-axes calls it): 429, in nrm's error shape."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed log-in attempts. Log-in is blocked for %(minutes)d minutes; "
        "ask your administrator if you need access sooner."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": _message(), "errors": {}}, status=429)
    response: HttpResponse = render(
        request, "accounts/login.html", {"locked_out": _message(), "form": None}, status=429
    )
    return response
