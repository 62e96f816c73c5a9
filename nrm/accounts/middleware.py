from django.utils.functional import SimpleLazyObject

from nrm.accounts.policy import actor_for


class ActorMiddleware:
    """Puts `request.actor` (user + institution + capabilities) beside `request.user`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "actor"):
            request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)
