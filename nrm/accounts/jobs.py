"""The accounts' periodic work for `nrm worker`."""

from nrm.accounts.models import ApiToken
from nrm.core import clock
from nrm.core.jobs import periodic


@periodic("expired_api_tokens", app=__package__, order=10)
def purge_expired_tokens() -> int:
    deleted, _ = ApiToken.objects.filter(expires_at__lte=clock.now()).delete()
    return deleted
