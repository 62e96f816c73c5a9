"""Admin screens for reference data. Every save goes through the services, so it is checked
the way the services check it and written with its chained audit event; the admin acts as
`actor_for(request.user)`.

- Bad input is refused by the form (the same checks the services make), so nothing is saved.
- Keys are read-only once saved (an institution's code, a membership's user and institution,
  a closure day's date): the services find the row by them, so changing one would add a row.
- A user's memberships are shown read-only on the user page, each with a link to the
  membership screen, which saves through `membership_set` / `membership_remove`.
- Nothing here is deleted: users, institutions and memberships are deactivated instead.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nrm.accounts.models import Institution, Membership, User
from nrm.accounts.policy import actor_for
from nrm.accounts.services import (
    UNKNOWN_ROLE,
    institution_fields_check,
    institution_save,
    membership_remove,
    membership_set,
    role_check,
    user_create,
    user_update,
)
from nrm.core.errors import ValidationFailed
from nrm.jurisdictions import get_profile


def _choices(items, blank: bool = False):
    choices = [(i.code, f"{i.name.sq} / {i.name.en}") for i in items]
    return [("", "—"), *choices] if blank else choices


def _add_errors(form: forms.Form, exc: ValidationFailed) -> None:
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _admin_actor(request):
    """A superuser administers reference data even without an institution membership."""
    return actor_for(request.user)


class ServiceBackedAdmin(admin.ModelAdmin):
    keys: tuple[str, ...] = ()  # read-only once saved: the service finds the row by them

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: history must keep pointing somewhere

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *(self.keys if obj else ()))


# --- institutions -------------------------------------------------------------------------


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
            _add_errors(self, exc)
        return data


@admin.register(Institution)
class InstitutionAdmin(ServiceBackedAdmin):
    form = InstitutionForm
    keys = ("code",)
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


# --- memberships --------------------------------------------------------------------------


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "institution", "role", "is_primary", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = get_profile(settings.NRM_JURISDICTION)
        self.fields["role"] = forms.ChoiceField(
            choices=_choices(profile.roles), error_messages={"invalid_choice": UNKNOWN_ROLE}
        )

    def clean_role(self):
        role = self.cleaned_data["role"]
        try:
            role_check(role)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.fields["role"]) from None
        return role

    def validate_unique(self):
        """The service decides: it replaces the user's role at the institution and moves
        the primary flag, which the table's constraints alone would refuse."""


@admin.register(Membership)
class MembershipAdmin(ServiceBackedAdmin):
    form = MembershipForm
    keys = ("user", "institution")
    list_display = ("user", "institution", "role", "is_primary", "is_active")
    list_filter = ("role", "is_active", "institution__type")
    search_fields = ("user__username", "institution__code")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj else [f for f in fields if f != "is_active"]

    def save_model(self, request, obj, form, change):
        actor = _admin_actor(request)
        if change and not obj.is_active:
            saved = membership_remove(actor=actor, membership=obj)
        else:
            saved = membership_set(
                actor=actor,
                user=obj.user,
                institution=obj.institution,
                role=obj.role,
                primary=obj.is_primary,
            )
        obj.pk = saved.pk


class MembershipInline(admin.TabularInline):
    """Read-only: each row links to the membership screen, which saves through the service."""

    model = Membership
    extra = 0
    fields = ("institution", "role", "is_primary", "is_active", "created_at", "change_link")
    readonly_fields = fields

    @admin.display(description=_("Change"))
    def change_link(self, obj):
        if obj is None or obj.pk is None:
            return ""
        url = reverse("admin:accounts_membership_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Change"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- users --------------------------------------------------------------------------------


class UserAddForm(AdminUserCreationForm):
    """Every account logs in with a password (and a second factor): no password-less ones."""

    usable_password = None


class PasswordForm(AdminPasswordChangeForm):
    """Django's form (its password validators), saved through `user_update`."""

    actor = None  # set on the per-request class made by NrmUserAdmin.user_change_password

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = True
        self.fields["password2"].required = True

    def save(self, commit=True):
        self.user = user_update(
            actor=self.actor, user=self.user, password=self.cleaned_data["password1"]
        )
        return self.user


USER_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
    "is_demo",
)


@admin.register(User)
class NrmUserAdmin(UserAdmin):
    """Roles come from the profile through memberships, so Django's groups and permissions
    are not offered; the admin site itself is for superusers."""

    add_form = UserAddForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
    )
    change_password_form = PasswordForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("nrm", {"fields": ("is_demo",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "email", "is_active", "is_demo", "is_staff")
    list_filter = ("is_active", "is_demo", "is_staff")
    filter_horizontal = ()
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: history must keep pointing somewhere

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj else []  # none to show yet

    def save_model(self, request, obj, form, change):
        actor = _admin_actor(request)
        if change:
            given = {f: form.cleaned_data[f] for f in USER_FIELDS if f in form.cleaned_data}
            saved = user_update(actor=actor, user=obj, **given)
        else:
            saved = user_create(
                actor=actor, username=obj.username, password=form.cleaned_data["password1"]
            )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """Writes nothing: the user forms have no many-to-many fields and the membership
        inline is read-only (the change message still reads its lists)."""
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def user_change_password(self, request, id, form_url=""):
        """Django's view, with a form that saves through `user_update` as this request's
        actor. The admin object is shared between requests, so a copy carries the form."""
        form = type("PasswordForm", (PasswordForm,), {"actor": _admin_actor(request)})
        view = copy.copy(self)
        view.change_password_form = form
        return UserAdmin.user_change_password(view, request, id, form_url)
