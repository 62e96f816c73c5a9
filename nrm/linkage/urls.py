from django.urls import path

from nrm.linkage import views

urlpatterns = [
    path("persons/duplicates/", views.queue, name="linkage_queue"),
    path("persons/duplicates/scan/", views.scan, name="linkage_scan"),
    path("persons/duplicates/<int:candidate_id>/", views.pair, name="linkage_pair"),
    path("persons/duplicates/<int:candidate_id>/decide/", views.decide, name="linkage_decide"),
    path("persons/links/<int:link_id>/undo/", views.undo, name="linkage_undo"),
]
