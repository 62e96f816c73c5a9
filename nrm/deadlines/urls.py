from django.urls import path

from nrm.deadlines import views

urlpatterns = [
    path("deadlines/", views.mine, name="deadline_mine"),
    path("deadlines/monitor/", views.monitor, name="deadline_monitor"),
    path("deadlines/monitor/export.csv", views.monitor_export, name="deadline_monitor_export"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/badge/", views.inbox_badge, name="inbox_badge"),
    path("inbox/read/", views.inbox_read, name="inbox_read"),
    path("inbox/preference/", views.inbox_preference, name="inbox_preference"),
]
