from django.urls import path

from nrm.site import views

urlpatterns = [
    path("guide/", views.guide_mine, name="guide"),
    path("guide/<slug:code>/", views.guide_page, name="guide_role"),
    path("guide/<slug:code>.pdf", views.guide_pdf, name="guide_pdf"),
]
