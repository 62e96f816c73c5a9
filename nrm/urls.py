from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from nrm.api import api

# An unknown address under /api/ answers 404 in the API's error shape (HTML elsewhere).
handler404 = "nrm.core.api_input.page_not_found"

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("nrm.accounts.urls")),
    path("", include("nrm.registry.urls")),
    path("", include("nrm.deadlines.urls")),
    path("", include("nrm.screening.urls")),
    path("", include("nrm.identification.urls")),
    path("", include("nrm.oversight.urls")),
    path("", include("nrm.consent.urls")),
    path("", include("nrm.appeals.urls")),
    path("", include("nrm.meetings.urls")),
    path("", include("nrm.directory.urls")),  # issue 12
    path("", include("nrm.referrals.urls")),  # issue 12
    path("", include("nrm.shelters.urls")),
    path("", include("nrm.plans.urls")),
    path("", include("nrm.reintegration.urls")),
    path("", include("nrm.emergency.urls")),
    path("", include("nrm.casefile.urls")),
    path("", include("nrm.exchange.urls")),  # issue 14
    path("", include("nrm.linkage.urls")),  # issue 14: unique persons
    path("", include("nrm.statistics.urls_releases")),  # issue 14
    path("", include("nrm.statistics.urls")),  # issue 14
    path("", include("nrm.actionplan.urls")),  # issue 16
    path("", include("nrm.site.urls")),  # the printable guides per role
]

if settings.NRM_BENCH:
    from nrm.site.bench_views import bare_view

    urlpatterns.append(path("-/bench/bare/<int:pk>", bare_view))
