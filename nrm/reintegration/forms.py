"""Forms of the reintegration pages. Choices come from the profile; services check
everything (a form only shapes the input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.core.language import current_language
from nrm.reintegration.models import LineStatus

DATE = forms.DateInput(attrs={"type": "date"})
MET = [("yes", _("Met")), ("no", _("Not met"))]


class ReportForm(forms.Form):
    """The D2: the month, the date, the progress of each plan item (fields added per item),
    the situation per domain, risks and each criterion."""

    period = forms.TypedChoiceField(label=_("Month"), coerce=int)
    reported_on = forms.DateField(label=_("Date of the report"), widget=DATE)
    summary = forms.CharField(
        label=_("Progress in the period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risks = forms.CharField(
        label=_("Risks and incidents"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision_needed = forms.BooleanField(label=_("The plan needs revising"), required=False)

    def __init__(self, *args, rules, periods, items=(), item_statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.fields["period"].choices = periods
        self.item_keys = []
        for item in items:
            key = f"item_{item['id']}"
            self.fields[f"{key}_status"] = forms.ChoiceField(
                label=item["label"], choices=item_statuses, initial=item.get("status")
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=4000
            )
            self.item_keys.append((item["id"], key))
        self.domain_keys = []
        for d in rules.domains:
            key = f"situation_{d.code}"
            self.fields[key] = forms.CharField(
                label=d.name.get(language),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.domain_keys.append((d.code, key))
        self.criterion_keys = []
        for c in rules.criteria:
            key = f"criterion_{c.code}"
            self.fields[key] = forms.ChoiceField(
                label=c.name.get(language), choices=MET, widget=forms.RadioSelect
            )
            self.criterion_keys.append((c.code, key))

    def item_fields(self):
        return [(self[f"{key}_status"], self[f"{key}_note"]) for _id, key in self.item_keys]

    def domain_fields(self):
        return [self[key] for _code, key in self.domain_keys]

    def criterion_fields(self):
        return [self[key] for _code, key in self.criterion_keys]


class ProposalForm(forms.Form):
    proposed_on = forms.DateField(label=_("Date"), widget=DATE)
    reasoning = forms.CharField(
        label=_("Why the person is sustainably reintegrated"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why monitoring ends"), max_length=2000)


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"))
    institution = forms.TypedChoiceField(label=_("Responsible institution"), coerce=int)
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)

    def __init__(self, *args, kinds, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["institution"].choices = institutions


class LineStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=LineStatus.choices[1:])
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
