"""Forms of the referral pages. Choices come from the profile; the services check everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.consent.rules import givers_for
from nrm.core.language import current_language

CONSENT_FORM = "general"


def need_choices(profile) -> list[tuple[str, str]]:
    language = current_language()
    return [("", "—")] + [(n.code, n.name.get(language)) for n in profile.service_needs]


class ReferForm(forms.Form):
    need = forms.ChoiceField(label=_("Need"))
    service = forms.IntegerField(widget=forms.HiddenInput, required=False)
    consent = forms.BooleanField(
        label=_("The person consents to share the case with the receiving institution"),
        required=False,
    )
    consent_given_by = forms.ChoiceField(label=_("Consent given by"), required=False)
    emergency = forms.BooleanField(label=_("Emergency referral (now)"), required=False)
    note = forms.CharField(
        label=_("Note for the receiving institution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, profile, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = need_choices(profile)
        language = current_language()
        choices = [("", _("Consent already recorded in the consent registry"))]
        if profile.consent is not None and profile.referrals is not None:
            choices += [
                (g.code, g.name.get(language))
                for g in givers_for(
                    profile.consent,
                    purpose=profile.referrals.consent_purpose,
                    form=CONSENT_FORM,
                    is_child=case.is_child,
                )
            ]
        self.fields["consent_given_by"].choices = choices


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
