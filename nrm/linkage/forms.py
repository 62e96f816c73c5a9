"""The reviewer's forms. They render and carry the input; the services check it (one set of
rules for the pages and the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.linkage.models import LinkDecision


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=LinkDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for undoing"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
