from django.urls import path

from nrm.shelters import views

urlpatterns = [
    path("shelters/", views.shelter_view, name="shelter_view"),
    path("cases/<int:case_id>/shelters/admit/", views.case_admit, name="shelter_admit"),
    path("cases/<int:case_id>/shelters/incident/", views.case_incident, name="shelter_incident"),
    path(
        "shelters/stays/<int:residence_id>/medical/",
        views.residence_medical,
        name="shelter_medical",
    ),
    path(
        "shelters/stays/<int:residence_id>/caseworker/",
        views.residence_caseworker,
        name="shelter_caseworker",
    ),
    path(
        "shelters/stays/<int:residence_id>/interview-information/",
        views.residence_interview_information,
        name="shelter_interview_information",
    ),
    path("shelters/stays/<int:residence_id>/exit/", views.residence_exit, name="shelter_exit"),
    path(
        "shelters/stays/<int:residence_id>/<str:form>.pdf",
        views.residence_pdf,
        name="shelter_pdf",
    ),
    path(
        "shelters/incidents/<int:incident_id>/notify/",
        views.incident_notify,
        name="shelter_incident_notify",
    ),
]
