"""Lock-out and two-factor enrolment through the browser, with production's rules on."""

import base64

import pytest
from django_otp.oath import totp

pytestmark = pytest.mark.browser

PASSWORD = "a long passphrase for the test"


@pytest.fixture
def production(settings, transactional_db, live_server, reference):
    """Production's login rules (demo accounts refused, two-factor required) and a real user
    of the Tirana police sector."""
    from nrm.accounts.models import Institution
    from nrm.accounts.policy import system_actor
    from nrm.accounts.services import membership_create, user_create

    settings.PRODUCTION = True
    settings.NRM_REQUIRE_2FA = True
    admin = system_actor()
    user = user_create(actor=admin, username="real.worker", password=PASSWORD)
    membership_create(
        actor=admin,
        user=user,
        institution=Institution.objects.get(code="police-slktp-tirana"),
        role="caseworker",
    )
    return user


def _submit(page, username: str, password: str):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form button[type=submit].primary")


def test_a_new_account_enrols_a_second_factor_before_it_sees_any_case(new_page, production):
    page = new_page()

    _submit(page, "real.worker", PASSWORD)
    assert "/2fa/setup/" in page.url
    page.goto("/cases/")
    assert "/2fa/setup/" in page.url  # nothing else is reachable yet

    secret = page.inner_text("#otp-secret").strip()
    assert page.inner_text("#otp-uri").startswith("otpauth://totp/")
    code = totp(base64.b32decode(secret))
    page.fill("#id_token", f"{code:06d}")
    with page.expect_navigation():
        page.click("form button[type=submit].primary")

    assert "/2fa/" not in page.url
    page.goto("/cases/")
    assert page.url.endswith("/cases/")


def test_five_wrong_passwords_lock_the_account_out(new_page, production):
    page = new_page()
    for _ in range(5):
        _submit(page, "real.worker", "wrong password")

    _submit(page, "real.worker", PASSWORD)

    assert page.locator("#locked-out").is_visible()
    assert "/login/" in page.url


def test_demo_accounts_are_refused(new_page, production):
    page = new_page()

    _submit(page, "police.tirana", "demo")

    assert "/login/" in page.url
    assert page.locator("[role=alert]").is_visible()
