from django.urls import path

from nrm.exchange import views

urlpatterns = [
    path("cases/<int:case_id>/htcds.json", views.htcds_download, name="exchange_htcds_download"),
    path("exchange/htcds/import/", views.htcds_import, name="exchange_htcds_import"),
    path("exchange/ctdc/", views.ctdc_extract, name="exchange_ctdc"),
]
