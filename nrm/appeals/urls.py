from django.urls import path

from nrm.appeals import views

urlpatterns = [
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/commission/", views.appointments, name="appeal_appointments"),
    path("appeals/<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("appeals/<int:appeal_id>/convene/", views.appeal_convene, name="appeal_convene"),
    path("appeals/<int:appeal_id>/review/", views.appeal_review, name="appeal_review"),
    path(
        "appeals/<int:appeal_id>/information/", views.appeal_information, name="appeal_information"
    ),
    path(
        "appeals/information/<int:request_id>/answer/",
        views.information_answer,
        name="appeal_answer",
    ),
    path("appeals/<int:appeal_id>/attendance/", views.appeal_attendance, name="appeal_attendance"),
    path("appeals/<int:appeal_id>/decision/", views.appeal_decide, name="appeal_decide"),
    path("appeals/<int:appeal_id>/notices/", views.appeal_notify, name="appeal_notify"),
    path("appeals/<int:appeal_id>/withdraw/", views.appeal_withdraw, name="appeal_withdraw"),
    path("appeals/<int:appeal_id>/court/", views.appeal_court, name="appeal_court"),
    path("appeals/<int:appeal_id>/ruling/", views.appeal_ruling, name="appeal_ruling"),
    path("appeals/<int:appeal_id>/decision.pdf", views.appeal_pdf, name="appeal_pdf"),
    path("cases/<int:case_id>/appeals/new/", views.case_appeal_file, name="case_appeal_file"),
    path("cases/<int:case_id>/appeals/notice/", views.case_notice, name="case_appeal_notice"),
    path("cases/<int:case_id>/appeals/waiver/", views.case_waive, name="case_appeal_waive"),
    path(
        "cases/<int:case_id>/appeals/reevaluation/",
        views.case_reevaluation,
        name="case_appeal_reevaluation",
    ),
]
