"""Admin screens for reference data. Saves go through the services so they are audited."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from nrm.accounts.models import Institution, Membership, User
from nrm.accounts.policy import actor_for
from nrm.accounts.services import institution_fields_check, institution_save, membership_create
from nrm.core.errors import ValidationFailed
from nrm.jurisdictions import get_profile


def _choices(items, blank: bool = False):
    choices = [(i.code, f"{i.name.sq} / {i.name.en}") for i in items]
    return [("", "—"), *choices] if blank else choices


class InstitutionForm(forms.ModelForm):
    """Type and county are chosen from the profile, so nothing unknown can be saved."""

    class Meta:
        model = Institution
        fields = ("code", "name", "type", "county", "parent", "email", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = get_profile(settings.NRM_JURISDICTION)
        self.fields["type"] = forms.ChoiceField(choices=_choices(profile.institution_types))
        self.fields["county"] = forms.ChoiceField(
            choices=_choices(profile.counties, blank=True), required=False
        )

    def clean(self):
        data = super().clean()
        try:
            institution_fields_check(type=data.get("type", ""), county=data.get("county", ""))
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    self.add_error(field, error)
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "institution", "role", "is_primary", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = get_profile(settings.NRM_JURISDICTION)
        self.fields["role"] = forms.ChoiceField(choices=_choices(profile.roles))


class ServiceBackedAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: history must keep pointing somewhere


@admin.register(Institution)
class InstitutionAdmin(ServiceBackedAdmin):
    form = InstitutionForm
    list_display = ("code", "name", "type", "county", "parent", "is_active")
    list_filter = ("type", "county", "is_active")
    search_fields = ("code", "name")
    ordering = ("code",)

    def save_model(self, request, obj, form, change):
        saved = institution_save(
            actor=_admin_actor(request),
            code=obj.code,
            name=obj.name,
            type=obj.type,
            county=obj.county,
            parent=obj.parent,
            email=obj.email,
            is_active=obj.is_active,
        )
        obj.pk = saved.pk


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("institution", "role", "is_primary", "is_active", "created_at")
    readonly_fields = ("created_at",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # add through the Membership screen, which validates the role


@admin.register(User)
class NrmUserAdmin(UserAdmin):
    list_display = ("username", "email", "is_active", "is_demo", "is_staff")
    list_filter = ("is_active", "is_demo", "is_staff")
    inlines = [MembershipInline]
    fieldsets = (*UserAdmin.fieldsets, ("nrm", {"fields": ("is_demo",)}))


@admin.register(Membership)
class MembershipAdmin(ServiceBackedAdmin):
    form = MembershipForm
    list_display = ("user", "institution", "role", "is_primary", "is_active")
    list_filter = ("role", "is_active", "institution__type")
    search_fields = ("user__username", "institution__code")

    def save_model(self, request, obj, form, change):
        saved = membership_create(
            actor=_admin_actor(request),
            user=obj.user,
            institution=obj.institution,
            role=obj.role,
            is_primary=obj.is_primary,
        )
        obj.pk = saved.pk


def _admin_actor(request):
    """A superuser administers reference data even without an institution membership."""
    return actor_for(request.user)
