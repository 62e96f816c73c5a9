"""Fixtures of the case file's tests: a media folder of their own, a case owned by the
Tirana police with the Tirana shelter assigned (a reader of the health class), files."""

import pytest

from nrm.casefile.demo import tiny_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 200


class Upload:
    """What Django hands a service for an uploaded file (name, size, read)."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data, self.size = name, data, len(data)

    def read(self, *args) -> bytes:
        return self._data


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def sealed_files(media) -> list:
    root = media / "casefile"
    return sorted(p for p in root.glob("*/*")) if root.exists() else []


@pytest.fixture
def pdf() -> bytes:
    return tiny_pdf("Raport mjekesor")


@pytest.fixture
def case(make_case, actors):
    from nrm.accounts.models import Institution
    from nrm.registry.services import case_assign

    case = make_case("police.tirana")
    case_assign(
        actor=actors["police.tirana"],
        case_id=case.pk,
        institution=Institution.objects.get(code="shelter-tirana"),
        reason="Strehim",
    )
    return case


# The browser test's fixtures (Debian's Chromium through Playwright).
from tests.browser.conftest import browser, login, new_page  # noqa: E402, F401
