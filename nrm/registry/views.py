"""Pages of the case registry. Each view translates HTTP to one selector or service call."""

import secrets
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.accounts.selectors import institution_focal_points, institution_names
from nrm.core import csvsafe
from nrm.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.jurisdictions import get_profile
from nrm.registry import doors, rules, selectors, services
from nrm.registry.audit_codes import RegistryCode
from nrm.registry.duplicates import DuplicatesFound, hidden_notice
from nrm.registry.forms import CaseFilterForm, PersonCorrectForm, PersonForm, TransitionForm
from nrm.registry.person_data import EDITABLE, may_update_person, person_update
from nrm.registry.sensitivity import case_visibility, name_search_cases

PAGE_SIZE = 25


def is_coordinator(actor) -> bool:
    """Who monitors rather than works cases (the AP secretariat, the AP head): they land on
    the dashboard of counts; everyone else on "My work" (docs/home.md)."""
    return actor.can(Capability.CASE_READ_ALL) or actor.can(Capability.DEADLINES_MONITOR)


def _sections(request, door) -> list[dict]:
    """The sections a door's contributors have for this reader, rendered in order."""
    sections = []
    for code, _app, section in door.entries():
        context = section.context(request.actor)
        if context is None:
            continue
        html = render_to_string(section.template, context, request=request)
        sections.append({"code": code.replace(".", "-"), "title": section.title, "html": html})
    return sections


@login_required
def home(request):
    """ "My work": each app's section of what the user must do today (`home_sections`)."""
    return render(
        request,
        "registry/home.html",
        {
            "sections": _sections(request, doors.home_sections),
            "coordinator": is_coordinator(request.actor),
        },
    )


@login_required
def dashboard(request):
    """The landing page: the counts for coordinators, "My work" for everyone else."""
    actor = request.actor
    if not is_coordinator(actor):
        return home(request)
    counts = selectors.case_counts(actor=actor)
    recent = selectors.case_list(actor=actor)[:10]
    return render(
        request,
        "registry/dashboard.html",
        {
            "counts": counts,
            "recent": recent,
            "total": sum(counts["stage"].values()),
            "sections": _sections(request, doors.dashboard_sections),
        },
    )


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


# Searches are posted and kept in the session under an opaque id, so the text searched
# (possibly a name) never reaches a URL, the browser's history, a Referer or an access log
# (docs/security.md, second review, finding 5). Filters (codes) stay in the URL.
SEARCHES = "nrm_searches"
SEARCHES_KEPT = 20


def _search_keep(request, q: str) -> str:
    searches = request.session.get(SEARCHES, {})
    search_id = secrets.token_urlsafe(9)
    searches[search_id] = q
    request.session[SEARCHES] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return search_id


def _query_data(request):
    """The list's parameters: the URL's filters, with the text of its search id (`s`)."""
    data = (request.POST if request.method == "POST" else request.GET).copy()
    search_id = data.pop("s", [""])[-1]
    if search_id and "q" not in data:
        data["q"] = request.session.get(SEARCHES, {}).get(search_id, "")
    data.pop("csrfmiddlewaretoken", None)
    return data


def _filters(request) -> tuple[CaseFilterForm, selectors.CaseFilters]:
    data = _query_data(request)
    form = CaseFilterForm(data or None, language=current_language())
    if not (form.is_bound and form.is_valid()):
        return form, selectors.CaseFilters()
    data = form.cleaned_data
    return form, selectors.CaseFilters(
        q=data["q"],
        stage=data["stage"],
        identification_status=data["identification_status"],
        county=data["county"],
        is_child=form.is_child_value(),
        procedure=data["procedure"],
    )


def _list_params(request, filters: selectors.CaseFilters) -> QueryDict:
    """The list's parameters for its links (pages, CSV, the address pushed to the browser):
    the filters, and a posted search as a new opaque id; a listed search keeps its id."""
    if request.method == "GET":
        params = request.GET.copy()
        params.pop("page", None)
        return params
    params = QueryDict(mutable=True)
    for key in ("stage", "procedure", "identification_status", "county"):
        if getattr(filters, key):
            params[key] = getattr(filters, key)
    if filters.is_child is not None:
        params["is_child"] = "yes" if filters.is_child else "no"
    if filters.q:
        params["s"] = _search_keep(request, filters.q)
    return params


def _list_url(params: QueryDict) -> str:
    return f"{reverse('case_list')}?{params.urlencode()}" if params else reverse("case_list")


@login_required
def case_list(request):
    form, filters = _filters(request)
    params = _list_params(request, filters)
    if request.method == "POST" and not request.htmx:
        return redirect(_list_url(params))  # post, redirect, get: no searched text in a URL
    page = selectors.case_page(
        actor=request.actor, filters=filters, number=_page_number(request), page_size=PAGE_SIZE
    )
    context = {
        "form": form,
        "page": page,
        "query": filters.q,
        # A role that may not see identity may not look names up (sensitivity classes).
        "name_search_refused": selectors.is_name_search(filters.q)
        and name_search_cases(request.actor) is None,
    }
    context["list_query"] = params
    if request.htmx:
        response = render(request, "registry/_case_table.html", context)
        if request.method == "POST":
            response["HX-Push-Url"] = _list_url(params)
        return response
    return render(request, "registry/case_list.html", context)


# The case list's CSV for people: labels in the user's language, local times (docs/home.md).
EXPORT_HEADERS = (
    gettext_lazy("Reference"),
    gettext_lazy("Identification status"),
    gettext_lazy("Stage"),
    gettext_lazy("Child"),
    gettext_lazy("County"),
    gettext_lazy("Institution"),
    gettext_lazy("Opened"),
)


def label(code: str, kind: str) -> str:
    """A profile code's name in the active language (the code itself when unknown)."""
    if not code:
        return ""
    try:
        item = getattr(get_profile(settings.NRM_JURISDICTION), kind)(code)
    except KeyError:
        return code
    return item.name.get(current_language())


def _export_row(row, institutions: dict[str, str]) -> tuple:
    reference, status, stage, is_child, county, owner, created_at = row
    return (
        reference,
        label(status, "status"),
        label(stage, "stage"),
        _("yes") if is_child else _("no"),
        label(county, "county"),
        institutions.get(owner, owner),
        csvsafe.local_datetime(datetime.fromisoformat(created_at)),
    )


@login_required
def case_export(request):
    """CSV of the visible cases under the current filters; no personal data in it."""
    _form, filters = _filters(request)
    rows = services.case_list_export(actor=request.actor, filters=filters)
    # Cases whose consent to statistics was withdrawn are not in the file (docs/consent.md).
    left_out = getattr(rows, "left_out", 0)
    if left_out:
        messages.info(
            request,
            ngettext(
                "The export left out %(n)d case whose consent to statistics was withdrawn.",
                "The export left out %(n)d cases whose consent to statistics was withdrawn.",
                left_out,
            )
            % {"n": left_out},
        )
    institutions = institution_names(codes={row[5] for row in rows})
    response = csvsafe.human_response(
        "nrm-cases.csv", EXPORT_HEADERS, (_export_row(row, institutions) for row in rows)
    )
    response["X-NRM-Left-Out"] = str(left_out)
    return response


@login_required
def case_new(request):
    if not request.actor.can(Capability.CASE_CREATE):
        raise Http404
    form = PersonForm(request.POST or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.actor,
                person=form.person_input(),
                check_duplicates=True,
                duplicate_reason=duplicate_reason_posted(request),
            )
        except DuplicatesFound as exc:
            context |= duplicates_context(request, exc.found)
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("case_detail", case_id=case.pk)
    return render(request, "registry/case_new.html", context)


def duplicate_reason_posted(request) -> str:
    """The reason given to continue past possible duplicates ("" unless continuing)."""
    if "duplicate_continue" not in request.POST:
        return ""
    return request.POST.get("duplicate_reason", "")


def duplicates_context(request, found) -> dict:
    """The warning's context (registry/_duplicates.html), shared with the new identification
    flow: the cases the user may see, that others exist, and the reason asked for."""
    continuing = "duplicate_continue" in request.POST
    return {
        "duplicates": found,
        "hidden_notice": hidden_notice(),
        "duplicate_reason": request.POST.get("duplicate_reason", ""),
        "duplicate_error": (
            _("Give the reason for opening another case, or stop.") if continuing else ""
        ),
    }


HISTORY_ROWS = 20  # the newest changes on the case page; the rest on the history page


def _panel_html(request, case, panel) -> str | None:
    context = panel.context(request, case)
    if context is None:
        return None
    return render_to_string(panel.template, {**context, "case": case}, request=request)


def _panels(request, case) -> dict[str, list[dict]]:
    """The stages' panels by slot (`registry.doors.case_panels`): rendered now, or for a
    lazy panel a closed card that fetches it when opened."""
    slots: dict[str, list[dict]] = {slot: [] for slot in doors.SLOTS}
    for code, _app, panel in doors.case_panels.entries():
        if panel.lazy:
            slots[panel.slot].append({"code": code, "lazy": True, "title": panel.title})
            continue
        html = _panel_html(request, case, panel)
        if html is not None:
            slots[panel.slot].append({"code": code, "html": html})
    return slots


def _change_options(actor, case, profile, running: dict[str, str]) -> dict:
    """What "Record a change" offers this actor: closing or reopening (the owner, the AP
    secretariat) and the AP secretariat's corrections. Status decisions have their own
    services (docs/decisions/0008-status-authority.md)."""
    closure = profile.case_closure
    closed = rules.is_closed(profile, case.stage)
    may_close = services.may_close(actor=actor, case=case, profile=profile)
    corrections = [
        k for k in services.status_kinds_for(actor=actor, profile=profile) if k.correction
    ]
    options = []
    if services.may_correct_stage(actor=actor, profile=profile) and not closed:
        options = _procedure_corrections(profile, running)
    return {
        "may_close": may_close and not closed,
        "may_reopen": may_close and closed,
        "closure_reasons": closure.reasons if closure else (),
        "correction_procedures": options,
        "status_corrections": corrections,
        "correction_statuses": [
            s.code for s in profile.identification_statuses if s.code != case.identification_status
        ]
        if corrections
        else [],
    }


def _procedure_corrections(profile, running: dict[str, str]) -> list[tuple[str, str]]:
    """The AP secretariat's corrections of a procedure: ("code:state", label), and
    ("code:", label) to stop a running one."""
    language = current_language()
    options = []
    for procedure in profile.procedures:
        name = procedure.name.get(language)
        current = running.get(procedure.code)
        for state in procedure.states:
            if state.code != current:
                options.append(
                    (f"{procedure.code}:{state.code}", f"{name} — {state.name.get(language)}")
                )
        if current is not None:
            options.append((f"{procedure.code}:", f"{name} — {_('stopped')}"))
    return options


@login_required
def case_detail(request, case_id: int):
    actor = request.actor
    try:
        case = services.case_open(actor=actor, case_id=case_id, action=RegistryCode.CASE_VIEW)
    except NotFound:
        raise Http404 from None
    profile = services.profile_of(case)
    visibility = case_visibility(actor, case)
    history = list(
        selectors.case_history(actor=actor, case=case, newest_first=True)[: HISTORY_ROWS + 1]
    )
    running = selectors.open_procedure_states(case)
    context = {
        "case": case,
        # Fields of the classes the actor may not see read as "restricted" (sensitivity).
        "person": visibility.redact(case.person),
        "hidden": visibility.by_model,
        "history": [visibility.redact(h) for h in history[:HISTORY_ROWS]],
        "history_more": len(history) > HISTORY_ROWS,
        "grants": selectors.case_grants(actor=actor, case=case),
        "can_update": actor.can(Capability.CASE_UPDATE),
        "may_update_person": may_update_person(actor=actor, case=case),
        **_change_options(actor, case, profile, running),
        "procedures": running,
        "profile": profile,
        "focal_points": institution_focal_points(institution=case.owner_institution),
        "panels": _panels(request, case),
    }
    return render(request, "registry/case_detail.html", context)


@login_required
def case_panel(request, case_id: int, code: str):
    """A lazy panel of the case page, fetched when the reader opens it (a read of the case)."""
    panel = doors.case_panels.get(code)
    if panel is None:
        raise Http404
    try:
        case = services.case_open(
            actor=request.actor, case_id=case_id, action=RegistryCode.CASE_VIEW
        )
    except NotFound:
        raise Http404 from None
    return HttpResponse(_panel_html(request, case, panel) or "")


@login_required
def case_history(request, case_id: int):
    """Every change of the case's stage and status, newest first, 100 a page."""
    try:
        case = services.case_open(
            actor=request.actor, case_id=case_id, action=RegistryCode.CASE_HISTORY
        )
    except NotFound:
        raise Http404 from None
    rows = selectors.case_history(actor=request.actor, case=case, newest_first=True)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    visibility = case_visibility(request.actor, case)
    page.object_list = [visibility.redact(h) for h in page.object_list]
    return render(request, "registry/case_history.html", {"case": case, "page": page})


def _change(actor, case_id: int, data: dict) -> None:
    """One form, four services: a status correction (or another decision the actor may
    record), closing, reopening, the AP secretariat's stage correction."""
    version = data["expected_version"]
    decision = services.DecisionRef(
        kind=data["kind"], reference=data["decision_reference"], reason=data["reason"]
    )
    if data["field"] == "identification_status":
        services.case_status_decide(
            actor=actor, case_id=case_id, to=data["to"], decision=decision, expected_version=version
        )
        return
    closure = get_profile(settings.NRM_JURISDICTION).case_closure
    if data["action"] == "close" or (closure is not None and data["to"] == closure.stage):
        services.case_close(
            actor=actor,
            case_id=case_id,
            reason_code=data["reason_code"],
            note=data["reason"],
            expected_version=version,
        )
    elif data["action"] == "reopen":
        services.case_reopen(
            actor=actor, case_id=case_id, reason=data["reason"], expected_version=version
        )
    else:
        code, _sep, state = data["to"].partition(":")
        services.procedure_correct(
            actor=actor,
            case_id=case_id,
            code=code,
            to=state,
            decision=decision,
            expected_version=version,
        )


@login_required
@require_POST
def case_exploitation(request, case_id: int):
    """Records the forms of exploitation ticked on the case page. The service checks, in
    the order every write does: the case, case.update, then the version and the codes."""
    version = request.POST.get("expected_version", "")
    try:
        services.case_exploitation_set(
            actor=request.actor,
            case_id=case_id,
            forms=request.POST.getlist("forms"),
            expected_version=int(version) if version.isdigit() else None,
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.summary() if isinstance(exc, ValidationFailed) else exc.message)
    else:
        messages.success(request, _("The forms of exploitation were recorded."))
    return redirect("case_detail", case_id=case_id)


@login_required
@require_POST
def case_status(request, case_id: int):
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new value and the reason for the change."))
        return redirect("case_detail", case_id=case_id)
    try:
        _change(request.actor, case_id, form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.summary() if isinstance(exc, ValidationFailed) else exc.message)
    else:
        messages.success(request, _("The change was recorded."))
    return redirect("case_detail", case_id=case_id)


def _person_initial(case, visibility) -> dict:
    person = visibility.redact(case.person)
    data = {name: getattr(person, name) for name in EDITABLE}
    born = case.person.date_of_birth
    data["date_of_birth"] = date.fromisoformat(born) if born else None
    return {**data, "expected_version": case.version}


@login_required
def case_person(request, case_id: int):
    """The caseworker's correction of the person's data (the owning institution, case.update):
    the person form filled with what is recorded. The AP's correction on request is
    another, recorded procedure (person_rights)."""
    actor = request.actor
    try:
        case = services.case_open(actor=actor, case_id=case_id, action=RegistryCode.CASE_VIEW)
    except NotFound:
        raise Http404 from None
    if not may_update_person(actor=actor, case=case):
        raise PermissionDenied
    visibility = case_visibility(actor, case)
    hidden = tuple(f for f in EDITABLE if visibility.hides("registry.Person", f))
    form = PersonCorrectForm(
        request.POST or None, initial=_person_initial(case, visibility), hidden=hidden
    )
    if request.method == "POST" and form.is_valid():
        try:
            _case, changed = person_update(
                actor=actor,
                case_id=case.pk,
                changes=form.changes(),
                expected_version=form.cleaned_data["expected_version"],
            )
        except NotFound:
            raise Http404 from None
        except Forbidden:
            raise PermissionDenied from None
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            if changed:
                messages.success(request, _("The person's data was corrected."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("case_detail", case_id=case.pk)
    return render(request, "registry/case_person.html", {"case": case, "form": form})
