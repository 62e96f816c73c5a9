"""Forms of the consent section of the case page. Choices come from the profile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.consent.models import ActsBecause
from nrm.core.pickers import CitizenshipField
from nrm.jurisdictions.schema import ConsentRules

YES_NO = [("yes", _("Given")), ("no", _("Refused or withdrawn"))]


def _yes(value: str) -> bool:
    return value == "yes"


class ConsentRecordForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"))
    given = forms.TypedChoiceField(
        label=_("Consent"), choices=YES_NO, coerce=_yes, widget=forms.RadioSelect
    )
    institution = forms.ChoiceField(
        label=_("Institution (sharing)"),
        required=False,
        help_text=_("For sharing: the institution named in the consent."),
    )
    country = CitizenshipField(
        label=_("Country (transfer abroad)"),
        required=False,
        countries_only=True,
        help_text=_("For a transfer abroad: type part of the country's name."),
    )
    given_by = forms.ChoiceField(label=_("Given by"))
    signatory = forms.CharField(label=_("Name of the signatory"), required=False, max_length=200)
    form = forms.ChoiceField(label=_("Form"), required=False)
    signed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    acts_because = forms.ChoiceField(
        label=_("Why the parents do not sign"),
        required=False,
        choices=[("", "—"), *ActsBecause.choices],
        help_text=_(
            "Only when the procedural representative or the child protection worker signs."
        ),
    )

    def __init__(self, *args, rules: ConsentRules, institutions, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [(p.code, p.name.get(language)) for p in rules.purposes]
        self.fields["given_by"].choices = [(g.code, g.name.get(language)) for g in rules.givers]
        self.fields["form"].choices = [("", "—")] + [
            (f.code, f"{f.number}. {f.name.get(language)}" if f.number else f.name.get(language))
            for f in rules.forms
        ]
        self.fields["institution"].choices = [("", "—")] + [(i.code, i.name) for i in institutions]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signed_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SuspicionForm(forms.Form):
    giver = forms.ChoiceField(label=_("Parent or guardian"))
    suspected = forms.TypedChoiceField(
        label=_("Suspected of involvement in the trafficking"),
        choices=[("yes", _("Yes")), ("no", _("No longer"))],
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, rules: ConsentRules, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["giver"].choices = [
            (g.code, g.name.get(language)) for g in rules.givers if g.excluded_if_suspected
        ]
