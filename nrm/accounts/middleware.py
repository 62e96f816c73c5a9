import logging

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from nrm.accounts.policy import actor_for
from nrm.core import clock
from nrm.jurisdictions.registry import get_profile

LAST_SEEN = "nrm_last_seen"
# A request the page makes by itself (the inbox badge's poll) says so with this header; it
# does not count as the person being there, so it never keeps an idle session alive.
BACKGROUND_HEADER = "X-NRM-Background"
IDLE_EXPIRED = "nrm_idle_expired"
# The session is written at most this often by the idle clock, not on every request.
_RESOLUTION_SECONDS = 30


def session_idle_seconds() -> int:

    return get_profile(settings.NRM_JURISDICTION).session_idle_minutes * 60


class IdleSessionMiddleware:
    """Logs a browser session out after the profile's `session_idle_minutes` without a request.

    The API is unaffected: it authenticates with bearer tokens, which expire on their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > session_idle_seconds():
                logout(request)  # flushes the session: a new, anonymous one
                request.session[IDLE_EXPIRED] = True
            elif not request.headers.get(BACKGROUND_HEADER):
                request.session.pop(IDLE_EXPIRED, None)
                if last_seen is None or now - last_seen >= _RESOLUTION_SECONDS:
                    request.session[LAST_SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer but the static files: pages, PDFs, CSV and
    API answers carry personal data, and no browser or proxy cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL or "/static/"):
            response["Cache-Control"] = "no-store"
        return response


class ActorMiddleware:
    """Puts `request.actor` (user + institution + capabilities) beside `request.user`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "actor"):
            request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)


class TwoFactorMiddleware:
    """With NRM_REQUIRE_2FA, a browser session reaches nothing but the two-factor pages (and
    logging out) until a TOTP code has been verified; an account without a device enrols.

    The API asks for the code when the token is issued (`POST /api/v1/auth/token`).
    """

    OPEN_PREFIXES = ("/api/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.NRM_REQUIRE_2FA
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            from nrm.accounts.services import totp_user_enrolled

            target = "otp_verify" if totp_user_enrolled(request.user) else "otp_setup"
            if request.headers.get("HX-Request"):
                # A fragment (the inbox badge) must not swap the whole code page into the
                # header: nothing to show until the code is given.
                return HttpResponse(status=204)
            if request.path not in {reverse(target), reverse("logout")}:
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


# Routes about one case or one of its records: a refusal there may be someone probing.
CASE_KEYS = frozenset({"case_id", "interview_id", "participant_id", "record_id"})
security_log = logging.getLogger("nrm.security")


class RefusalLogMiddleware:
    """Logs every 403 and 404 of a route about a case to `nrm.security` (second review,
    low): the route as declared (its pattern, no values: no case number or reference), the
    method, the caller's user id and the status. Nothing else: no name, no query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code in (403, 404) and match and CASE_KEYS & set(match.kwargs):
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            route, status = match.route, response.status_code
            security_log.warning(
                "refused %s %s user=%s status=%s",
                request.method,
                route,
                user_id,
                status,
                extra={"route": route, "user_id": user_id, "status": status},
            )
        return response
