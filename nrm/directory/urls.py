from django.urls import path

from nrm.directory import views

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/providers/<int:org_id>/", views.provider_detail, name="directory_provider"),
]
