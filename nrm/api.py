"""The JSON API under /api/v1/. Handlers translate HTTP to services and selectors, nothing more.

Errors have one shape: {"code", "message", "errors": {field: [message, ...]}}.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from nrm.accounts.error_codes import AccountsError
from nrm.accounts.services import api_token_actor
from nrm.core.api_input import JsonParser, PayloadTooLarge
from nrm.core.errors import CoreError, DomainError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        actor = api_token_actor(token)
        if actor is None:
            return None
        request.user = actor.user
        request.actor = actor
        return actor.user


api = NinjaAPI(
    title="nrm API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    # No Swagger page: ninja's loads its script from a CDN, which the CSP (self only) blocks.
    # The schema is served; any OpenAPI viewer reads it.
    docs_url=None,
    auth=BearerToken(),
    # JSON bodies only (415 otherwise); no NUL or unpaired surrogate in any text (400).
    parser=JsonParser(),
)


def _field_name(loc) -> str:
    parts = [str(p) for p in loc]
    # ninja prefixes body fields with ("body", "<param name>").
    if parts and parts[0] in {"body", "query", "path"}:
        parts = parts[2:] if parts[0] == "body" and len(parts) > 2 else parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        fields.setdefault(_field_name(err.get("loc", ())), []).append(err.get("msg", "invalid"))
    return api.create_response(
        request,
        {
            "code": CoreError.INVALID.value,
            "message": _("Some fields are not valid."),
            "errors": fields,
        },
        status=400,
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return api.create_response(
        request,
        {"code": exc.code.value, "message": exc.message, "errors": exc.fields},
        status=exc.status,
    )


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    # Over settings.DATA_UPLOAD_MAX_MEMORY_SIZE: refused before anything is parsed.
    return on_domain_error(request, PayloadTooLarge())


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(
        request,
        {
            "code": AccountsError.UNAUTHORIZED.value,
            "message": _("Valid credentials are required."),
            "errors": {},
        },
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, DomainError):  # refused by JsonParser: 415, or 400 naming
        return on_domain_error(request, exc.__cause__)  # the field
    # A 400 here is a body ninja could not parse (not JSON): the contract's 400 names the
    # fault under `errors`, so the whole-request key carries the message.
    errors = {"__all__": [str(exc)]} if exc.status_code == 400 else {}
    code = (CoreError.INVALID if exc.status_code == 400 else CoreError.ERROR).value
    return api.create_response(
        request, {"code": code, "message": str(exc), "errors": errors}, status=exc.status_code
    )


@api.get("/health", auth=None, tags=["system"])
def health(request):
    return {"status": "ok"}


def register_routers() -> None:
    from nrm.accounts.api import router as accounts_router
    from nrm.appeals.api import router as appeals_router
    from nrm.casefile.api import router as casefile_router
    from nrm.consent.api import router as consent_router
    from nrm.deadlines.api import router as deadlines_router
    from nrm.directory.api import router as directory_router
    from nrm.exchange.api import router as exchange_router
    from nrm.identification.api import router as identification_router
    from nrm.meetings.api import router as meetings_router
    from nrm.oversight.api import router as audit_router
    from nrm.plans.api import router as plans_router
    from nrm.referrals.api import router as referrals_router
    from nrm.registry.api import router as registry_router
    from nrm.registry.api_rights import router as rights_router
    from nrm.reintegration.api import router as reintegration_router
    from nrm.screening.api import router as screening_router
    from nrm.shelters.api import router as shelters_router
    from nrm.statistics.api import router as statistics_router

    api.add_router("/auth", accounts_router)
    api.add_router("/cases", registry_router)
    api.add_router("/cases", deadlines_router)
    api.add_router("/cases", rights_router)
    api.add_router("/cases", exchange_router)  # issue 14
    api.add_router("", screening_router)
    api.add_router("", identification_router)
    api.add_router("", audit_router)
    api.add_router("", consent_router)
    api.add_router("", appeals_router)
    api.add_router("", meetings_router)
    api.add_router("", directory_router)  # issue 12
    api.add_router("", referrals_router)  # issue 12
    api.add_router("", shelters_router)
    api.add_router("", statistics_router)  # issue 14
    api.add_router("", plans_router)
    api.add_router("", reintegration_router)
    from nrm.emergency.api import router as emergency_router  # issue 12

    api.add_router("", emergency_router)
    api.add_router("", casefile_router)
    api.add_router("", "nrm.linkage.api.router")  # issue 14: unique persons


register_routers()
