"""The benchmark's baseline (`make bench`): the cheapest view that still reads the database.

Registered only when NRM_BENCH=1. No authentication, no session, no template: the time it
takes is what the stack (server, middleware, one primary-key query) costs on this machine.
"""

from django.http import Http404, JsonResponse

from nrm.accounts.models import Institution


def bare_view(request, pk: int):
    try:
        row = Institution.objects.values("id", "code").get(pk=pk)
    except Institution.DoesNotExist:
        raise Http404 from None
    return JsonResponse(row)
