"""Pages of the person's rights: the export of their data and the correction of it.
Each view translates HTTP to one service call (docs/person-rights.md)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nrm.core.errors import DomainError, NotFound
from nrm.core.limits import TEXT_MAX
from nrm.registry import person_rights


class ExportForm(forms.Form):
    requester = forms.CharField(max_length=TEXT_MAX, label=gettext_lazy("Requested by"))
    requester_name = forms.CharField(
        label=gettext_lazy("Name of the requester"), required=False, max_length=200
    )
    suspected = forms.BooleanField(
        label=gettext_lazy("The requester is suspected of involvement in the trafficking"),
        required=False,
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("pdf", "PDF"), ("json", "JSON")]
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[("sq", "Shqip"), ("en", "English")]
    )


class CorrectionForm(forms.Form):
    field = forms.CharField(max_length=TEXT_MAX, label=gettext_lazy("Field"))
    value = forms.CharField(label=gettext_lazy("Correct value"), required=False, max_length=500)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000)
    requested_by = forms.CharField(max_length=TEXT_MAX, label=gettext_lazy("Requested by"))
    requested_on = forms.DateField(label=gettext_lazy("Requested on"), required=False)
    requester_suspected = forms.BooleanField(required=False)
    expected_version = forms.IntegerField(required=False)


def export_response(export: person_rights.Export) -> HttpResponse:
    if export.format == "pdf":
        response = HttpResponse(person_rights.export_pdf(export), content_type="application/pdf")
        extension = "pdf"
    else:
        body = json.dumps(export.data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        extension = "json"
    name = f"{export.reference}-person-data-{export.language}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def person_export(request, case_id: int):
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say who asked for the data and choose the format."))
        return redirect("case_detail", case_id=case_id)
    data = form.cleaned_data
    try:
        export = person_rights.person_export(
            actor=request.actor,
            case_id=case_id,
            requester=data["requester"],
            requester_name=data["requester_name"],
            suspected=data["suspected"],
            format=data["format"],
            language=data["language"],
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("case_detail", case_id=case_id)
    return export_response(export)


@login_required
@require_POST
def person_correct(request, case_id: int):
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the field, the correct value, the reason and who asked."))
        return redirect("case_detail", case_id=case_id)
    data = form.cleaned_data
    try:
        person_rights.person_correct(
            actor=request.actor,
            case_id=case_id,
            field=data["field"],
            value=data["value"],
            reason=data["reason"],
            requested_by=data["requested_by"],
            requested_on=data["requested_on"],
            requester_suspected=data["requester_suspected"],
            expected_version=data["expected_version"],
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        details = [m for ms in exc.fields.values() for m in ms]
        messages.error(request, " ".join([exc.message, *details]))
    else:
        messages.success(request, _("The correction was recorded."))
    return redirect("case_detail", case_id=case_id)
