"""Pages of the exchange: the HTCDS download of a case, the upload that opens a case from an
HTCDS document, and the CTDC extract for the AP secretariat and coordinators."""

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from nrm.accounts.capabilities import Capability
from nrm.core.errors import DomainError, NotFound
from nrm.exchange import htcds, services
from nrm.exchange.audit_codes import ExchangeCode
from nrm.exchange.error_codes import ExchangeError
from nrm.registry.services import case_open

MAX_DOCUMENT_BYTES = 1_000_000


@login_required
@require_GET
def htcds_download(request, case_id: int):
    try:
        case = case_open(actor=request.actor, case_id=case_id, action=ExchangeCode.HTCDS_EXPORTED)
    except NotFound:
        raise Http404 from None
    response = JsonResponse(
        htcds.document(actor=request.actor, case=case), json_dumps_params={"indent": 2}
    )
    # The reference, never a name, in the file's name.
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-htcds.json"'
    return response


class ImportForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("HTCDS v2.0 document (JSON)"),
        help_text=gettext_lazy("One case, as another system exports it: a JSON object."),
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than allowed."))
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError(ExchangeError.NOT_JSON.label) from None


@login_required
@require_http_methods(["GET", "POST"])
def htcds_import(request):
    if not request.actor.can(Capability.CASE_CREATE):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_import_htcds(
                actor=request.actor, document=form.cleaned_data["document"]
            )
        except DomainError as exc:
            problems = [f"{k}: {m}" for k, found in exc.fields.items() for m in found] or [
                exc.message
            ]
        else:
            return redirect("case_detail", case.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "exchange/htcds_import.html", {"form": form, "problems": problems}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def ctdc_extract(request):
    """GET: what the extract is. POST: the extract is made (an audit event); `format`
    csv or json downloads the file or its report, otherwise the page shows the report."""
    if not request.actor.can(Capability.CASE_READ_ALL):
        raise Http404
    if request.method == "GET":
        return render(request, "exchange/ctdc.html", {"report": None})
    extract = services.ctdc_extract(actor=request.actor)
    kind = request.POST.get("format", "")
    if kind == "csv":
        response = HttpResponse(extract.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nrm-ctdc.csv"'
        return response
    if kind == "json":
        response = JsonResponse(extract.report(), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="nrm-ctdc.report.json"'
        return response
    return render(request, "exchange/ctdc.html", {"report": extract.report()})
