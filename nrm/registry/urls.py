from django.urls import path

from nrm.registry import views, views_rights

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my-work/", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/export.csv", views.case_export, name="case_export"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/panels/<str:code>/", views.case_panel, name="case_panel"),
    path("cases/<int:case_id>/history/", views.case_history, name="case_history"),
    path("cases/<int:case_id>/status/", views.case_status, name="case_status"),
    path("cases/<int:case_id>/exploitation/", views.case_exploitation, name="case_exploitation"),
    path("cases/<int:case_id>/person/", views.case_person, name="case_person"),
    path("cases/<int:case_id>/person-export/", views_rights.person_export, name="person_export"),
    path("cases/<int:case_id>/corrections/", views_rights.person_correct, name="person_correct"),
]
