from django.conf import settings


def nrm(request):
    return {"NRM_DEMO_MODE": settings.DEMO_MODE, "NRM_PRODUCTION": settings.PRODUCTION}
