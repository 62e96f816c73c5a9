"""Read-only admin screens: every change goes through the services (and the case's pages),
so it is checked and audited. No personal data is listed, and information supporting
investigation is not in the admin at all (its readers are fixed by the profile)."""

from django.contrib import admin

from nrm.screening.models import FormalIdentificationRequest, Interview, Screening


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Screening)
class ScreeningAdmin(ReadOnly):
    list_display = (
        "case",
        "catalogue",
        "count",
        "threshold",
        "decision",
        "overridden",
        "submitted_at",
    )
    list_filter = ("catalogue", "decision", "overridden")
    fields = (*list_display, "catalogue_version", "suggestion", "status_before", "status_after")


@admin.register(Interview)
class InterviewAdmin(ReadOnly):
    list_display = ("case", "form", "status", "scheduled_at", "held_at", "institution")
    list_filter = ("form", "status")
    fields = (*list_display, "same_gender", "conditions")


@admin.register(FormalIdentificationRequest)
class RequestAdmin(ReadOnly):
    list_display = ("case", "county", "for_child", "requested_at", "institution")
    list_filter = ("county", "for_child")
    fields = (
        *list_display,
        "interpreter_needed",
    )
