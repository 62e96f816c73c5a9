"""Forms of the emergency panel, one per step. Choices come from the profile; the services
check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.accounts.models import Institution
from nrm.core.language import current_language
from nrm.core.pickers import CitizenshipField
from nrm.emergency.models import Decision, Outcome

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT = {"widget": DATETIME, "input_formats": ["%Y-%m-%dT%H:%M"], "required": False}


def _named(items) -> list[tuple[str, str]]:
    language = current_language()
    return [(i.code, i.name.get(language)) for i in items]


def _institutions(types) -> list[tuple[str, str]]:
    rows = Institution.objects.filter(is_active=True).order_by("name")
    if types is not None:
        rows = rows.filter(type__in=list(types))
    return [("", "—")] + [(str(i.pk), i.name) for i in rows.only("pk", "name")]


class StepForm(forms.Form):
    def __init__(self, *args, rules=None, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules, self.case = rules, case
        self.setup()

    def setup(self) -> None:
        pass

    def data_for_service(self) -> dict:
        return dict(self.cleaned_data)


class InitiateForm(StepForm):
    initiated_at = forms.DateTimeField(label=_("Initiated at (empty: now)"), **MOMENT)
    grounds = forms.CharField(
        label=_("The high and immediate risk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InformForm(StepForm):
    informed_at = forms.DateTimeField(label=_("Informed at (empty: now)"), **MOMENT)


class DecideForm(StepForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    director_role = forms.ChoiceField(label=_("Decided by"))
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self):
        self.fields["director_role"].choices = _named(self.rules.director_roles)


class PlaceForm(StepForm):
    kind = forms.ChoiceField(label=_("Alternative care"))
    placed_on = forms.DateField(label=_("Placed on"), widget=DATE)
    institution_id = forms.TypedChoiceField(
        label=_("Institution"), coerce=int, empty_value=None, required=False
    )
    municipality = forms.CharField(
        label=_("Municipality (never an address)"), required=False, max_length=80
    )

    def setup(self):
        self.fields["kind"].choices = _named(self.rules.placements)
        types = {t for p in self.rules.placements for t in p.institution_types}
        self.fields["institution_id"].choices = _institutions(types)


class GtnForm(StepForm):
    requested_at = forms.DateTimeField(label=_("Requested at (empty: now)"), **MOMENT)
    gtn_institution_id = forms.TypedChoiceField(
        label=_("GTN"), coerce=int, empty_value=None, required=False
    )

    def setup(self):
        self.fields["gtn_institution_id"].choices = _institutions(self.rules.gtn_institution_types)


class PoliceForm(StepForm):
    contacted_on = forms.DateField(label=_("Contacted on"), widget=DATE)
    police_institution_id = forms.TypedChoiceField(
        label=_("Police"), coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def setup(self):
        self.fields["police_institution_id"].choices = _institutions(
            self.rules.police_institution_types
        )


class ChangeDraftForm(StepForm):
    kind = forms.ChoiceField(label=_("Placement with"))
    drafted_on = forms.DateField(label=_("Drafted on"), widget=DATE)

    def setup(self):
        self.fields["kind"].choices = _named([p for p in self.rules.placements if p.family])


class ChangeApproveForm(StepForm):
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)
    director_role = forms.ChoiceField(label=_("Approved by"))

    def setup(self):
        self.fields["director_role"].choices = _named(self.rules.director_roles)


class ChangeSendForm(StepForm):
    sent_on = forms.DateField(label=_("Sent to court on"), widget=DATE)


class ChangeRuleForm(StepForm):
    decision = forms.ChoiceField(label=_("The court's decision"), choices=Decision.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reference = forms.CharField(label=_("Reference of the decision"), required=False)


class NonResponseForm(StepForm):
    institution_id = forms.TypedChoiceField(label=_("Institution not responding"), coerce=int)
    asked = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 2}))
    since = forms.DateField(label=_("Without an answer since"), widget=DATE)

    def setup(self):
        self.fields["institution_id"].choices = _institutions(None)


class TargetForm(StepForm):
    """A step on one record of the case (its id in `target`)."""

    target = forms.IntegerField(widget=forms.HiddenInput)


class EscalateForm(TargetForm):
    pass


class PermitForm(StepForm):
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE)


class PermitDecideForm(TargetForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reference = forms.CharField(label=_("Reference of the act"), required=False)


class MissionForm(StepForm):
    country = CitizenshipField(label=_("Country of the mission"), countries_only=True)
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE)

    def setup(self):
        citizenship = self.case.person.citizenship if self.case is not None else ""
        if len(citizenship) == 2 and not self.is_bound:  # a country, not stateless or unknown
            self.initial.setdefault("country", citizenship)


class MissionAnswerForm(TargetForm):
    outcome = forms.ChoiceField(label=_("Answer"), choices=Outcome.choices)
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)


class EmptyForm(StepForm):
    pass


class ReflectionForm(StepForm):
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)


class ExtendForm(StepForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
