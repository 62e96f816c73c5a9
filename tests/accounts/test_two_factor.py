"""Two-factor authentication (TOTP): required with NRM_REQUIRE_2FA, the default in production."""

import base64
import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nrm.accounts.models import User
from nrm.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.NRM_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _after_the_throttle():
    return time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False)


def _password_login(username="police.tirana") -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": "demo"})
    assert response.status_code == 302
    return client


def _enrolled_device(username="police.tirana") -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=User.objects.get(username=username), name="nrm", confirmed=True
    )


def test_outside_production_a_password_is_enough(reference):
    client = _password_login()

    assert client.get("/").status_code == 200


def test_a_password_alone_reaches_only_the_enrolment_page(reference, required):
    client = _password_login()

    for path in ("/", "/cases/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/2fa/setup/"), path


def test_a_page_fragment_asked_before_the_code_gets_nothing(reference, required):
    client = _password_login()

    response = client.get("/inbox/badge/", HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response.content == b""


def test_enrolment_shows_the_secret_and_confirms_with_a_code(reference, required):
    client = _password_login()

    page = client.get("/2fa/setup/")
    device = TOTPDevice.objects.get(user__username="police.tirana", confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert page.status_code == 200
    assert secret in page.text
    assert "otpauth://totp/" in page.text

    wrong = client.post("/2fa/setup/", {"token": "000000" if _code(device) != "000000" else "1"})
    assert wrong.status_code == 400
    assert client.get("/").status_code == 302

    response = client.post("/2fa/setup/", {"token": _code(device), "next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(code="otp.enrolled").count() == 1


def test_an_enrolled_account_is_asked_the_code_after_the_password(reference, required):
    device = _enrolled_device()
    client = _password_login()

    response = client.get("/cases/")
    assert response["Location"].startswith("/2fa/verify/")
    assert client.get("/2fa/setup/")["Location"].startswith("/2fa/verify/")  # not twice

    assert client.post("/2fa/verify/", {"token": "12345"}).status_code == 400
    assert AuditEvent.objects.filter(code="otp.failed").count() == 1
    assert client.get("/cases/").status_code == 302

    with _after_the_throttle():  # django-otp makes each failure wait longer
        assert client.post("/2fa/verify/", {"token": _code(device)}).status_code == 302
        assert client.get("/cases/").status_code == 200


def test_the_api_token_needs_the_code_when_two_factor_is_required(reference, required):
    device = _enrolled_device()
    client = Client()

    def token(**extra):
        body = {"username": "police.tirana", "password": "demo", **extra}
        return client.post("/api/v1/auth/token", body, content_type="application/json")

    assert token().status_code == 401
    assert token(otp="000000" if _code(device) != "000000" else "1").status_code == 401
    with _after_the_throttle():
        assert token(otp=_code(device)).status_code == 200


def test_an_account_without_a_device_gets_no_api_token(reference, required):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "police.tirana", "password": "demo", "otp": "123456"},
        content_type="application/json",
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("mode", "override", "expected"),
    [
        ("production", None, "True"),
        ("production", "0", "True"),  # production cannot turn it off
        ("demo", None, "False"),
        ("development", None, "True"),
        ("development", "0", "False"),  # a developer's own machine may
    ],
)
def test_two_factor_is_required_outside_demo_mode(tmp_path, mode, override, expected):
    env = {
        **os.environ,
        "NRM_MODE": mode,
        "NRM_SECRET_KEY": secrets.token_urlsafe(50),
        "NRM_FIELD_KEYS": Fernet.generate_key().decode(),
        "NRM_BLIND_INDEX_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "NRM_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "nrm.settings",
    }
    env.pop("NRM_REQUIRE_2FA", None)
    if override is not None:
        env["NRM_REQUIRE_2FA"] = override
    script = "from django.conf import settings; print(settings.NRM_REQUIRE_2FA)"

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )

    assert result.stdout.strip() == expected, result.stderr
