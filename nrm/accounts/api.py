from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from nrm.accounts.error_codes import AccountsError
from nrm.accounts.policy import actor_for
from nrm.accounts.selectors import api_tokens_of
from nrm.accounts.services import api_token_issue, api_token_revoke, totp_verify
from nrm.core.api_input import ErrorOut
from nrm.core.errors import DomainError

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    # The current TOTP code; required when two-factor authentication is (NRM_REQUIRE_2FA).
    otp: str = ""


class TokenOut(Schema):
    token: str


class Unauthorized(DomainError):
    code = AccountsError.UNAUTHORIZED
    status = 401
    default_message = _("Wrong username or password.")


@router.post(
    "/token",
    auth=None,
    response={
        200: TokenOut,
        400: ErrorOut,
        401: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        429: ErrorOut,
    },
)
def token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise Unauthorized()
    actor = actor_for(user)
    if settings.NRM_REQUIRE_2FA and totp_verify(actor=actor, token=payload.otp) is None:
        raise Unauthorized(_("A valid two-factor code (otp) is required."))
    return {"token": api_token_issue(actor=actor)}


class TokenInfo(Schema):
    """One of the caller's tokens: when it was issued, when it expires, when it was last used
    (empty when not recorded). Never the token."""

    id: int
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None


@router.get("/tokens", response={200: list[TokenInfo], 401: ErrorOut})
def tokens(request):
    return list(api_tokens_of(actor=request.actor))


@router.delete(
    "/tokens/{token_id}", response={204: None, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
)
def token_revoke(request, token_id: int):
    api_token_revoke(actor=request.actor, token_id=token_id)
    return Status(204, None)
