from django.urls import path

from nrm.reintegration import views

urlpatterns = [
    path("reintegration/due/", views.reports_due, name="reintegration_due"),
    path("cases/<int:case_id>/reintegration/", views.case_page, name="reintegration_case"),
    path(
        "cases/<int:case_id>/reintegration/reports/new/",
        views.report_new,
        name="reintegration_report_new",
    ),
    path(
        "cases/<int:case_id>/reintegration/proposal/",
        views.proposal_file,
        name="reintegration_proposal",
    ),
    path("cases/<int:case_id>/reintegration/end/", views.monitoring_end, name="reintegration_end"),
    path("cases/<int:case_id>/reintegration/close/", views.case_close, name="reintegration_close"),
    path("cases/<int:case_id>/service-lines/", views.line_new, name="reintegration_line_new"),
    path(
        "service-lines/<int:line_id>/status/",
        views.line_status,
        name="reintegration_line_status",
    ),
    path(
        "reintegration/reports/<int:report_id>/d2.pdf",
        views.report_pdf,
        name="reintegration_report_pdf",
    ),
]
