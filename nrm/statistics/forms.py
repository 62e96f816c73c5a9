"""The publish form: which table, which period, which tier."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.statistics import catalogue

KINDS = [
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("cumulative", _("Cumulative (quarters from January)")),
    ("year", _("Year")),
]
TIERS = [("2", _("Public (suppressed)")), ("1", _("Restricted (exact, flagged)"))]


class PublishForm(forms.Form):
    code = forms.ChoiceField(label=_("Table"))
    kind = forms.ChoiceField(label=_("Period"), choices=KINDS)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("The month (1–12), the quarter (1–4) or the number of quarters."),
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=TIERS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(c, c) for c in catalogue.codes()]
