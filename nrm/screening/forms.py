"""Forms of initial identification: types and choices only. The rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.consent.models import ActsBecause, ChildView
from nrm.core.limits import TEXT_MAX
from nrm.jurisdictions.schema import IndicatorCatalogue, InitialIdentification
from nrm.screening.models import SameGender

DECISION_CHOICES = [
    ("", _("Follow the indicators")),
    ("potential_victim", _("Potential victim (VMT), although the threshold is not reached")),
    ("none", _("Not a potential victim, although the threshold is reached")),
]


class ScreeningForm(forms.Form):
    """The indicators of one catalogue, grouped as in the SOP; child groups only when the
    person is or may be a child (the service refuses them otherwise)."""

    catalogue = forms.CharField(max_length=TEXT_MAX, widget=forms.HiddenInput)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators observed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    override = forms.ChoiceField(label=_("Your decision"), required=False, choices=DECISION_CHOICES)
    justification = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decide otherwise than the indicators suggest."),
    )

    def __init__(self, *args, catalogue: IndicatorCatalogue, groups, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.groups = groups
        self.language = language
        self.fields["catalogue"].initial = catalogue.code
        self.fields["indicators"].choices = [
            (i.code, i.text.get(language)) for g in groups for i in g.indicators
        ]

    def grouped(self):
        """[(group, [(code, text, checked)])] for the template."""
        chosen = set(self.data.getlist("indicators")) if self.is_bound else set()
        return [
            (
                g,
                g.title.get(self.language),
                [(i.code, i.text.get(self.language), i.code in chosen) for i in g.indicators],
            )
            for g in self.groups
        ]


class ChecklistForm(forms.Form):
    kind = forms.ChoiceField(choices=[("action", "action"), ("need", "need")])
    code = forms.CharField(max_length=64)
    done = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=300)


class InterviewForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    same_gender = forms.ChoiceField(
        label=_("Interviewed by persons of the same gender"),
        choices=SameGender.choices,
        initial=SameGender.YES,
    )
    conditions = forms.MultipleChoiceField(
        label=_("Conditions of the interview met"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parent_guardian_suspected = forms.BooleanField(
        label=_("A parent or guardian is suspected of involvement"), required=False
    )
    repeat_reason = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Why this interview is needed (the child has been interviewed before)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, stage: InitialIdentification, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = [
            (c.code, c.name.get(language)) for c in stage.interview_conditions
        ]


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(
        label=_("Institution or organisation"), required=False, max_length=200
    )
    # One tap for the usual case (signed now, before the interview); the date is for another day.
    signed_today = forms.BooleanField(label=_("Signed the A1 today"), required=False)
    declaration_signed_on = forms.DateField(
        label=_("Confidentiality declaration (A1) signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, roles, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.code, r.name.get(language)) for r in roles]


class ParticipantRowForm(forms.Form):
    """A participant the SOP requires, entered while planning (one row per role); a row
    left without a name is added later on the interview page."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    organisation = forms.CharField(
        label=_("Institution or organisation"), required=False, max_length=200
    )
    signed_today = forms.BooleanField(label=_("Signed the A1 today"), required=False)

    def __init__(self, *args, role, role_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.role_name = role_name


class DeclarationForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class HeldForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Held on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    subject = forms.CharField(
        label=_("Facts covered, in a few words"), required=False, max_length=300
    )
    summary = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Summary of the interview"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LogForm(forms.Form):
    at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    subject = forms.CharField(
        label=_("Facts covered, in a few words"), required=False, max_length=300
    )


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Consent to the formal interview"),
        choices=[("yes", _("Given")), ("no", _("Refused"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    # Radio buttons with none chosen: who signed is recorded, never preset (issue 13).
    given_by = forms.ChoiceField(label=_("Given by"), widget=forms.RadioSelect)
    signatory = forms.CharField(label=_("Name of the signatory"), required=False, max_length=200)
    signed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    acts_because = forms.ChoiceField(
        label=_("Why the parents do not sign"),
        required=False,
        choices=[("", "—"), *ActsBecause.choices],
        help_text=_(
            "Only when the procedural representative or the child protection worker signs."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    # A child's own view, beside the consent given for them.
    child_view = forms.ChoiceField(
        label=_("The child's own view"),
        required=False,
        choices=ChildView.choices,
        widget=forms.RadioSelect,
    )
    child_view_note = forms.CharField(
        label=_("The child's view in their words, or why the child was not asked"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, givers, language: str, is_child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].choices = [(g.code, g.name.get(language)) for g in givers]
        if not any(g.instead_of for g in givers):
            del self.fields["acts_because"]
        if not is_child:
            del self.fields["child_view"]
            del self.fields["child_view_note"]


class RequestForm(forms.Form):
    county = forms.ChoiceField(label=_("County of the formal identification group"))
    institutions = forms.MultipleChoiceField(
        label=_("Institutions of the group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Grounds for the request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpreter_needed = forms.BooleanField(label=_("An interpreter is needed"), required=False)
    placement = forms.CharField(label=_("Current placement"), required=False, max_length=200)

    def __init__(self, *args, counties, candidates, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [(c.code, c.name.get(language)) for c in counties]
        self.fields["institutions"].choices = [
            (i.code, i.name) for group in candidates.values() for i in group
        ]


class InvestigationForm(forms.Form):
    content = forms.CharField(
        max_length=TEXT_MAX,
        label=_("Information supporting investigation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Passed to the police focal point and the AP secretariat only. You will not see it "
            "again here."
        ),
    )
