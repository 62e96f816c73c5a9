"""Two-factor pages: enrolment (secret and otpauth URI) and the code asked after the password;
the caller's own API tokens and "log out everywhere"."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from nrm.accounts import selectors, services
from nrm.core.errors import NotFound, ValidationFailed


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def otp_setup(request):
    if services.totp_user_enrolled(request.user):
        return redirect("otp_verify")
    device = services.totp_device_start(actor=request.actor)
    errors: list[str] = []
    if request.method == "POST":
        try:
            device = services.totp_device_confirm(
                actor=request.actor, token=request.POST.get("token", "")
            )
        except ValidationFailed as exc:
            errors = exc.fields["token"]
        else:
            otp_login(request, device)
            return redirect(_next(request))
    from base64 import b32encode

    context = {
        "secret": b32encode(device.bin_key).decode(),
        "uri": device.config_url,
        "errors": errors,
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if errors else 200)


@login_required
def otp_verify(request):
    if not services.totp_user_enrolled(request.user):
        return redirect("otp_setup")
    errors: list[str] = []
    if request.method == "POST":
        device = services.totp_verify(actor=request.actor, token=request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        errors = [_("The code is not valid. Try the current one.")]
    context = {"errors": errors, "next": _next(request)}
    return render(request, "accounts/otp_verify.html", context, status=400 if errors else 200)


@login_required
def tokens(request):
    """The caller's API tokens (issued, expires, last used; never the token), each with a
    revoke button, and "log out everywhere": every token and every session ended."""
    if request.method == "POST":
        if request.POST.get("everywhere"):
            services.sessions_end_all(actor=request.actor)
            logout(request)
            return redirect(settings.LOGIN_URL)
        try:
            token_id = int(request.POST.get("revoke", ""))
            services.api_token_revoke(actor=request.actor, token_id=token_id)
        except (ValueError, NotFound):
            messages.error(request, _("That token no longer exists."))
        else:
            messages.success(request, _("The token was revoked."))
        return redirect("account_tokens")
    context = {"tokens": selectors.api_tokens_of(actor=request.actor)}
    return render(request, "accounts/tokens.html", context)
