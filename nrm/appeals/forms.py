"""Forms of the appeal pages. Choices come from the profile; services check everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.appeals.models import Outcome, Recipient, RequestKind
from nrm.core.language import current_language

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def appellant_choices(profile, case) -> list[tuple[str, str]]:
    language = current_language()
    kinds = ("child", "any") if case.is_child else ("adult", "any")
    return [
        (a.code, a.name.get(language)) for a in profile.appeals.appellants if a.applies_to in kinds
    ]


class NoticeForm(forms.Form):
    notified_on = forms.DateField(label=_("The person received notice on"), widget=DATE)


class AppealForm(forms.Form):
    appellant = forms.ChoiceField(label=_("Filed by"))
    appellant_name = forms.CharField(
        label=_("Name of the representative, parent or guardian"), required=False, max_length=200
    )
    filed_on = forms.DateField(label=_("Received at the AP secretariat on"), widget=DATE)
    arguments = forms.CharField(
        label=_("The appellant's arguments"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, profile, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appellant"].choices = appellant_choices(profile, case)


class WaiverForm(forms.Form):
    appellant = forms.ChoiceField(label=_("Waived by"))
    waived_on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, profile, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appellant"].choices = appellant_choices(profile, case)


class ReevaluationForm(forms.Form):
    filed_on = forms.DateField(label=_("Proposal sent on"), widget=DATE)
    arguments = forms.CharField(
        label=_("Why the person is sustainably reintegrated"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConveneForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("Meeting on"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("File reviewed on"), widget=DATE)


class InformationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    addressee = forms.CharField(label=_("Asked of"), max_length=300)
    text = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"))
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4}))
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=50)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=50, initial=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=50, initial=0)

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes


class DecisionNoticeForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Notified to"), choices=Recipient.choices)
    notified_on = forms.DateField(label=_("On"), widget=DATE)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CourtForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed in court on"), widget=DATE)
    court = forms.CharField(label=_("Court"), max_length=120)
    reference = forms.CharField(label=_("Court reference"), max_length=64)


class RulingForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Ruling"), choices=Outcome.choices)
    ruled_on = forms.DateField(label=_("Ruled on"), widget=DATE)
    reference = forms.CharField(label=_("Reference of the ruling"), max_length=64)
    reason = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))


class AppointmentForm(forms.Form):
    user = forms.ChoiceField(label=_("Member"))
    ministry = forms.ChoiceField(label=_("Ministry"))
    order_reference = forms.CharField(label=_("Order"), max_length=64)
    order_date = forms.DateField(label=_("Order date"), widget=DATE)
    chair = forms.BooleanField(label=_("Chairs the Commission"), required=False)
    valid_from = forms.DateField(label=_("From"), widget=DATE)
    valid_to = forms.DateField(label=_("Until"), widget=DATE, required=False)

    def __init__(self, *args, users, profile, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.fields["user"].choices = [(str(u.pk), u.username) for u in users]
        self.fields["ministry"].choices = [
            (m.code, m.name.get(language)) for m in profile.appeals.ministries
        ]
