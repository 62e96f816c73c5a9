from django.urls import path

from nrm.statistics import views

urlpatterns = [
    path("statistics/", views.index, name="statistics"),
    path(
        "statistics/tables/<str:code>.<str:file_format>",
        views.export,
        name="statistics_export",
    ),
]
