from django.urls import path

from nrm.statistics import views_releases as views

urlpatterns = [
    path("statistics/releases/", views.release_list, name="statistics_releases"),
    path("statistics/releases/publish/", views.release_publish, name="statistics_publish"),
    path(
        "statistics/releases/<int:release_id>/",
        views.release_detail,
        name="statistics_release",
    ),
    path(
        "statistics/releases/<int:release_id>/reproduce/",
        views.release_reproduce,
        name="statistics_reproduce",
    ),
    path(
        "statistics/reconciliation/",
        views.reconciliation_page,
        name="statistics_reconciliation",
    ),
]
