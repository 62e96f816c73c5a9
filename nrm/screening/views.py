"""Pages of initial identification. Each view translates HTTP to selectors and services.

The "new identification" flow: person → indicators (live count against the threshold)
→ the case's identification page (required actions, basic needs, interview, consent, A5).
Nothing is saved until the screening is submitted; then the case and its screening are
created together.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core import clock
from nrm.core.errors import DomainError, NotFound, ValidationFailed
from nrm.core.language import current_language
from nrm.jurisdictions import get_profile
from nrm.registry import rules as registry_rules
from nrm.registry.duplicates import DuplicatesFound, duplicates_find
from nrm.registry.forms import PersonForm
from nrm.registry.selectors import case_get
from nrm.registry.sensitivity import INVESTIGATION, case_visibility
from nrm.registry.services import case_open, profile_of
from nrm.registry.views import duplicate_reason_posted, duplicates_context
from nrm.screening import pdf, rules, selectors, services
from nrm.screening.audit_codes import ScreeningCode
from nrm.screening.forms import (
    ConsentForm,
    DeclarationForm,
    HeldForm,
    InterviewForm,
    InvestigationForm,
    LogForm,
    ParticipantForm,
    ParticipantRowForm,
    RequestForm,
    ScreeningForm,
)


def _to_form(form, exc: ValidationFailed, prefix: str = "") -> None:
    for field, errors in exc.fields.items():
        name = field[len(prefix) :] if prefix and field.startswith(prefix) else field
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _open(request, case_id: int, action: str):
    try:
        return case_open(actor=request.actor, case_id=case_id, action=action)
    except NotFound:
        raise Http404 from None


def _catalogue(profile, code: str | None):
    """The newest version of the named catalogue, or of the profile's first one."""
    catalogues = profile.indicator_catalogues
    found = [c for c in catalogues if c.code == code] or [
        c for c in catalogues if c.code == catalogues[0].code
    ]
    return max(found, key=lambda c: c.version)


def _screening_form(data, *, profile, is_child: bool, catalogue_code: str | None = None):
    catalogue = _catalogue(profile, catalogue_code)
    groups = rules.offered_groups(catalogue, is_child=is_child)
    return ScreeningForm(data, catalogue=catalogue, groups=groups, language=current_language())


# --- new identification -----------------------------------------------------------------


@login_required
def identification_new(request):
    actor = request.actor
    if not actor.can(Capability.CASE_CREATE):
        raise Http404
    profile = get_profile(settings.NRM_JURISDICTION)
    step = request.POST.get("step", "person")
    person_form = PersonForm(request.POST or None, prefix="person")
    catalogues = sorted({c.code for c in profile.indicator_catalogues})
    first = {"person_form": person_form, "catalogues": catalogues}
    if request.method != "POST" or not person_form.is_valid():
        return render(request, "screening/new_person.html", first)
    try:
        person = registry_rules.validate_person(
            person_form.person_input(), profile=profile, today=clock.today()
        )
    except ValidationFailed as exc:
        _to_form(person_form, exc)
        return render(request, "screening/new_person.html", first)
    # Possible existing records, before anything else (docs/duplicate-warning.md): the
    # reason given here goes with the next step and is checked again when the case opens.
    if step == "person":
        reason = duplicate_reason_posted(request)
        found = duplicates_find(actor=actor, person=person, profile=profile)
        if found and not reason.strip():
            return render(
                request, "screening/new_person.html", first | duplicates_context(request, found)
            )
    else:
        reason = request.POST.get("duplicate_reason", "")
    is_child = registry_rules.is_child(person, profile=profile, today=clock.today())
    form = _screening_form(
        request.POST if step == "screening" else None,
        profile=profile,
        is_child=is_child,
        catalogue_code=request.POST.get("catalogue"),
    )
    if step == "screening" and form.is_valid():
        data = form.cleaned_data
        try:
            case, _screening = services.identification_start(
                actor=actor,
                person=person,
                catalogue=data["catalogue"],
                indicators=data["indicators"],
                notes=data["notes"],
                override=data["override"] or None,
                justification=data["justification"],
                check_duplicates=True,
                duplicate_reason=reason,
            )
        except DuplicatesFound as exc:  # found since the first step
            return render(
                request,
                "screening/new_person.html",
                first | duplicates_context(request, exc.found),
            )
        except ValidationFailed as exc:
            _to_form(form, exc, prefix="screening.")
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return _step_redirect(case.pk, "actions")
    return render(
        request,
        "screening/new_screening.html",
        {
            "person_form": person_form,
            "form": form,
            "is_child": is_child,
            "is_foreign": rules.is_foreign(person.citizenship, profile=profile),
            "needs_interpreter": rules.needs_interpreter(person.languages, profile=profile),
            "threshold": profile.potential_victim_threshold,
            "duplicate_reason": reason,
        },
    )


@login_required
def screening_new(request, case_id: int):
    """Screening of a case already open (one opened without indicators, or re-screening)."""
    case = _open(request, case_id, ScreeningCode.SCREENING_FORM)
    profile = profile_of(case)
    form = _screening_form(
        request.POST or None,
        profile=profile,
        is_child=case.is_child,
        catalogue_code=request.POST.get("catalogue"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_submit(
                actor=request.actor,
                case_id=case.pk,
                catalogue=data["catalogue"],
                indicators=data["indicators"],
                notes=data["notes"],
                override=data["override"] or None,
                justification=data["justification"],
            )
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The screening was recorded."))
            return redirect("identification_detail", case_id=case.pk)
    return render(
        request,
        "screening/screening_form.html",
        {"case": case, "form": form, "threshold": profile.potential_victim_threshold},
    )


# --- the case's identification page -----------------------------------------------------


def _giver_name(profile, consent, language: str) -> str:
    if consent is None or profile.consent is None:
        return ""
    try:
        return profile.consent.giver(consent.given_by).name.get(language)
    except KeyError:
        return consent.given_by


# The identification page shows one step at a time (`?step=`), each with its "next step"
# button, or every section at once without one (the overview).
STEPS = ("actions", "interview", "consent")


def _step_redirect(case_id: int, step: str, anchor: str = ""):
    url = reverse("identification_detail", args=[case_id])
    return redirect(f"{url}?step={step}{anchor}")


@login_required
def identification_detail(request, case_id: int):
    case = _open(request, case_id, ScreeningCode.IDENTIFICATION_VIEW)
    return render(request, "screening/detail.html", _detail_context(request, case))


def _detail_context(request, case, consent_form: ConsentForm | None = None) -> dict:
    actor = request.actor
    profile = profile_of(case)
    language = current_language()
    person = selectors.person_of(case, profile)
    consent = selectors.a2_current(actor=actor, case=case)
    givers = selectors.a2_givers(profile=profile, is_child=case.is_child)
    # Fields of the classes the actor may not see read as "restricted" (sensitivity).
    visibility = case_visibility(actor, case)
    redact = visibility.redact
    context = {
        "case": case,
        "profile": profile,
        "is_foreign": person.is_foreign,
        "needs_interpreter": person.needs_interpreter,
        "hidden": visibility.by_model,
        "screenings": [redact(s) for s in selectors.screening_list(actor=actor, case=case)],
        "checklist": selectors.checklist(actor=actor, case=case, profile=profile),
        "interviews": [redact(i) for i in selectors.interview_list(actor=actor, case=case)],
        "held": selectors.interview_held_latest(actor=actor, case=case),
        "log": [redact(e) for e in selectors.interview_log(actor=actor, case=case)],
        "consent": redact(consent) if consent else None,
        "consent_giver": _giver_name(profile, consent, language),
        "requests": selectors.request_list(actor=actor, case=case),
        "can_update": actor.can(Capability.CASE_UPDATE),
        "in_initial_stage": selectors.in_initial_identification(case),
        # No giver preset: who signed is a fact to record, not a default (issue 13, item 10).
        # Once a consent is recorded the form is offered only on purpose ("record another").
        "consent_form": consent_form
        or ConsentForm(
            givers=givers,
            language=language,
            is_child=case.is_child,
            initial={"signed_on": clock.today()},
        ),
        "consent_form_open": consent_form is not None
        or consent is None
        or request.GET.get("another") == "1",
        "log_form": LogForm(),
        "investigation_form": InvestigationForm(),
        "investigation_count": selectors.investigation_count(actor=actor, case=case),
        "investigation_reader": INVESTIGATION in visibility.classes,
        "documents": pdf.available(actor=actor, case=case),
        "step": step if (step := request.GET.get("step")) in STEPS else "",
    }
    return context


@login_required
@require_POST
def checklist_toggle(request, case_id: int):
    if request.POST.get("save"):
        return _checklist_save(request, case_id)
    try:
        entry = services.checklist_record(
            actor=request.actor,
            case_id=case_id,
            kind=request.POST.get("kind", ""),
            code=request.POST.get("code", ""),
            done=request.POST.get("done") == "1",
            note=request.POST.get("note", ""),
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(exc.message, status=400)
        messages.error(request, exc.message)
        return redirect("identification_detail", case_id=case_id)
    if request.htmx:
        case = case_open(
            actor=request.actor, case_id=case_id, action=ScreeningCode.IDENTIFICATION_CHECKLIST
        )
        rows = selectors.checklist(actor=request.actor, case=case, profile=profile_of(case))
        row = next(r for r in rows[entry.kind] if r.item.code == entry.code)
        return render(
            request,
            "screening/_checklist_row.html",
            {"row": row, "kind": entry.kind, "case": case, "can_update": True},
        )
    return redirect(reverse("identification_detail", args=[case_id]) + "#checklist")


def _checklist_save(request, case_id: int):
    """The actions step's one submit: every ticked box, saved together; then the interview."""
    try:
        services.checklist_save(
            actor=request.actor,
            case_id=case_id,
            done={kind: request.POST.getlist(kind) for kind in ("action", "need")},
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.summary())
        return _step_redirect(case_id, "actions", "#checklist")
    messages.success(request, _("The required actions and basic needs were saved."))
    case = case_get(actor=request.actor, id=case_id)  # where to go next; nothing is shown
    if selectors.in_initial_identification(case) and not selectors.interview_list(
        actor=request.actor, case=case
    ):
        # Nothing to choose on the interview step yet: straight to planning it.
        return redirect("interview_new", case_id=case_id)
    return _step_redirect(case_id, "interview", "#interview")


# --- interviews -------------------------------------------------------------------------


@login_required
def interview_new(request, case_id: int):
    case = _open(request, case_id, ScreeningCode.INTERVIEW_FORM)
    profile = profile_of(case)
    visibility = case_visibility(request.actor, case)
    log = [visibility.redact(e) for e in selectors.interview_log(actor=request.actor, case=case)]
    form = InterviewForm(
        request.POST or None,
        stage=rules.stage_rules(profile),
        language=current_language(),
        initial={
            "scheduled_at": timezone.localtime(clock.now()).replace(second=0, microsecond=0),
            # Most initial interviews happen at the identifier's own office; change it if not.
            "place": request.actor.institution.name if request.actor.institution else "",
        },
    )
    rows = _participant_rows(request, profile, case)
    if request.method == "POST" and form.is_valid() and all(r.is_valid() for r in rows):
        participants = [
            {
                "role": r.role,
                "name": r.cleaned_data["name"],
                "organisation": r.cleaned_data["organisation"],
                "declaration_signed_on": clock.today() if r.cleaned_data["signed_today"] else None,
            }
            for r in rows
            if r.cleaned_data["name"].strip()
        ]
        try:
            interview = services.interview_prepare(
                actor=request.actor, case_id=case.pk, participants=participants, **form.cleaned_data
            )
        except ValidationFailed as exc:
            _rows_errors(rows, participants, exc)
            _to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("interview_detail", interview_id=interview.pk)
    return render(
        request,
        "screening/interview_new.html",
        {
            "case": case,
            "form": form,
            "rows": rows,
            "log": log,
            "warn_repeat": case.is_child and bool(log),
        },
    )


def _participant_rows(request, profile, case) -> list[ParticipantRowForm]:
    """One row per participant the SOP requires for this person (profile order); the user
    planning it is offered as the first, the interviewer."""
    person = selectors.person_of(case, profile)
    language = current_language()
    mandatory = [
        r
        for r in rules.stage_rules(profile).interview_roles
        if person.matches(r.applies_to) and any(person.matches(a) for a in r.mandatory_for)
    ]
    actor = request.actor
    me = {
        "name": actor.user.get_full_name() or actor.user.username,
        "organisation": actor.institution.name if actor.institution else "",
    }
    return [
        ParticipantRowForm(
            request.POST or None,
            prefix=f"p-{r.code}",
            role=r.code,
            role_name=r.name.get(language),
            initial=me if n == 0 else {},
        )
        for n, r in enumerate(mandatory)
    ]


def _rows_errors(rows, participants, exc: ValidationFailed) -> None:
    """Moves `participants.<n>.<field>` errors beside the row they belong to."""
    by_role = {r.role: r for r in rows}
    for key in [k for k in exc.fields if k.startswith("participants.")]:
        _, n, field = key.split(".", 2)
        row = by_role[participants[int(n)]["role"]]
        for error in exc.fields.pop(key):
            row.add_error(field if field in row.fields else None, error)


def _interview_context(request, interview, **forms):
    case = interview.case
    profile = profile_of(case)
    stage = rules.stage_rules(profile)
    person = selectors.person_of(case, profile)
    roles = [r for r in stage.interview_roles if person.matches(r.applies_to)]
    present = {p.role for p in interview.participants.all()}
    language = current_language()
    mandatory = [r for r in roles if any(person.matches(a) for a in r.mandatory_for)]
    missing = [r for r in mandatory if r.code not in present]
    visibility = case_visibility(request.actor, case)
    return {
        "case": case,
        "interview": visibility.redact(interview),
        "hidden": visibility.by_model,
        "participants": [visibility.redact(p) for p in interview.participants.all()],
        "roles": {r.code: r.name.get(language) for r in stage.interview_roles},
        "conditions": [c for c in stage.interview_conditions if c.code in interview.conditions],
        "missing": missing,
        "participant_form": forms.get("participant_form")
        or ParticipantForm(
            roles=roles,
            language=language,
            initial=_participant_initial(request.actor, missing, present),
        ),
        "declaration_form": DeclarationForm(initial={"signed_on": clock.today()}),
        "held_form": forms.get("held_form")
        or HeldForm(
            initial={"held_at": timezone.localtime(clock.now()).replace(second=0, microsecond=0)}
        ),
        "can_update": request.actor.can(Capability.CASE_UPDATE),
    }


def _participant_initial(actor, missing, present) -> dict:
    """The next participant the SOP still requires (profile order); before anyone is
    recorded that is the interviewer, and the user recording it is offered as that person."""
    if not missing:
        return {}
    initial = {"role": missing[0].code}
    if not present:
        initial["name"] = actor.user.get_full_name() or actor.user.username
        initial["organisation"] = actor.institution.name if actor.institution else ""
    return initial


@login_required
def interview_detail(request, interview_id: int):
    try:
        interview = selectors.interview_get(actor=request.actor, id=interview_id)
    except NotFound:
        raise Http404 from None
    _open(request, interview.case_id, ScreeningCode.INTERVIEW_VIEW)
    return render(request, "screening/interview.html", _interview_context(request, interview))


def _interview_or_404(request, interview_id: int):
    try:
        return selectors.interview_get(actor=request.actor, id=interview_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_POST
def participant_add(request, interview_id: int):
    interview = _interview_or_404(request, interview_id)
    profile = profile_of(interview.case)
    form = ParticipantForm(
        request.POST, roles=rules.stage_rules(profile).interview_roles, language=current_language()
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("signed_today") and not data["declaration_signed_on"]:
            data["declaration_signed_on"] = clock.today()
        try:
            services.participant_add(actor=request.actor, interview_id=interview.pk, **data)
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect(reverse("interview_detail", args=[interview.pk]) + "#participants")
    interview = _interview_or_404(request, interview_id)
    return render(
        request,
        "screening/interview.html",
        _interview_context(request, interview, participant_form=form),
        status=400,
    )


@login_required
@require_POST
def participant_remove(request, participant_id: int):
    try:
        participant = selectors.participant_get(actor=request.actor, id=participant_id)
        services.participant_remove(actor=request.actor, participant_id=participant.pk)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("interview_detail", args=[participant.interview_id]) + "#participants")


@login_required
@require_POST
def declaration_sign(request, participant_id: int):
    try:
        participant = selectors.participant_get(actor=request.actor, id=participant_id)
    except NotFound:
        raise Http404 from None
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date of signature."))
    else:
        try:
            services.declaration_record(
                actor=request.actor,
                participant_id=participant.pk,
                signed_on=form.cleaned_data["signed_on"],
            )
        except DomainError as exc:
            messages.error(request, exc.summary())
    return redirect(reverse("interview_detail", args=[participant.interview_id]) + "#participants")


@login_required
@require_POST
def interview_held(request, interview_id: int):
    interview = _interview_or_404(request, interview_id)
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.interview_hold(
                actor=request.actor, interview_id=interview.pk, **form.cleaned_data
            )
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The interview is recorded as held."))
            return _step_redirect(interview.case_id, "consent", "#consent")
    interview = _interview_or_404(request, interview_id)
    return render(
        request,
        "screening/interview.html",
        _interview_context(request, interview, held_form=form),
        status=400,
    )


@login_required
@require_POST
def interview_log_add(request, case_id: int):
    form = LogForm(request.POST)
    if form.is_valid():
        try:
            services.interview_log_record(actor=request.actor, case_id=case_id, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, exc.summary())
        else:
            messages.success(request, _("The interview was added to the log."))
    else:
        messages.error(request, _("Enter when and what for."))
    return redirect(reverse("identification_detail", args=[case_id]) + "#log")


# --- consent and the request --------------------------------------------------------------


@login_required
@require_POST
def consent_add(request, case_id: int):
    case = _open(request, case_id, ScreeningCode.CONSENT_FORM)
    givers = selectors.a2_givers(profile=profile_of(case), is_child=case.is_child)
    form = ConsentForm(
        request.POST, givers=givers, language=current_language(), is_child=case.is_child
    )
    if form.is_valid():
        try:
            services.a2_record(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except DomainError as exc:
            # The form again, with the registry's reasons beside its fields.
            for field, errors in (getattr(exc, "fields", None) or {}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            messages.error(request, exc.summary())
            context = {**_detail_context(request, case, consent_form=form), "step": "consent"}
            return render(request, "screening/detail.html", context, status=400)
        messages.success(request, _("The consent (A2) was recorded."))
    else:
        messages.error(request, _("Say whether consent was given, by whom and when."))
        context = {**_detail_context(request, case, consent_form=form), "step": "consent"}
        return render(request, "screening/detail.html", context, status=400)
    return _step_redirect(case.pk, "consent", "#consent")


@login_required
def request_new(request, case_id: int):
    case = _open(request, case_id, ScreeningCode.REQUEST_FORM)
    profile = profile_of(case)
    county = request.POST.get("county") or case.county or profile.counties[0].code
    candidates = selectors.group_candidates(case=case, county=county, profile=profile)
    form = RequestForm(
        request.POST if request.POST.get("send") else None,
        counties=profile.counties,
        candidates=candidates,
        language=current_language(),
        initial={
            "county": county,
            "interpreter_needed": selectors.person_of(case, profile).needs_interpreter,
        },
    )
    if request.method == "POST" and request.POST.get("send") and form.is_valid():
        try:
            services.formal_identification_request(
                actor=request.actor, case_id=case.pk, **form.cleaned_data
            )
        except ValidationFailed as exc:
            _to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The request for formal identification (A5) was sent."))
            return redirect("identification_detail", case_id=case.pk)
    return render(
        request,
        "screening/request_new.html",
        {
            "case": case,
            "form": form,
            "candidates": candidates,
            "consent": selectors.a2_current(actor=request.actor, case=case),
            "held": selectors.interview_held_latest(actor=request.actor, case=case),
            "in_initial_stage": selectors.in_initial_identification(case),
        },
    )


@login_required
def queue(request):
    requests = selectors.formal_identification_queue(actor=request.actor)
    return render(request, "screening/queue.html", {"requests": requests})


# --- information supporting investigation ------------------------------------------------


@login_required
@require_POST
def investigation_add(request, case_id: int):
    form = InvestigationForm(request.POST)
    if form.is_valid():
        try:
            services.investigation_information_record(
                actor=request.actor, case_id=case_id, content=form.cleaned_data["content"]
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The information was passed on."))
    else:
        messages.error(request, _("Write the information."))
    return redirect(reverse("identification_detail", args=[case_id]) + "#investigation")


@login_required
def investigation_case(request, case_id: int):
    try:
        case = services.investigation_information_open(
            actor=request.actor, case_id=case_id, action=ScreeningCode.INVESTIGATION_VIEW
        )
    except NotFound:
        raise Http404 from None
    items = selectors.investigation_list(actor=request.actor, case_id=case.pk)
    return render(request, "screening/investigation.html", {"case": case, "items": items})


@login_required
def investigation_index(request):
    if not selectors.investigation_reader(request.actor):
        raise Http404
    items = selectors.investigation_list(actor=request.actor)[:200]
    return render(request, "screening/investigation.html", {"case": None, "items": items})


# --- documents ----------------------------------------------------------------------------


@login_required
def document(request, case_id: int, form: str, object_id: int | None = None):
    try:
        content, filename = pdf.document(
            actor=request.actor, case_id=case_id, form=form, object_id=object_id
        )
    except NotFound:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
