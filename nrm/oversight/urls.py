from django.urls import path

from nrm.oversight import views

urlpatterns = [
    path("audit/alerts/", views.reading_alerts, name="reading_alerts"),
    path("audit/users/<int:user_id>/access/", views.user_access, name="user_access"),
    path("cases/<int:case_id>/access/", views.case_access_log, name="case_access_log"),
    path("cases/<int:case_id>/changes/", views.case_changes, name="case_changes"),
    path("cases/<int:case_id>/audit-trail.csv", views.audit_trail_csv, name="audit_trail_csv"),
]
