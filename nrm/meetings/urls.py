from django.urls import path

from nrm.meetings import views

urlpatterns = [
    path("meetings/", views.meeting_index, name="meeting_list"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        views.attendance_record,
        name="meeting_attendance",
    ),
    path("meetings/<int:meeting_id>/decision/", views.decision_record, name="meeting_decision"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes_record, name="meeting_minutes"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/<int:meeting_id>/tasks/", views.task_assign, name="meeting_task_assign"),
    path("meetings/<int:meeting_id>/cancel/", views.cancel, name="meeting_cancel"),
    path("meetings/tasks/<int:task_id>/done/", views.task_done, name="meeting_task_done"),
]
