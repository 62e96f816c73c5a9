"""One place for "does the profile define this code?": the meaning checks of every block that
names roles, institution types, counties, statuses, stages, events or capabilities ask here.

`unknown(profile, kind, codes, path)` returns one problem per code of `codes` the profile does
not define as a `kind`, each with the index of the code in `codes` and the message
`"<path>: unknown <kind> 'x'"` (the wording every check has used, so their tests and their
readers keep them). The caller adds the problems under its own nrm.E code and YAML location:

    for j, message in unknown(profile, "role", block.review_roles, "linkage.review_roles"):
        add("nrm.E140", message, ("linkage", "review_roles", j))

or, with `report`, in one line.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nrm.jurisdictions.schema import Profile


def _codes(items) -> set[str]:
    return {item.code for item in items}


def _events(profile: Profile) -> set[str] | None:
    return _codes(profile.deadlines.events) if profile.deadlines is not None else None


# kind → (its words in a message, the codes a profile defines; None: the block is absent and
# nothing can be checked).
VOCABULARIES: dict[str, tuple[str, Callable[[Profile], set[str] | None]]] = {
    "role": ("role", lambda p: _codes(p.roles)),
    "institution_type": ("institution type", lambda p: _codes(p.institution_types)),
    "county": ("county", lambda p: _codes(p.counties)),
    "status": ("status", lambda p: _codes(p.identification_statuses)),
    "stage": ("stage", lambda p: _codes(p.stages)),
    "procedure": ("procedure", lambda p: _codes(p.procedures)),
    "event": ("event", _events),
    "exploitation_form": ("exploitation form", lambda p: _codes(p.exploitation_forms)),
    "service_need": ("service need", lambda p: _codes(p.service_needs)),
}


@dataclass(frozen=True)
class Unknown:
    index: int
    code: str
    message: str

    def __iter__(self):  # `for j, message in unknown(...)`
        return iter((self.index, self.message))


def known(profile: Profile, kind: str) -> set[str] | None:
    """The codes of `kind` the profile defines (None: the block that holds them is absent)."""
    return VOCABULARIES[kind][1](profile)


def unknown(profile: Profile, kind: str, codes: Iterable[str], path: str) -> list[Unknown]:
    """The codes of `codes` (in order, with their index) the profile does not define as a
    `kind` ("role", "institution_type", …); `path` names the block in the message."""
    words, vocabulary = VOCABULARIES[kind]
    defined = vocabulary(profile)
    if defined is None:
        return []
    return [
        Unknown(j, code, f"{path}: unknown {words} {code!r}")
        for j, code in enumerate(codes)
        if code not in defined
    ]


def report(
    add,
    error: str,
    profile: Profile,
    kind: str,
    codes: Iterable[str],
    path: str,
    loc: tuple,
    *,
    indexed: bool = False,
) -> None:
    """Adds each unknown code as a problem `error` at `loc` (`indexed`: at `(*loc, index)`)."""
    for found in unknown(profile, kind, codes, path):
        add(error, found.message, (*loc, found.index) if indexed else loc)


def report_recorders(add, error: str, profile: Profile, recorders, path: str, loc: tuple) -> None:
    """The same for a list of recorders (each names roles and institution types)."""
    for recorder in recorders:
        report(add, error, profile, "role", recorder.roles, path, loc)
        report(add, error, profile, "institution_type", recorder.institution_types, path, loc)
