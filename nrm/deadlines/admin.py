"""Closure days for the administrator (saved through the services, so audited) and a
read-only view of deadlines for support."""

from django.contrib import admin

from nrm.accounts.policy import actor_for
from nrm.deadlines.models import ClosureDay, Deadline
from nrm.deadlines.services import closure_day_delete, closure_day_save


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("day", "reason", "created_by", "created_at")
    fields = ("day", "reason")
    ordering = ("-day",)

    def save_model(self, request, obj, form, change):
        saved = closure_day_save(actor=actor_for(request.user), day=obj.day, reason=obj.reason)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        closure_day_delete(actor=actor_for(request.user), day=obj.day)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = (
        "rule",
        "case",
        "status",
        "due_at",
        "responsible_institution",
        "escalation_level",
    )
    list_filter = ("status", "rule")
    search_fields = ("case__reference", "rule")
    list_select_related = ("case", "responsible_institution")
    ordering = ("due_at",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
