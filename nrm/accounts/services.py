"""Writes to institutions, users and memberships. Each is one transaction with its audit event."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrm.accounts.audit_codes import AccountsCode
from nrm.accounts.capabilities import Capability
from nrm.accounts.models import ApiToken, Institution, Membership, User
from nrm.accounts.policy import SYSTEM_USERNAME, Actor, actor_for, capabilities_of
from nrm.audit.services import event_record
from nrm.core import clock
from nrm.core.errors import Forbidden, NotFound, ValidationFailed
from nrm.jurisdictions import get_profile

TOKEN_LIFETIME = timedelta(hours=12)


def _require(actor: Actor, capability: Capability) -> None:
    if not actor.can(capability):
        raise Forbidden()


def institution_fields_check(*, type: str, county: str) -> None:
    profile = get_profile(settings.NRM_JURISDICTION)
    errors: dict[str, list[str]] = {}
    try:
        kind = profile.institution_type(type)
    except KeyError:
        errors["type"] = [_("Unknown institution type.")]
        kind = None
    if county:
        try:
            profile.county(county)
        except KeyError:
            errors["county"] = [_("Unknown county.")]
    elif kind is not None and not kind.national:
        errors["county"] = [_("This type of institution belongs to a county.")]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def institution_save(
    *,
    actor: Actor,
    code: str,
    name: str,
    type: str,
    county: str = "",
    parent: Institution | None = None,
    email: str = "",
    is_active: bool = True,
) -> Institution:
    """Creates the institution with this code, or updates it."""
    _require(actor, Capability.REFERENCE_MANAGE)
    institution_fields_check(type=type, county=county)
    institution, created = Institution.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "type": type,
            "county": county,
            "parent": parent,
            "email": email,
            "is_active": is_active,
        },
    )
    event_record(
        actor=actor,
        code=AccountsCode.INSTITUTION_CREATED if created else AccountsCode.INSTITUTION_UPDATED,
        target=institution,
        data={"code": code, "type": type, "county": county},
    )
    return institution


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_demo: bool = False,
    is_superuser: bool = False,
) -> User:
    _require(actor, Capability.REFERENCE_MANAGE)
    if User.objects.filter(username=username).exists():
        raise ValidationFailed({"username": [_("This username is taken.")]})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_demo=is_demo,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    password_check(user=user, password=password)
    user.set_password(password)
    user.save()
    event_record(
        actor=actor, code=AccountsCode.USER_CREATED, target=user, data={"username": username}
    )
    return user


UNKNOWN_ROLE = gettext_lazy("Unknown role: choose one of the roles of the jurisdiction's profile.")


def role_check(role: str) -> None:
    """Raises ValidationFailed unless the profile knows this role."""
    try:
        get_profile(settings.NRM_JURISDICTION).role(role)
    except KeyError:
        raise ValidationFailed({"role": [UNKNOWN_ROLE]}) from None


@transaction.atomic
def membership_create(
    *, actor: Actor, user: User, institution: Institution, role: str, is_primary: bool = True
) -> Membership:
    _require(actor, Capability.REFERENCE_MANAGE)
    role_check(role)
    if is_primary:
        Membership.objects.filter(user=user, is_primary=True).update(is_primary=False)
    membership, _created = Membership.objects.update_or_create(
        user=user,
        institution=institution,
        role=role,
        defaults={"is_primary": is_primary, "is_active": True, "created_at": clock.now()},
    )
    event_record(
        actor=actor,
        code=AccountsCode.MEMBERSHIP_CREATED,
        target=membership,
        data={"user": user.username, "institution": institution.code, "role": role},
    )
    return membership


@transaction.atomic
def membership_set(
    *, actor: Actor, user: User, institution: Institution, role: str, primary: bool = True
) -> Membership:
    """The user's one active role at this institution: replaces whatever role they had there
    (the old one is gone, not left active beside the new one)."""
    _require(actor, Capability.REFERENCE_MANAGE)
    role_check(role)
    existing = list(
        Membership.objects.select_for_update()
        .filter(user=user, institution=institution)
        .order_by("-is_active", "pk")
    )
    previous = sorted({m.role for m in existing if m.is_active})
    if primary:
        Membership.objects.filter(user=user, is_primary=True).update(is_primary=False)
    if existing:
        membership, *others = existing
        Membership.objects.filter(pk__in=[m.pk for m in others]).delete()
        membership.role = role
        membership.is_primary = primary
        membership.is_active = True
        membership.save(update_fields=["role", "is_primary", "is_active"])
    else:
        membership = Membership.objects.create(
            user=user,
            institution=institution,
            role=role,
            is_primary=primary,
            is_active=True,
            created_at=clock.now(),
        )
    event_record(
        actor=actor,
        code=AccountsCode.MEMBERSHIP_UPDATED if existing else AccountsCode.MEMBERSHIP_CREATED,
        target=membership,
        data={
            "user": user.username,
            "institution": institution.code,
            "role": role,
            "previous_roles": previous,
            "primary": primary,
        },
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> Membership:
    """Ends the membership: kept (inactive) so that history still points somewhere."""
    _require(actor, Capability.REFERENCE_MANAGE)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "institution")
        .get(pk=membership.pk)
    )
    membership.is_active = False
    membership.is_primary = False
    membership.save(update_fields=["is_active", "is_primary"])
    event_record(
        actor=actor,
        code=AccountsCode.MEMBERSHIP_REMOVED,
        target=membership,
        data={
            "user": membership.user.username,
            "institution": membership.institution.code,
            "role": membership.role,
        },
    )
    return membership


def password_check(*, user: User, password: str) -> None:
    """Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), as ValidationFailed.
    Demo accounts are exempt: their password is `demo` and they log in only in demo mode."""
    if user.is_demo:
        return
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed({"password": list(exc.messages)}) from None


# The flags whose new value the audit event records; other fields are named only.
_USER_FLAGS = ("is_active", "is_staff", "is_superuser", "is_demo")
_USER_FIELDS = ("username", "email", "first_name", "last_name", *_USER_FLAGS)
_UNCHANGED = object()


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    user: User,
    username: str | object = _UNCHANGED,
    email: str | object = _UNCHANGED,
    first_name: str | object = _UNCHANGED,
    last_name: str | object = _UNCHANGED,
    is_active: bool | object = _UNCHANGED,
    is_staff: bool | object = _UNCHANGED,
    is_superuser: bool | object = _UNCHANGED,
    is_demo: bool | object = _UNCHANGED,
    password: str | None = None,
) -> User:
    """Changes a user's account: any of the fields given, and the password when given
    (checked by Django's password validators). One audit event naming what changed —
    never the password or other values, only the new value of the flags. A new password or
    a deactivation revokes the user's API tokens (a stolen token must not outlive either)."""
    _require(actor, Capability.REFERENCE_MANAGE)
    stored = User.objects.select_for_update().get(pk=user.pk)
    given = {
        "username": username,
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "is_active": is_active,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
        "is_demo": is_demo,
    }
    changed = [
        name
        for name in _USER_FIELDS
        if given[name] is not _UNCHANGED and given[name] != getattr(stored, name)
    ]
    if (
        "username" in changed
        and User.objects.filter(username=username).exclude(pk=stored.pk).exists()
    ):
        raise ValidationFailed({"username": [_("This username is taken.")]})
    for name in changed:
        setattr(stored, name, given[name])
    if password is not None:
        password_check(user=stored, password=password)
        stored.set_password(password)
        changed.append("password")
    if changed:
        stored.save()
    revoked = 0
    if "password" in changed or ("is_active" in changed and not stored.is_active):
        revoked, _kinds = ApiToken.objects.filter(user=stored).delete()
    event_record(
        actor=actor,
        code=AccountsCode.USER_UPDATED,
        target=stored,
        data={
            "username": stored.username,
            "changed": changed,
            **{name: getattr(stored, name) for name in _USER_FLAGS if name in changed},
            **({"tokens_revoked": revoked} if revoked else {}),
        },
    )
    return stored


@transaction.atomic
def system_user_ensure() -> User:
    """The named account that jobs and commands act as; it can never log in."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_system": True, "is_active": True}
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor: Actor) -> str:
    """Returns the token once; only its digest is kept."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    ApiToken.objects.create(
        user=actor.user, digest=_digest(token), created_at=now, expires_at=now + TOKEN_LIFETIME
    )
    event_record(actor=actor, code=AccountsCode.API_TOKEN_ISSUED, target=actor.user)
    return token


@transaction.atomic
def api_token_revoke(*, actor: Actor, token_id: int) -> int:
    """Deletes one of the caller's own tokens. Another user's token, or none, is NotFound:
    the same answer, so no one learns which token numbers exist."""
    deleted, _kinds = ApiToken.objects.filter(pk=token_id, user=actor.user).delete()
    if not deleted:
        raise NotFound()
    event_record(
        actor=actor,
        code=AccountsCode.API_TOKEN_REVOKED,
        target=actor.user,
        data={"token": token_id},
    )
    return deleted


def _sessions_of(user: User):
    """The user's stored sessions (the database session engine keeps the user id inside the
    signed session data, so the live ones are read and decoded)."""
    found = []
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            found.append(session.pk)
    return Session.objects.filter(pk__in=found)


@transaction.atomic
def sessions_end_all(*, actor: Actor) -> dict:
    """Log out everywhere: every API token of the caller deleted and every session of theirs
    ended, this one included. Returns how many of each."""
    tokens, _kinds = ApiToken.objects.filter(user=actor.user).delete()
    sessions, _kinds = _sessions_of(actor.user).delete()
    counts = {"tokens_revoked": tokens, "sessions_ended": sessions}
    event_record(
        actor=actor, code=AccountsCode.LOGGED_OUT_EVERYWHERE, target=actor.user, data=counts
    )
    return counts


def api_token_user(token: str) -> User | None:
    """The active user a valid, unexpired token belongs to."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), expires_at__gt=clock.now())
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found.user


def api_token_actor(token: str) -> Actor | None:
    """`actor_for(api_token_user(token))` in one query when the user has a primary
    membership (every API call authenticates: two queries were a fifth of a case read)."""
    membership = (
        Membership.objects.select_related("user", "institution")
        .filter(
            user__api_tokens__digest=_digest(token),
            user__api_tokens__expires_at__gt=clock.now(),
            user__is_active=True,
            is_active=True,
            is_primary=True,
            institution__is_active=True,
        )
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return Actor(
            user=membership.user,
            institution=membership.institution,
            role=membership.role,
            capabilities=capabilities_of(membership.role),
        )
    user = api_token_user(token)  # no primary membership (a superuser), or no valid token
    return actor_for(user) if user is not None else None


# --- two-factor authentication (TOTP, django-otp) -----------------------------------------


@transaction.atomic
def totp_device_start(*, actor: Actor):
    """The actor's unconfirmed TOTP device: made once, shown until a code confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=actor.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor.user, name="nrm", confirmed=False)
        event_record(actor=actor, code=AccountsCode.OTP_ENROLMENT_STARTED, target=actor.user)
    return device


@transaction.atomic
def totp_device_confirm(*, actor: Actor, token: str):
    """Confirms the unconfirmed device with a code from the app; raises ValidationFailed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().filter(user=actor.user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise ValidationFailed({"token": [_("The code is not valid. Try the current one.")]})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    event_record(actor=actor, code=AccountsCode.OTP_ENROLLED, target=actor.user)
    return device


def totp_user_enrolled(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


@transaction.atomic
def totp_verify(*, actor: Actor, token: str):
    """The confirmed device a code belongs to, or None (recorded). Throttled by django-otp."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for device in TOTPDevice.objects.select_for_update().filter(user=actor.user, confirmed=True):
        if device.verify_token(token.strip()):
            return device
    event_record(actor=actor, code=AccountsCode.OTP_FAILED, target=actor.user)
    return None
