from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from nrm.accounts.policy import actor_for
from nrm.accounts.services import api_token_issue
from nrm.core.errors import DomainError

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401
    default_message = _("Wrong username or password.")


@router.post("/token", auth=None, response={200: TokenOut})
def token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise Unauthorized()
    return {"token": api_token_issue(actor=actor_for(user))}
