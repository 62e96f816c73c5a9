"""The action plans' forms: they check shapes; the services check rules."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    code = forms.SlugField(label=_("Plan code"), max_length=64)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("Action-plan file (JSON)"))


class MapForm(forms.Form):
    name = forms.CharField(label=_("Name in the plan"), max_length=200)
    institution = forms.IntegerField(label=_("Institution"))


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4)


class ActivityForm(forms.Form):
    description = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    indicators = forms.CharField(
        label=_("Measurable indicators"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    verification = forms.CharField(
        label=_("Means of verification"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    timeframe_text = forms.CharField(label=_("Timeframe"), max_length=100, required=False)
    live_indicator = forms.ChoiceField(label=_("Live indicator"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["live_indicator"].choices = [("", "—"), *indicators]


class ReportForm(forms.Form):
    period = forms.IntegerField(label=_("Period"))
    status = forms.ChoiceField(label=_("Status"))
    narrative = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000
    )
    indicator_value = forms.CharField(label=_("Indicator value"), max_length=200, required=False)
    evidence = forms.FileField(label=_("Evidence (document)"), required=False)

    def __init__(self, *args, statuses=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(statuses)
        self.fields["period"].widget = forms.Select(choices=list(periods))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for correction"))],
    )
    note = forms.CharField(label=_("Note"), max_length=20_000, required=False)


class ObjectiveForm(forms.Form):
    text = forms.CharField(
        label=_("Objective"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    weight = forms.DecimalField(
        label=_("Weight (ripple model)"), min_value=0, max_value=100, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)
