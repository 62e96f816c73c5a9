"""Sensitivity classes: which classes of a case's data an actor sees.

The profile's `sensitivity` block names the classes (identity, contact and location, health,
child protection, information supporting investigation), the fields in each
("app.Model.field", and the notes of some checklist entries) and who sees each: a role at a
type of institution, over the cases its institution stands in some relation to. This module
is the one place that reads it: `visible_classes` decides, `case_visibility` turns the
answer into the fields to hide, `class_cases` into a filter over cases (for lists and for
the name search). Pages, the API and the printed documents ask here; a hidden value is
shown as "restricted" (`Redacted`, `RESTRICTED`), the API sends null and `hidden_fields`.

The policy in force applies (the current profile), not the version a case opened under:
who may see what is decided today, as capabilities are.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import SensitivityClass, SensitivityReader
from nrm.registry import doors
from nrm.registry.models import Case, CaseGrant, GrantStatus

IDENTITY = "identity"
CONTACT_LOCATION = "contact_location"
HEALTH = "health"
CHILD_PROTECTION = "child_protection"
INVESTIGATION = "investigation"
CLASSES = (IDENTITY, CONTACT_LOCATION, HEALTH, CHILD_PROTECTION, INVESTIGATION)

RESTRICTED_LABEL = _("restricted")


def _classes() -> tuple[SensitivityClass, ...] | None:
    block = get_profile(settings.NRM_JURISDICTION).sensitivity
    return None if block is None else block.classes


def _readers(actor, code: str) -> list[SensitivityReader]:
    """The readers of class `code` the actor is (role and institution type)."""
    if actor is None or actor.institution is None or not actor.role:
        return []
    classes = _classes() or ()
    found = []
    for klass in classes:
        if klass.code != code:
            continue
        for reader in klass.readers:
            if actor.role in reader.roles and (
                not reader.institution_types or actor.institution.type in reader.institution_types
            ):
                found.append(reader)
    return found


def is_reader(actor, code: str) -> bool:
    """Whether the actor reads class `code` on at least some cases (menus, name search)."""
    if _classes() is None:
        return code != INVESTIGATION
    return bool(_readers(actor, code))


class _Relation:
    """How the actor's institution stands to one case; each fact read once, when needed."""

    def __init__(self, actor, case: Case):
        self.actor, self.case = actor, case

    @cached_property
    def owner(self) -> bool:
        return self.case.owner_institution_id == self.actor.institution_id

    @cached_property
    def granted(self) -> bool:
        return CaseGrant.objects.filter(
            case_id=self.case.pk,
            institution_id=self.actor.institution_id,
            status=GrantStatus.ACCEPTED,
        ).exists()

    @cached_property
    def county(self) -> bool:
        county = self.actor.institution.county
        if county and self.case.county == county:
            return True
        return any(
            addressed(self.actor.institution_id).filter(case_id=self.case.pk).exists()
            for addressed in doors.addressed_cases
        )

    def reaches(self, reach: str) -> bool:
        if reach == "all":
            return True
        if reach == "owner":
            return self.owner
        if reach == "grant":
            return self.granted
        if reach == "involved":
            return self.owner or self.granted
        if reach == "county":
            return self.county
        return False


def visible_classes(actor, case: Case) -> frozenset[str]:
    """The classes of this case's data the actor sees. Whether the actor may see the case at
    all is `case_scope`'s question, asked before; this only narrows what is shown."""
    classes = _classes()
    if classes is None:  # a profile without the block restricts nothing but investigation
        return frozenset(c for c in CLASSES if c != INVESTIGATION)
    relation = _Relation(actor, case)
    return frozenset(
        klass.code
        for klass in classes
        if any(relation.reaches(r.reach) for r in _readers(actor, klass.code))
    )


def class_cases(actor, code: str) -> Q | None:
    """A filter over Case: the cases where the actor sees class `code`; None for none."""
    if _classes() is None:
        return None if code == INVESTIGATION else Q()
    parts: list[Q] = []
    for reader in _readers(actor, code):
        if reader.reach == "all":
            return Q()
        institution = actor.institution
        owned = Q(owner_institution_id=institution.pk)
        granted = Q(
            id__in=CaseGrant.objects.filter(
                institution_id=institution.pk, status=GrantStatus.ACCEPTED
            ).values("case_id")
        )
        if reader.reach in ("owner", "involved"):
            parts.append(owned)
        if reader.reach in ("grant", "involved"):
            parts.append(granted)
        if reader.reach == "county":
            addressed = Q(pk__in=[])
            for cases in doors.addressed_cases:
                addressed |= Q(id__in=cases(institution.pk))
            by_county = Q(county=institution.county) & ~Q(county="")
            parts.append(by_county | addressed if institution.county else addressed)
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


@dataclass(frozen=True)
class Visibility:
    """What of one case the actor sees: the visible classes, and the fields and checklist
    notes hidden from them (those of every class that applies to the case and is not seen)."""

    classes: frozenset[str]
    hidden: frozenset[str] = field(default_factory=frozenset)
    hidden_notes: frozenset[str] = field(default_factory=frozenset)

    def hides(self, label: str, name: str) -> bool:
        """`label` is "app.Model" (a model's `_meta.label`)."""
        return f"{label}.{name}" in self.hidden

    @property
    def by_model(self) -> dict[str, dict[str, bool]]:
        """{"Person": {"given_name": True}}: for templates, `hidden.Person.given_name`."""
        found: dict[str, dict[str, bool]] = {}
        for path in self.hidden:
            _app, model, name = path.split(".")
            found.setdefault(model, {})[name] = True
        return found

    def hides_in(self, obj, name: str) -> bool:
        """Whether `obj.name` is hidden: its own class, the class of the field it holds a
        value of (a correction's old and new value), or of the fields it is derived from."""
        label = obj._meta.label
        if self.hides(label, name):
            return True
        named = NAMED_BY.get(label)
        if named and name in named[2]:
            return self.hides(named[1], getattr(obj, named[0]))
        return any(self.hides(label, part) for part in DERIVED.get(f"{label}.{name}", ()))

    def value(self, obj, name: str):
        """The field's value, or None when it is hidden."""
        return None if self.hides_in(obj, name) else getattr(obj, name)

    def hidden_of(self, obj, names) -> list[str]:
        """Which of `names` are hidden on `obj` (the API's `hidden_fields`)."""
        return [n for n in names if self.hides_in(obj, n)]

    def redact(self, obj):
        return Redacted(obj, self) if obj is not None else None


def case_visibility(actor, case: Case) -> Visibility:
    classes = visible_classes(actor, case)
    hidden: set[str] = set()
    notes: set[str] = set()
    for klass in _classes() or ():
        if klass.code in classes or (klass.applies_to == "child" and not case.is_child):
            continue
        hidden.update(klass.fields)
        notes.update(klass.checklist_notes)
    return Visibility(classes=classes, hidden=frozenset(hidden), hidden_notes=frozenset(notes))


def restricted():
    """The label shown instead of a hidden value, in the current language."""
    return format_html('<span class="restricted">{}</span>', RESTRICTED_LABEL)


# Properties computed from fields: hidden when any of those fields is.
DERIVED = {"registry.Person.display_name": ("given_name", "family_name")}
# Values of another model's field, named in a field of the row: a correction's old and new
# value are of the class of the person's field it corrected.
NAMED_BY = {"registry.PersonCorrection": ("field", "registry.Person", ("old_value", "new_value"))}


class Redacted:
    """A model instance for a template: hidden fields read as the "restricted" label, the rest
    (and methods, pk, relations) as they are."""

    def __init__(self, obj, visibility: Visibility):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_visibility", visibility)

    def __getattr__(self, name: str):
        obj = object.__getattribute__(self, "_obj")
        visibility = object.__getattribute__(self, "_visibility")
        if not name.startswith("_") and visibility.hides_in(obj, name):
            return restricted()
        return getattr(obj, name)

    def __setattr__(self, name, value):
        raise AttributeError("a redacted record is read-only")

    def __str__(self) -> str:
        return str(object.__getattribute__(self, "_obj"))


def name_search_cases(actor) -> Q | None:
    """The cases the actor may find by name: those whose identity they see. None: no name
    search at all (a role that may not see identity may not look a name up either)."""
    return class_cases(actor, IDENTITY)
