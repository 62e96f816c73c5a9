"""The forms of the case file's panel. They render and carry the input; the services check
it (one set of rules for the pages and the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nrm.casefile import filetypes


class NoteForm(forms.Form):
    noted_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label=_("Kind"))
    sensitivity = forms.ChoiceField(label=_("Sensitivity"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, kinds, classes, max_chars: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["sensitivity"].choices = classes
        self.fields["text"].widget.attrs["maxlength"] = max_chars


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"))
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, kinds, classes, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["sensitivity"].choices = [("", _("As the kind of document")), *classes]
        accept = ",".join(
            [filetypes.TYPES[t].content_type for t in types]
            + [f".{ext}" for t in types for ext in filetypes.TYPES[t].extensions]
        )
        self.fields["file"].widget.attrs["accept"] = accept


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)
