from django.urls import path

from nrm.screening import views

urlpatterns = [
    path("identifications/new/", views.identification_new, name="identification_new"),
    path("identifications/queue/", views.queue, name="identification_queue"),
    path("investigation/", views.investigation_index, name="investigation_index"),
    path(
        "cases/<int:case_id>/identification/",
        views.identification_detail,
        name="identification_detail",
    ),
    path("cases/<int:case_id>/screening/", views.screening_new, name="screening_new"),
    path("cases/<int:case_id>/checklist/", views.checklist_toggle, name="checklist_toggle"),
    path("cases/<int:case_id>/interviews/new/", views.interview_new, name="interview_new"),
    path("cases/<int:case_id>/interview-log/", views.interview_log_add, name="interview_log_add"),
    path("cases/<int:case_id>/consent/", views.consent_add, name="consent_add"),
    path("cases/<int:case_id>/formal-identification/", views.request_new, name="request_new"),
    path(
        "cases/<int:case_id>/investigation/",
        views.investigation_case,
        name="investigation_case",
    ),
    path(
        "cases/<int:case_id>/investigation/add/",
        views.investigation_add,
        name="investigation_add",
    ),
    path(
        "cases/<int:case_id>/documents/<slug:form>.pdf",
        views.document,
        name="screening_document",
    ),
    path(
        "cases/<int:case_id>/documents/<slug:form>/<int:object_id>.pdf",
        views.document,
        name="screening_document_of",
    ),
    path("interviews/<int:interview_id>/", views.interview_detail, name="interview_detail"),
    path(
        "interviews/<int:interview_id>/participants/",
        views.participant_add,
        name="participant_add",
    ),
    path("interviews/<int:interview_id>/held/", views.interview_held, name="interview_held"),
    path(
        "participants/<int:participant_id>/declaration/",
        views.declaration_sign,
        name="declaration_sign",
    ),
    path(
        "participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
]
