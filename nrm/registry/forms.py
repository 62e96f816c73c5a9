from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nrm.core.limits import TEXT_MAX
from nrm.core.pickers import CitizenshipField, LanguagesField
from nrm.jurisdictions import get_profile
from nrm.registry.models import Sex
from nrm.registry.rules import LANGUAGES_MAX, PersonInput


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_(
            "Case reference (e.g. AL-2026-000123), or the person's given or family name, or "
            "both in any order"
        ),
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    procedure = forms.ChoiceField(label=_("Procedure under way"), required=False)
    identification_status = forms.ChoiceField(label=_("Identification status"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    is_child = forms.ChoiceField(
        label=_("Child"),
        required=False,
        choices=[("", _("All")), ("yes", _("Children")), ("no", _("Adults"))],
    )

    def __init__(self, *args, language: str = "sq", **kwargs):
        super().__init__(*args, **kwargs)
        profile = get_profile(settings.NRM_JURISDICTION)
        every = [("", _("All"))]
        self.fields["stage"].choices = every + [
            (s.code, s.name.get(language)) for s in profile.stages
        ]
        self.fields["procedure"].choices = every + [
            (p.code, p.name.get(language)) for p in profile.procedures
        ]
        self.fields["identification_status"].choices = every + [
            (s.code, s.name.get(language)) for s in profile.identification_statuses
        ]
        self.fields["county"].choices = every + [
            (c.code, c.name.get(language)) for c in profile.counties
        ]

    def is_child_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("is_child") or "")


class PersonForm(forms.Form):
    """Types only; the rules (future dates, age range, codes) are the service's."""

    given_name = forms.CharField(label=_("Given name"), required=False, max_length=100)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=100)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    estimated_age = forms.IntegerField(
        label=_("Estimated age"), required=False, help_text=_("When the date of birth is not known")
    )
    appears_to_be_child = forms.BooleanField(
        label=_("Appears to be a child"),
        required=False,
        help_text=_(
            "A person who may be a child is treated as a child until the age is determined."
        ),
    )
    # Chosen by name (in the page's language); the code is stored (nrm.core.pickers).
    citizenship = CitizenshipField(
        label=_("Citizenship"),
        required=False,
        help_text=_("Type part of the name; also “Stateless” or “Citizenship unknown”."),
    )
    languages = LanguagesField(
        label=_("Languages"),
        required=False,
        max_items=LANGUAGES_MAX,
        help_text=_("Type part of a language's name; one box per language."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)

    def person_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            given_name=data["given_name"],
            family_name=data["family_name"],
            sex=data["sex"],
            date_of_birth=data["date_of_birth"],
            estimated_age=data["estimated_age"],
            appears_to_be_child=data["appears_to_be_child"],
            citizenship=data["citizenship"],
            languages=data["languages"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
        )


class TransitionForm(forms.Form):
    """The case page's "Record a change": close or reopen (the owner, the AP secretariat), and
    the AP secretariat's corrections of a stage or a status. The services decide who may."""

    field = forms.ChoiceField(
        choices=[("stage", _("Stage")), ("identification_status", _("Identification status"))],
        widget=forms.HiddenInput,
    )
    action = forms.ChoiceField(
        required=False,
        choices=[
            ("", ""),
            ("close", _("Close")),
            ("reopen", _("Reopen")),
            ("correct", _("Correct")),
        ],
        widget=forms.HiddenInput,
    )
    # A status, or for a procedure's correction "procedure:state" ("procedure:" stops it).
    to = forms.CharField(label=_("New value"), required=False, max_length=66)
    kind = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    reason_code = forms.CharField(label=_("Reason for closing"), required=False, max_length=32)
    reason = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Reason or decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"), required=False, max_length=64
    )
    # The case version the page showed: a later change by someone else is a conflict, and a
    # form without it saves nothing.
    expected_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PersonCorrectForm(PersonForm):
    """The caseworker's correction of the person's data: the person form, filled with what
    is recorded, and the case version the page showed (docs/person-rights.md)."""

    expected_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, hidden: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for name in hidden:  # a field the reader may not see is not offered
            self.fields.pop(name, None)

    def changes(self) -> dict:
        every = self.person_input().__dict__
        return {name: value for name, value in every.items() if name in self.fields}

    def person_input(self) -> PersonInput:
        data = {**_EMPTY_PERSON, **self.cleaned_data}
        return PersonInput(**{name: data[name] for name in PersonInput.__dataclass_fields__})


_EMPTY_PERSON = dict.fromkeys(PersonInput.__dataclass_fields__)
