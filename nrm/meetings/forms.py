"""Forms of the meeting page. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.accounts.models import Institution

DATETIME = {"type": "datetime-local"}


class ConveneForm(forms.Form):
    """Convening a body for a case: the purposes its stage apps offer for the case now, the
    date, the place, the agenda (one item a line) and the chair among the body's members."""

    purpose = forms.ChoiceField(label=_("Purpose"), widget=forms.RadioSelect)
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda (one item a line)"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    chair = forms.TypedChoiceField(label=_("Chair"), coerce=int)

    def __init__(self, *args, purposes=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = list(purposes)
        self.fields["chair"].choices = [
            (m.user_id, f"{m.user.get_full_name() or m.user.username} · {m.institution.name}")
            for m in members
        ]


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    held_at = forms.DateTimeField(
        label=_("Held on"),
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, attendees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(a.pk, a.label) for a in attendees]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Reasoning"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=1000)
    votes_against = forms.IntegerField(
        label=_("Votes against"), min_value=0, max_value=1000, initial=0, required=False
    )
    abstentions = forms.IntegerField(
        label=_("Abstentions"), min_value=0, max_value=1000, initial=0, required=False
    )

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list(outcomes)
        for name in ("votes_for", "votes_against", "abstentions"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        for name in ("votes_against", "abstentions"):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data


class MinutesForm(forms.Form):
    reference = forms.CharField(label=_("Minutes number"), max_length=64, required=False)
    minutes = forms.CharField(
        label=_("Minutes (procesverbal)"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class TaskForm(forms.Form):
    institution_id = forms.TypedChoiceField(label=_("Institution"), coerce=int)
    text = forms.CharField(
        label=_("Task"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution_id"].choices = [("", "—")] + [
            (i.pk, i.name) for i in Institution.objects.filter(is_active=True).order_by("name")
        ]


class TaskDoneForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
