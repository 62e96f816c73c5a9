"""Closure days for the administrator (saved through the services, so audited) and a
read-only view of deadlines for support."""

from django.contrib import admin

from nrm.accounts.policy import actor_for
from nrm.deadlines.models import ClosureDay
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
