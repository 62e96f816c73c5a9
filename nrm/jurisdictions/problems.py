"""Reading a profile file: problems with stable codes and the YAML line at fault."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.code} {self.message}"


class ProfileError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """Walks a composed YAML node along a pydantic error location to its line."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == str(part)]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _read(path: Path) -> tuple[dict, yaml.Node]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text), yaml.compose(text)


def _validate(model, path: Path, problems: list[Problem], code: str):
    try:
        data, node = _read(path)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(Problem("nrm.E001", f"cannot read profile file: {exc}", str(path)))
        return None, None
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(
                Problem(code, f"{loc}: {err['msg']}", str(path), _line_of(node, err["loc"]))
            )
        return None, node
