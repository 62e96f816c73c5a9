from django.urls import path

from nrm.casefile import views

urlpatterns = [
    path("cases/<int:case_id>/casefile/", views.casefile_panel, name="casefile_panel"),
    path("cases/<int:case_id>/casefile/notes/", views.note_add, name="casefile_note_add"),
    path(
        "cases/<int:case_id>/casefile/documents/", views.document_add, name="casefile_document_add"
    ),
    path(
        "documents/<int:document_id>/download/", views.document_download, name="casefile_download"
    ),
    path(
        "documents/<int:document_id>/withdraw/", views.document_withdraw, name="casefile_withdraw"
    ),
]
