from django.urls import path

from nrm.statistics import views

urlpatterns = [
    path("statistics/", views.index, name="statistics"),
    path(
        "statistics/dashboard-charts/",
        views.dashboard_charts,
        name="statistics_dashboard_charts",
    ),
    path(
        "statistics/tables/<str:code>.<str:file_format>",
        views.export,
        name="statistics_export",
    ),
]
