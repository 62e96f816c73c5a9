"""docs/new-jurisdiction.md, tried: a skeleton profile of a third jurisdiction (Montenegro,
Serbian in Latin script and English) with only the blocks a profile must have loads and
passes `nrm profile check`, and `nrm profile diff` compares it with the Albanian one."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from nrm.jurisdictions.registry import load_profile, untranslated

SKELETON = Path(__file__).resolve().parent / "skeleton" / "me" / "profile.yaml"


def test_the_skeleton_profile_loads_with_only_the_required_blocks():
    profile = load_profile(SKELETON)

    assert profile.key == "ME-2026.1"
    assert profile.languages == ("sr_Latn", "en")
    assert profile.indicator_catalogues == () and profile.deadlines is None
    assert profile.demo is None and profile.appeals is None
    assert untranslated(profile, SKELETON) == []


def test_nrm_profile_check_passes_the_skeleton():
    stdout = StringIO()

    call_command("profile", "check", str(SKELETON), stdout=stdout)

    assert "ME-2026.1 ok" in stdout.getvalue()


def test_nrm_profile_diff_compares_the_skeleton_with_a_shipped_profile():
    stdout = StringIO()

    call_command("profile", "diff", "AL", str(SKELETON), stdout=stdout)

    out = stdout.getvalue()
    assert "B: ME-2026.1" in out
    assert "languages: sq, en → sr_Latn, en" in out
    assert "+ Podgorica [podgorica]" in out
    assert "time zone: Europe/Tirane → Europe/Podgorica" in out
