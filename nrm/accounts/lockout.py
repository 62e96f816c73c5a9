"""The answer to a locked-out login (django-axes calls it): 429, in nrm's error shape; and
the client address axes counts failures against (behind a trusted reverse proxy, the one
the proxy saw)."""

import ipaddress

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


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, proxies) -> bool:
    for proxy in proxies:
        try:
            if address in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request: HttpRequest) -> str | None:
    """`REMOTE_ADDR`, unless it is one of `NRM_TRUSTED_PROXIES`: then the right-most address
    of `X-Forwarded-For` that is not a trusted proxy (the client the proxy saw; anything to
    its left was written by the client and could be forged). A header that is missing or
    malformed leaves `REMOTE_ADDR`. With no trusted proxy the header is never read."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.NRM_TRUSTED_PROXIES
    peer = _ip(remote or "")
    if not proxies or peer is None or not _trusted(peer, proxies):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _ip(hop)
        if address is None:
            return remote
        if not _trusted(address, proxies):
            return str(address)
    return remote
