"""Closure days for the administrator: every save and delete goes through the services, so
it is checked and written with its chained audit event."""

from django.contrib import admin

from nrm.accounts.policy import actor_for
from nrm.deadlines.models import ClosureDay
from nrm.deadlines.services import closure_day_delete, closure_day_save


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("day", "reason", "created_by", "created_at")
    fields = ("day", "reason")
    ordering = ("-day",)

    def get_readonly_fields(self, request, obj=None):
        """The day is the closure's key: changing it would add a day, not move this one."""
        return ("day",) if obj else ()

    def save_model(self, request, obj, form, change):
        saved = closure_day_save(actor=actor_for(request.user), day=obj.day, reason=obj.reason)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        closure_day_delete(actor=actor_for(request.user), day=obj.day)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
