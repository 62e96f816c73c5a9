"""Forms of the plans' pages. Choices come from the profile; the services check everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.core.language import current_language
from nrm.plans import selectors
from nrm.plans.models import DecisionOutcome, ItemStatus

DATE = forms.DateInput(attrs={"type": "date"})


def _institutions(case):
    return [("", "—")] + [(str(i.pk), i.name) for i in selectors.institution_choices(case)]


def _domains(profile):
    language = current_language()
    return [(d.code, d.name.get(language)) for d in profile.plans.assessment.domains]


class AssessmentForm(forms.Form):
    """The C4/C5: one row per domain of the profile (need, level, notes), then who took
    part and the person's views. Rows are named `<domain>-need`, `-level`, `-notes`."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    person_participated = forms.BooleanField(label=_("The person took part"), required=False)
    guardian_participated = forms.BooleanField(
        label=_("The parent or guardian took part"), required=False
    )
    views = forms.CharField(
        label=_("The person's own views"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, profile, case, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.domains = []
        levels = [("", "—")] + [
            (lv.code, lv.name.get(language)) for lv in profile.plans.assessment.levels
        ]
        for d in profile.plans.assessment.domains:
            self.fields[f"{d.code}-need"] = forms.BooleanField(
                label=_("Need found"), required=False
            )
            self.fields[f"{d.code}-level"] = forms.ChoiceField(
                label=_("Level"), choices=levels, required=False
            )
            self.fields[f"{d.code}-notes"] = forms.CharField(
                label=_("Notes"),
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.domains.append(d)
        if not case.is_child:
            del self.fields["guardian_participated"]

    def rows(self):
        language = current_language()
        return [
            (
                d.code,
                d.name.get(language),
                self[f"{d.code}-need"],
                self[f"{d.code}-level"],
                self[f"{d.code}-notes"],
            )
            for d in self.domains
        ]

    def findings(self) -> list:
        from nrm.plans.services import FindingIn

        data = self.cleaned_data
        return [
            FindingIn(
                domain=d.code,
                need_found=bool(data.get(f"{d.code}-need")),
                level=data.get(f"{d.code}-level") or "",
                notes=data.get(f"{d.code}-notes") or "",
            )
            for d in self.domains
        ]


class PlanStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Plan"))
    template = forms.ChoiceField(label=_("Start from"), required=False)

    def __init__(self, *args, case, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.fields["kind"].choices = [(k.code, k.name.get(language)) for k in kinds]
        templates = {}
        for k in kinds:
            for t in selectors.templates_for(case, k.code):
                templates[t.code] = t.name.get(language)
        self.fields["template"].choices = [("", _("An empty plan")), *templates.items()]


class ItemForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"))
    action = forms.CharField(
        label=_("Action"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    institution_id = forms.TypedChoiceField(
        label=_("Responsible institution"), coerce=int, required=False, empty_value=None
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    referral_id = forms.TypedChoiceField(
        label=_("Referral"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, profile, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = _domains(profile)
        self.fields["institution_id"].choices = _institutions(case)
        referrals = selectors.case_referrals(case)
        if referrals:
            self.fields["referral_id"].choices = [("", "—")] + [
                (str(r.pk), f"{r.to_institution.name} · {r.get_status_display()}")
                for r in referrals
            ]
        else:
            del self.fields["referral_id"]


class ItemEditForm(ItemForm):
    status = forms.ChoiceField(label=_("State"), choices=ItemStatus.choices)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The AP's decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reference = forms.CharField(label=_("Decision reference"), required=False, max_length=64)
    note = forms.CharField(
        label=_("Reasoning and changes asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
