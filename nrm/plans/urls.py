from django.urls import path

from nrm.plans import views

urlpatterns = [
    path("cases/<int:case_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:assessment_id>/form.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("cases/<int:case_id>/plans/new/", views.plan_start, name="plan_start"),
    path("plans/awaiting-ap/", views.ap_list, name="plan_ap_list"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/items/", views.item_add, name="plan_item_add"),
    path("plans/items/<int:item_id>/", views.item_edit, name="plan_item_edit"),
    path("plans/<int:plan_id>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:plan_id>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:plan_id>/decision/", views.plan_decide, name="plan_decide"),
    path("plans/<int:plan_id>/revisions/<int:number>/", views.plan_revision, name="plan_revision"),
    path("plans/<int:plan_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
