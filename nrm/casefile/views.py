"""Pages of the case file: the panel (older notes page by page), adding a note, uploading a
document, withdrawing one, and the download. A POST from htmx gets the panel back (with
the errors, nothing saved); without JavaScript it goes back to the case page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from nrm.casefile import filetypes, panels, services
from nrm.casefile.audit_codes import CasefileCode
from nrm.casefile.selectors import document_get
from nrm.casefile.uploads import cap_uploads
from nrm.core.errors import DomainError, Forbidden, NotFound
from nrm.jurisdictions import get_profile
from nrm.registry.services import case_open

TEMPLATE = "casefile/_case_panel.html"


def _open(request, case_id: int):
    try:
        return case_open(actor=request.actor, case_id=case_id, action=CasefileCode.TIMELINE)
    except NotFound:
        raise Http404 from None


def _panel(request, case, *, status=200, page=1, **forms) -> HttpResponse:
    """The panel; `forms` (note_form, document_form) replace the empty ones, with errors."""
    context = panels.context(request, case, page=page)
    if context is None:
        raise Http404
    context.update(forms)
    html = render_to_string(TEMPLATE, {**context, "case": case}, request=request)
    return HttpResponse(html, status=status)


def _back(request, case_id: int, *, error: DomainError | None = None, done: str = ""):
    if error is not None:
        messages.error(request, error.summary())
    elif done:
        messages.success(request, done)
    return redirect(reverse("case_detail", args=[case_id]) + "#casefile")


def _field_errors(form, exc: DomainError) -> None:
    for field, found in (exc.fields or {"__all__": [exc.message]}).items():
        for message in found:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_GET
def casefile_panel(request, case_id: int):
    """The panel alone, at a page of the timeline (the "older notes" link)."""
    case = _open(request, case_id)
    return _panel(request, case, page=request.GET.get("page") or 1)


@login_required
@require_POST
def note_add(request, case_id: int):
    case = _open(request, case_id)
    context = panels.forms_for(request.actor, case, note_data=request.POST)
    form = context.get("note_form")
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.note_write(
                actor=request.actor,
                case_id=case.pk,
                noted_on=data["noted_on"],
                kind=data["kind"],
                text=data["text"],
                sensitivity=data["sensitivity"],
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            _field_errors(form, exc)
        else:
            if not request.htmx:
                return _back(request, case.pk, done=_("The note was added."))
            return _panel(request, case)
    if not request.htmx:
        return _back(request, case.pk, error=_form_error(form))
    return _panel(request, case, note_form=form)


def _form_error(form) -> DomainError:
    return DomainError(" ".join(m for found in form.errors.values() for m in found))


@csrf_exempt
@login_required
@require_POST
def document_add(request, case_id: int):
    """The upload: its bytes are received in memory and capped (`uploads`) before the body is
    read, which is why the CSRF check runs inside, after the handlers are set."""
    block = get_profile_block(request)
    cap_uploads(request, block.max_document_bytes)
    return _document_add(request, case_id)


def get_profile_block(request):
    block = get_profile(settings.NRM_JURISDICTION).casefile
    if block is None:
        raise Http404
    return block


@csrf_protect
def _document_add(request, case_id: int):
    case = _open(request, case_id)
    forms = {"document_data": request.POST, "files": request.FILES}
    form = panels.forms_for(request.actor, case, **forms).get("document_form")
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.document_upload(
                actor=request.actor,
                case_id=case.pk,
                kind=data["kind"],
                sensitivity=data["sensitivity"],
                file=data["file"],
            )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            _field_errors(form, exc)
        else:
            if not request.htmx:
                return _back(request, case.pk, done=_("The document was uploaded."))
            return _panel(request, case)
    if not request.htmx:
        return _back(request, case.pk, error=_form_error(form))
    # The file is not sent back: the reader chooses it again.
    return _panel(request, case, document_form=form)


@login_required
@require_POST
def document_withdraw(request, document_id: int):
    try:
        doc = services.document_withdraw(
            actor=request.actor, document_id=document_id, reason=request.POST.get("reason", "")
        )
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        case_id = _case_of(request, document_id)
        return _back(request, case_id, error=exc)
    if request.htmx:
        return _panel(request, _open(request, doc.case_id))
    return _back(request, doc.case_id, done=_("The document was withdrawn."))


def _case_of(request, document_id: int) -> int:
    try:
        return document_get(actor=request.actor, id=document_id).case_id
    except NotFound:
        raise Http404 from None


def download_response(doc, chunks) -> StreamingHttpResponse:
    """The bytes as an attachment, of the type decided at upload, never sniffed."""
    response = StreamingHttpResponse(
        chunks, content_type=doc.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = filetypes.content_disposition(doc.original_name or "document")
    response["Content-Length"] = str(doc.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def document_download(request, document_id: int):
    try:
        doc, chunks = services.document_open(actor=request.actor, document_id=document_id)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    return download_response(doc, chunks)
