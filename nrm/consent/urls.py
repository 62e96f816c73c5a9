from django.urls import path

from nrm.consent import views

urlpatterns = [
    path("cases/<int:case_id>/consent-records/", views.consent_add, name="consent_add_record"),
    path(
        "cases/<int:case_id>/consent-records/suspicion/",
        views.suspicion_add,
        name="consent_giver_suspicion",
    ),
    path(
        "consent-records/<int:record_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
