"""Forms of formal identification: types and choices only. The rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.core.limits import TEXT_MAX

DATETIME = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
}
DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class InterviewPlanForm(forms.Form):
    scheduled_at = forms.DateTimeField(label=_("Date and time"), **DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    parent_guardian_suspected = forms.BooleanField(
        label=_("A parent or guardian is suspected of involvement"), required=False
    )


class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    name = forms.CharField(label=_("Name"), max_length=200)
    requested_by_person = forms.BooleanField(
        label=_("Present because the person asked for it"), required=False
    )
    declaration_signed_on = forms.DateField(
        label=_("Confidentiality declaration (A1) signed on"), required=False, **DATE
    )

    def __init__(self, *args, roles, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.code, r.name.get(language)) for r in roles]


class StartForm(forms.Form):
    conditions = forms.MultipleChoiceField(
        label=_("Conditions met"), required=False, widget=forms.CheckboxSelectMultiple
    )
    rights = forms.MultipleChoiceField(
        label=_("Rights explained to the person"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, conditions, rights, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = [
            (c.code, c.name.get(language) + (" *" if c.required else "")) for c in conditions
        ]
        self.fields["rights"].choices = [(r.code, r.name.get(language)) for r in rights]


class EndForm(forms.Form):
    interruptions = forms.IntegerField(
        label=_("Interruptions"), min_value=0, max_value=50, initial=0
    )
    interrupted_by_person = forms.BooleanField(
        label=_("The person asked to interrupt"), required=False
    )
    interruption_note = forms.CharField(
        label=_("About the interruptions"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    exceedance_reason = forms.CharField(
        label=_("Why it lasted longer than the maximum"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    facts = forms.CharField(
        label=_("Facts covered"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedsForm(forms.Form):
    assessment = forms.CharField(
        label=_("In-depth needs assessment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


CONSENSUS_CHOICES = [
    ("yes", _("Yes: the group agreed")),
    ("no", _("No: the file goes to the AP")),
]


class DecisionForm(forms.Form):
    consensus = forms.ChoiceField(
        label=_("Consensus"), choices=CONSENSUS_CHOICES, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    decided_on = forms.DateField(label=_("Decided on"), **DATE)
    reasoning = forms.CharField(
        label=_("Reasoning"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    shelter = forms.CharField(label=_("Designated shelter"), required=False, max_length=300)
    notified_on = forms.DateField(label=_("The person received notice on"), required=False, **DATE)

    def __init__(self, *args, outcomes, language: str, is_child: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "—")] + [
            (o.code, o.name.get(language)) for o in outcomes
        ]
        if not is_child:
            del self.fields["shelter"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["consensus"] = data["consensus"] == "yes"
        data["outcome"] = data.get("outcome") or None
        return data


class NoticeForm(forms.Form):
    notified_on = forms.DateField(label=_("The person received notice on"), **DATE)


class ApConveneForm(forms.Form):
    scheduled_for = forms.DateTimeField(label=_("Date and time of the AP meeting"), **DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
