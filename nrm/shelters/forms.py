"""Forms of the shelter pages. Choices come from the profile and the caller's centre;
services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.core.language import current_language
from nrm.shelters import rules as shelter_rules

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT = {"widget": DATETIME, "input_formats": ["%Y-%m-%dT%H:%M"], "required": False}


def _named(items) -> list[tuple[str, str]]:
    language = current_language()
    return [(i.code, i.name.get(language)) for i in items]


def _users(users) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(u.pk), u.get_full_name() or u.username) for u in users]


class AdmissionForm(forms.Form):
    service = forms.ChoiceField(label=_("Service (beds free / beds)"))
    referral = forms.ChoiceField(label=_("Referral it follows"), required=False)
    admitted_at = forms.DateTimeField(label=_("Admitted at (empty: now)"), **MOMENT)
    information_given = forms.MultipleChoiceField(
        label=_("Information given"), widget=forms.CheckboxSelectMultiple, required=False
    )
    basic_needs = forms.MultipleChoiceField(
        label=_("Basic needs met"), widget=forms.CheckboxSelectMultiple, required=False
    )
    agreement_signed = forms.BooleanField(
        label=_("The declaration of agreement (C2) is signed"), required=False
    )
    caseworker = forms.ChoiceField(label=_("Case worker"), required=False)

    def __init__(self, *args, rules, case, services, referrals, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            (str(s.pk), f"{s.name} ({s.capacity.available}/{s.capacity.maximum})") for s in services
        ]
        self.fields["referral"].choices = [("", "—")] + [
            (str(r.pk), f"{r.created_at:%d.%m.%Y} · {r.from_institution.name}") for r in referrals
        ]
        self.fields["information_given"].choices = _named(
            shelter_rules.items_for(rules.information_items, is_child=case.is_child)
        )
        self.fields["basic_needs"].choices = _named(
            shelter_rules.items_for(rules.basic_needs, is_child=case.is_child)
        )
        self.fields["caseworker"].choices = _users(caseworkers)

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        return {
            "service_id": int(d["service"]),
            "referral_id": int(d["referral"]) if d.get("referral") else None,
            "admitted_at": d.get("admitted_at"),
            "information_given": d.get("information_given") or [],
            "basic_needs": d.get("basic_needs") or [],
            "agreement_signed": d.get("agreement_signed", False),
            "caseworker_id": int(d["caseworker"]) if d.get("caseworker") else None,
        }


class MedicalForm(forms.Form):
    examined_on = forms.DateField(label=_("Examined on"), widget=DATE)
    examined_by = forms.CharField(
        label=_("Examined by (the centre's doctor, a health centre…)"), max_length=120
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseworkerForm(forms.Form):
    user_id = forms.ChoiceField(label=_("Case worker"))

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = _users(caseworkers)[1:]


class ExitForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for leaving"))
    exited_at = forms.DateTimeField(label=_("Left at (empty: now)"), **MOMENT)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = _named(rules.exit_reasons)


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Incident"))
    occurred_at = forms.DateTimeField(label=_("When (empty: now)"), **MOMENT)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rules, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _named(
            k
            for k in rules.incident_kinds
            if shelter_rules.applies(k.applies_to, is_child=case.is_child)
        )


class NotifyForm(forms.Form):
    police_complaint_on = forms.DateField(
        label=_("Complaint filed with the police on"), widget=DATE, required=False
    )
    police_complaint_reference = forms.CharField(
        label=_("Complaint reference"), max_length=64, required=False
    )
