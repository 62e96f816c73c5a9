"""Helpers of the "My work" home page's tests (tests/*/test_home*.py)."""

import re

from django.test import Client


def home_of(username: str, path: str = "/my-work/") -> str:
    client = Client()
    assert client.post("/login/", {"username": username, "password": "demo"}).status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, code: str) -> str:
    """The section's HTML ("" when the page does not show it)."""
    found = re.search(rf'<section[^>]*id="home-{code}".*?</section>', html, re.S)
    return found.group(0) if found else ""
