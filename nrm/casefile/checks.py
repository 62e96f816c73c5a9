"""nrm.E090: meaning checks of the profile's `casefile` block (the `profile_checks` door):
the default class and every kind's class are sensitivity classes the code knows (the
`sensitivity` block must define each: nrm.E050), kind codes
are unique, and `withdrawn_by` names known roles and institution types."""

from nrm.jurisdictions.references import report_recorders
from nrm.jurisdictions.schema import Profile
from nrm.registry.sensitivity import CLASSES

CODE = "nrm.E090"


def check_casefile(profile: Profile, add) -> None:
    block = profile.casefile
    if block is None:
        return
    # The code's vocabulary of classes: nrm.E050 already requires the `sensitivity` block to
    # define each of them, so a class renamed there is reported once, as E050.
    known = set(CLASSES)
    if block.default_sensitivity not in known:
        add(
            CODE,
            f"casefile.default_sensitivity: unknown class {block.default_sensitivity!r}",
            ("casefile", "default_sensitivity"),
        )
    for field in ("note_kinds", "document_kinds"):
        seen: set[str] = set()
        for i, kind in enumerate(getattr(block, field)):
            if kind.code in seen:
                add(CODE, f"casefile.{field}: duplicate code {kind.code!r}", ("casefile", field, i))
            seen.add(kind.code)
            if kind.sensitivity and kind.sensitivity not in known:
                add(
                    CODE,
                    f"casefile.{field}.{kind.code}: unknown class {kind.sensitivity!r}",
                    ("casefile", field, i, "sensitivity"),
                )
    for i, recorder in enumerate(block.withdrawn_by):
        where = ("casefile", "withdrawn_by", i)
        report_recorders(add, CODE, profile, (recorder,), "casefile.withdrawn_by", where)
