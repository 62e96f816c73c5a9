from django.urls import path

from nrm.referrals import views

urlpatterns = [
    path("referrals/", views.inbox, name="referral_inbox"),
    path("referrals/<int:referral_id>/<str:to>/", views.referral_step, name="referral_step"),
    path("cases/<int:case_id>/referrals/new/", views.case_refer, name="case_refer"),
    path(
        "cases/<int:case_id>/referrals/services/",
        views.case_refer_services,
        name="case_refer_services",
    ),
]
