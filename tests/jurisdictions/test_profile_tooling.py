"""Profile tooling: the checks of a whole profile (nrm.E165–E169, each with its line),
`nrm profile diff`, and the one helper every block's "unknown role" check asks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nrm.jurisdictions import ProfileError, get_profile
from nrm.jurisdictions.diff import profile_diff
from nrm.jurisdictions.references import unknown
from nrm.jurisdictions.registry import load_profile, untranslated
from tests.jurisdictions.test_profile import AL_DIR, _broken_copy

# fault → (file, old, new, code). Each breaks the AL profile in one place.
BROKEN = {
    "demo-user-of-an-unknown-role": (
        "demo.yaml",
        "{username: police.shkoder, institution: police-slktp-shkoder, role: caseworker}",
        "{username: police.shkoder, institution: police-slktp-shkoder, role: sheriff}",
        "nrm.E166",
    ),
    "demo-user-at-an-unknown-institution": (
        "demo.yaml",
        "{username: police.shkoder, institution: police-slktp-shkoder, role: caseworker}",
        "{username: police.shkoder, institution: police-slktp-atlantis, role: caseworker}",
        "nrm.E166",
    ),
    "demo-cast-of-an-unknown-user": (
        "demo.yaml",
        "  police_elsewhere: police.shkoder",
        "  police_elsewhere: nobody.here",
        "nrm.E166",
    ),
    "demo-institution-of-an-unknown-parent": (
        "demo.yaml",
        "    parent: mpb",
        "    parent: mxyz",
        "nrm.E166",
    ),
    "demo-per-county-of-an-unknown-type": (
        "demo.yaml",
        "{prefix: shssh, type: state_social_service,",
        "{prefix: shssh, type: social_palace,",
        "nrm.E166",
    ),
    "a-language-without-an-interface-catalogue": (
        "profile.yaml",
        "languages: [sq, en]",
        "languages: [sq, en, tlh]",
        "nrm.E167",
    ),
    "a-right-of-the-formal-interview-given-twice": (
        "profile.yaml",
        "    - code: not_in_group\n",
        "    - code: not_kept_waiting\n",
        "nrm.E168",
    ),
}


@pytest.mark.parametrize("fault", list(BROKEN), ids=list(BROKEN))
def test_a_broken_reference_is_refused_with_its_code_file_and_line(tmp_path, fault):
    file, old, new, code = BROKEN[fault]
    path, changed, line = _broken_copy(tmp_path, file, old, new)

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    problems = raised.value.problems
    assert [p.code for p in problems] == [code], problems
    assert problems[0].file == str(changed)
    assert problems[0].line == line


def test_a_text_without_a_language_of_the_profile_is_refused_by_profile_check(tmp_path):
    old = '  en: "Standard Operating Procedures for the protection'
    path, changed, _line = _broken_copy(tmp_path, "profile.yaml", old, old)
    text = changed.read_text(encoding="utf-8")
    line = 'service_needs:\n  - {code: shelter, name: {sq: "Strehim në qendër të specializuar", '
    assert line in text
    changed.write_text(text.replace(line, "service_needs:\n  - {code: shelter, name: {"), "utf-8")
    at = 1 + text[: text.index("service_needs:")].count("\n") + 1
    profile = load_profile(path)  # loads: E165 is the check command's

    problems = untranslated(profile, path)

    assert [(p.code, p.line) for p in problems] == [("nrm.E165", at)]
    assert problems[0].message == "service_needs.0.name: no text in sq"
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("profile", "check", str(path), stderr=stderr)
    assert f"{changed}:{at}: nrm.E165" in stderr.getvalue()


def test_an_indicator_without_a_language_is_found_in_the_catalogue_file(tmp_path):
    path, changed, _line = _broken_copy(tmp_path, "profile.yaml", "languages: [sq, en]", "x")
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("x", "languages: [sq, en]", 1), "utf-8"
    )
    catalogue = path.parent / "indicators.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("sq:") and i > 10)
    del lines[at]
    catalogue.write_text("".join(lines), encoding="utf-8")

    problems = untranslated(load_profile(path), path)

    assert {p.code for p in problems} == {"nrm.E165"}
    assert [p.file for p in problems] == [str(catalogue)]
    assert "no text in sq" in problems[0].message


def test_the_shipped_albanian_profile_has_every_text_in_every_language():
    assert untranslated(get_profile("AL"), AL_DIR / "profile.yaml") == []


def test_unknown_names_each_code_a_profile_lacks_with_its_index():
    profile = get_profile("AL")

    found = unknown(profile, "role", ["caseworker", "sheriff", "focal_point", "judge"], "x.y")

    assert [(f.index, f.message) for f in found] == [
        (1, "x.y: unknown role 'sheriff'"),
        (3, "x.y: unknown role 'judge'"),
    ]
    assert unknown(profile, "institution_type", ["shelter"], "x") == []


# --- nrm profile diff ------------------------------------------------------------------


def test_a_profile_does_not_differ_from_itself():
    profile = get_profile("AL")

    sections = profile_diff(profile, profile)

    assert sections and all(section.lines == [] for section in sections)


def test_the_diff_of_two_jurisdictions_names_what_only_one_has():
    al, xk = get_profile("AL"), get_profile("XK")

    sections = {s.title: s.lines for s in profile_diff(al, xk)}

    general = sections["Languages, calendar, reference"]
    assert "reference prefix: AL → XK" in general
    assert any(line.startswith("languages: sq, en → ") for line in general)
    counties = sections["Counties"]
    assert "− Tirana [tirana]" in counties
    assert any(line.startswith("+ ") for line in counties)
    assert any("[ap_secretariat]" in line for line in sections["Institution types"])


def test_the_diff_shows_a_changed_offset_and_a_role_capability(tmp_path):
    path, _changed, _line = _broken_copy(
        tmp_path, "profile.yaml", "languages: [sq, en]", "languages: [sq, en]"
    )
    text = (path.parent / "deadlines.yaml").read_text(encoding="utf-8")
    b_text = text.replace("kind: hours, amount: 72", "kind: hours, amount: 96", 1)
    assert b_text != text
    (path.parent / "deadlines.yaml").write_text(b_text, encoding="utf-8")

    sections = {s.title: s.lines for s in profile_diff(get_profile("AL"), load_profile(path))}

    assert [line for line in sections["Deadline rules"] if "72 hours → 96 hours" in line]


def test_nrm_profile_diff_prints_sections_by_code_version_or_file():
    stdout = StringIO()

    call_command("profile", "diff", "AL", str(AL_DIR / "profile.yaml"), stdout=stdout)

    out = stdout.getvalue()
    assert "A: AL-2025.1" in out and "B: AL-2025.1" in out
    assert "Roles and their capabilities" in out
    assert "(the same)" in out
    stdout = StringIO()
    call_command("profile", "diff", "AL@2025.1", "XK", stdout=stdout)
    assert "[tirana]" in stdout.getvalue()


def test_nrm_profile_diff_of_an_unknown_code_names_the_known_ones():
    with pytest.raises(CommandError) as raised:
        call_command("profile", "diff", "AL", "QQ")

    assert "AL-2025.1" in str(raised.value)
    assert "XK-" in str(raised.value)


def test_the_shelters_check_asks_the_one_helper_and_keeps_its_code_and_message(tmp_path):
    path, _changed, _line = _broken_copy(
        tmp_path,
        "profile.yaml",
        "caseworker_roles: [caseworker, focal_point]",
        "caseworker_roles: [caseworker, sheriff]",
    )

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    assert [(p.code, p.message) for p in raised.value.problems] == [
        ("nrm.E094", "shelters.caseworker_roles: unknown role 'sheriff'")
    ]


def test_who_records_a_status_asks_the_one_helper_and_keeps_its_code_and_message(tmp_path):
    path, _changed, _line = _broken_copy(
        tmp_path,
        "profile.yaml",
        "      - {roles: [ap_secretariat], institution_types: [ap_secretariat]}",
        "      - {roles: [sheriff], institution_types: [ap_secretariat]}",
    )

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    assert [(p.code, p.message) for p in raised.value.problems] == [
        ("nrm.E070", "status_authorities.2: unknown role 'sheriff'")
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  withdrawn_by:\n    - {roles: [ap_secretariat], institution_types: [ap_secretariat]}",
            "  withdrawn_by:\n    - {roles: [ap_secretariat], institution_types: [palace]}",
            "casefile.withdrawn_by: unknown institution type 'palace'",
        ),
        (
            "  initiated_by:\n    - {roles: [caseworker, focal_point], institution_types:",
            "  initiated_by:\n    - {roles: [caseworker, sheriff], institution_types:",
            "emergency: unknown role 'sheriff'",
        ),
    ],
    ids=["casefile", "emergency"],
)
def test_the_apps_recorder_checks_ask_the_one_helper(tmp_path, old, new, message):
    path, _changed, _line = _broken_copy(tmp_path, "profile.yaml", old, new)

    with pytest.raises(ProfileError) as raised:
        load_profile(path)

    assert [(p.code, p.message) for p in raised.value.problems] == [("nrm.E090", message)]
