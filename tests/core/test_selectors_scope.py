"""Every read that takes the caller uses it: a selector that accepts `actor` and ignores it
looks scoped and is not (STYLE.md convention 4)."""

import ast
from pathlib import Path

NRM = Path(__file__).resolve().parents[2] / "nrm"


def readers() -> list[Path]:
    files = list(NRM.rglob("selectors.py")) + list(NRM.rglob("selectors/*.py"))
    files += list((NRM / "registry" / "person_rights").glob("*.py"))
    return sorted(files)


def ignoring_actor(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        names = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
        if "actor" not in names:
            continue
        used = any(isinstance(n, ast.Name) and n.id == "actor" for n in ast.walk(node))
        if not used:
            found.append(f"{path.relative_to(NRM.parent)}:{node.lineno} {node.name}")
    return found


def test_every_selector_that_takes_an_actor_uses_it():
    assert len(readers()) >= 6
    offenders = [f for path in readers() for f in ignoring_actor(path)]
    assert not offenders, f"selectors that take an actor and ignore it: {offenders}"


def test_the_check_finds_a_selector_that_ignores_its_actor(tmp_path):
    planted = tmp_path / "selectors.py"
    planted.write_text("def notes(*, actor, case):\n    return case.notes.all()\n")
    assert ignoring_actor_at(planted) == ["notes"]


def ignoring_actor_at(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and "actor" in [a.arg for a in node.args.kwonlyargs]
        and not any(isinstance(n, ast.Name) and n.id == "actor" for n in ast.walk(node))
    ]
