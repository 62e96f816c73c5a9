from django.urls import path

from nrm.emergency import views

urlpatterns = [
    path("cases/<int:case_id>/emergency/<slug:step>/", views.step, name="emergency_step"),
]
