from django.urls import path

from nrm.actionplan import views

urlpatterns = [
    path("action-plans/", views.plan_index, name="actionplan_list"),
    path("action-plans/<int:plan_id>/", views.plan_detail, name="actionplan_detail"),
    path("action-plans/<int:plan_id>/map/", views.alias_map, name="actionplan_map"),
    path("action-plans/<int:plan_id>/periods/", views.period_open, name="actionplan_period"),
    path("action-plans/<int:plan_id>/dashboard/", views.dashboard, name="actionplan_dashboard"),
    path(
        "action-plans/<int:plan_id>/annual-<int:year>.pdf",
        views.annual_pdf,
        name="actionplan_annual_pdf",
    ),
    path(
        "action-plans/<int:plan_id>/public/<int:year>/",
        views.public_summary,
        name="actionplan_public",
    ),
    path(
        "action-plans/activities/<int:activity_id>/",
        views.activity_detail,
        name="actionplan_activity",
    ),
    path(
        "action-plans/activities/<int:activity_id>/edit/",
        views.activity_edit,
        name="actionplan_activity_edit",
    ),
    path(
        "action-plans/activities/<int:activity_id>/report/",
        views.report_submit,
        name="actionplan_report",
    ),
    path(
        "action-plans/objectives/<int:objective_id>/edit/",
        views.objective_edit,
        name="actionplan_objective_edit",
    ),
    path(
        "action-plans/reports/<int:report_id>/review/",
        views.report_review,
        name="actionplan_review",
    ),
]
