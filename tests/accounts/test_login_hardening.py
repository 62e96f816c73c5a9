"""Login hardening: lock-out after repeated failures, idle expiry, CSP, deploy checks."""

import base64
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client

from nrm.core import clock
from nrm.jurisdictions import get_profile

pytestmark = pytest.mark.django_db


def _ui_login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def _api_login(client: Client, username: str, password: str):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_the_limit_and_cool_off_are_five_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=30)


def test_the_login_page_locks_out_after_five_failures_even_the_right_password(reference):
    client = Client()
    for _ in range(4):
        assert _ui_login(client, "police.tirana", "wrong").status_code == 200

    assert _ui_login(client, "police.tirana", "wrong").status_code == 429
    response = _ui_login(client, "police.tirana", "demo")

    assert response.status_code == 429
    assert 'id="locked-out"' in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not logged in


def test_the_lock_out_ends_after_the_cool_off(reference):
    client = Client()
    for _ in range(5):
        _ui_login(client, "police.tirana", "wrong")
    assert _ui_login(client, "police.tirana", "demo").status_code == 429

    with time_machine.travel(clock.now() + timedelta(minutes=31), tick=False):
        response = _ui_login(client, "police.tirana", "demo")

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_success_before_the_limit_resets_the_count(reference):
    client = Client()
    for _ in range(4):
        _ui_login(client, "police.tirana", "wrong")
    assert _ui_login(client, "police.tirana", "demo").status_code == 302
    client.post("/logout/")

    for _ in range(4):
        assert _ui_login(client, "police.tirana", "wrong").status_code == 200
    assert _ui_login(client, "police.tirana", "demo").status_code == 302


def test_the_api_token_endpoint_locks_out_too(reference):
    client = Client()
    for _ in range(4):
        assert _api_login(client, "police.tirana", "wrong").status_code == 401

    assert _api_login(client, "police.tirana", "wrong").status_code == 429
    response = _api_login(client, "police.tirana", "demo")

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()


def test_failures_on_the_api_count_towards_the_login_page(reference):
    client = Client()
    for _ in range(5):
        _api_login(client, "police.tirana", "wrong")

    assert _ui_login(client, "police.tirana", "demo").status_code == 429


# --- idle session expiry ------------------------------------------------------------------


def test_the_idle_limit_comes_from_the_profile():
    assert get_profile("AL").session_idle_minutes == 30


def _logged_in(reference) -> Client:
    client = Client()
    assert _ui_login(client, "police.tirana", "demo").status_code == 302
    assert client.get("/").status_code == 200
    return client


def test_a_session_idle_for_more_than_thirty_minutes_is_logged_out(reference):
    client = _logged_in(reference)

    with clock.override(clock.now() + timedelta(minutes=31)):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        page = client.get(response["Location"])

    assert 'id="idle-expired"' in page.text
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(reference):
    client = _logged_in(reference)
    start = clock.now()

    for minutes in (20, 40, 60):  # never more than 20 minutes between requests
        with clock.override(start + timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200


def test_a_shorter_idle_limit_in_the_profile_is_obeyed(reference, monkeypatch):
    profile = get_profile("AL")
    shorter = profile.model_copy(update={"session_idle_minutes": 5})
    monkeypatch.setattr("nrm.jurisdictions.registry.get_profile", lambda *a, **k: shorter)
    # The middleware holds its own name for it once imported (by any earlier test's request).
    monkeypatch.setattr("nrm.accounts.middleware.get_profile", lambda *a, **k: shorter)
    client = _logged_in(reference)

    with clock.override(clock.now() + timedelta(minutes=6)):
        assert client.get("/").status_code == 302


# --- content security policy and headers --------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(reference):
    client = _logged_in(reference)
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/login/", "/", "/cases/", "/cases/new/"])
def test_pages_have_no_inline_script_or_style_the_policy_would_block(reference, path):
    client = Client() if path == "/login/" else _logged_in(reference)
    html = client.get(path).text

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r"\sstyle=", html), "inline style attribute"


# --- deploy checks in production mode -----------------------------------------------------


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        **os.environ,
        "NRM_MODE": "production",
        "NRM_SECRET_KEY": secrets.token_urlsafe(50),
        "NRM_FIELD_KEYS": Fernet.generate_key().decode(),
        "NRM_BLIND_INDEX_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": "postgres://nrm@db.invalid/nrm",
        "NRM_ALLOWED_HOSTS": "nrm.example.org",
        "NRM_DATA_DIR": str(tmp_path),
    }
    for inherited in ("NRM_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # test-only settings
        env.pop(inherited, None)

    result = subprocess.run(
        [sys.executable, "-m", "nrm", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
