from django.urls import path

from nrm.identification import views

urlpatterns = [
    path("identification/", views.queue, name="formal_identification_queue"),
    path(
        "identification/cases/<int:case_id>/",
        views.detail,
        name="formal_identification_detail",
    ),
    path("identification/cases/<int:case_id>/seat/", views.seat_take, name="formal_seat_take"),
    path("identification/cases/<int:case_id>/open/", views.open_self, name="formal_open"),
    path(
        "identification/cases/<int:case_id>/interviews/new/",
        views.interview_new,
        name="formal_interview_new",
    ),
    path(
        "identification/interviews/<int:formal_interview_id>/",
        views.interview_detail,
        name="formal_interview_detail",
    ),
    path(
        "identification/interviews/<int:formal_interview_id>/participants/",
        views.participant_add,
        name="formal_participant_add",
    ),
    path(
        "identification/interviews/<int:formal_interview_id>/start/",
        views.interview_start,
        name="formal_interview_start",
    ),
    path(
        "identification/interviews/<int:formal_interview_id>/end/",
        views.interview_end,
        name="formal_interview_end",
    ),
    path(
        "identification/interviews/<int:formal_interview_id>/needs/",
        views.needs_assess,
        name="formal_needs_assess",
    ),
    path(
        "identification/cases/<int:case_id>/decision/",
        views.decision_new,
        name="formal_decision_new",
    ),
    path("identification/cases/<int:case_id>/ap/", views.ap_convene, name="formal_ap_convene"),
    path(
        "identification/decisions/<int:decision_id>/send/",
        views.decision_send,
        name="formal_decision_send",
    ),
    path(
        "identification/decisions/<int:decision_id>/notice/",
        views.decision_notice,
        name="formal_decision_notice",
    ),
    path(
        "identification/documents/<slug:form>/<int:object_id>.pdf",
        views.document,
        name="formal_document",
    ),
]
