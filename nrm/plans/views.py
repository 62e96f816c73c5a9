"""Pages of the needs assessment and the plans: the assessment form (C4/C5) and an
assessment's page, the plan editor (items, template, put in force or send to the AP, the
AP's decision, revisions), the AP's list of D1s awaiting its decision, and the PDFs. Each
POST is one service call and goes back to the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core import clock
from nrm.core.errors import DomainError, Forbidden, NotFound
from nrm.core.language import current_language
from nrm.plans import pdf, selectors, services
from nrm.plans.audit_codes import PlanCode
from nrm.plans.forms import AssessmentForm, DecisionForm, ItemEditForm, ItemForm, PlanStartForm
from nrm.plans.models import PlanStatus
from nrm.registry.sensitivity import case_visibility
from nrm.registry.services import case_open, profile_of


def _case(request, case_id: int):
    """The case, with the read in the access log (404 for a case the reader cannot see)."""
    try:
        case = case_open(actor=request.actor, case_id=case_id, action=PlanCode.PLANS_PAGE)
    except NotFound:
        raise Http404 from None
    profile = profile_of(case)
    if profile.plans is None:
        raise Http404
    return case, profile


def _plan(request, plan_id: int, action=PlanCode.PLANS_PAGE):
    try:
        plan = selectors.plan_get(actor=request.actor, id=plan_id)
        case_open(actor=request.actor, case_id=plan.case_id, action=action)
    except NotFound:
        raise Http404 from None
    return plan


def _names(profile):
    language = current_language()
    rules = profile.plans
    return (
        {d.code: d.name.get(language) for d in rules.assessment.domains},
        {lv.code: lv.name.get(language) for lv in rules.assessment.levels},
        {k.code: k.name.get(language) for k in rules.kinds},
    )


def _call(request, call, done: str) -> bool:
    """One service call: a 403 page for a forbidden act on a visible record, the message
    of a refused one on the page."""
    try:
        call()
    except NotFound:
        raise Http404 from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, exc.summary())
        return False
    messages.success(request, done)
    return True


def _form_errors(request, form) -> None:
    messages.error(
        request,
        _("Check the fields of the form: %(fields)s.")
        % {
            "fields": ", ".join(
                str(form.fields[f].label) if f in form.fields else f for f in form.errors
            )
        },
    )


def _to_case(case_id: int):
    return redirect(reverse("case_detail", args=[case_id]) + "#panel-planssection")


# --- the needs assessment -------------------------------------------------------------------


def _require_update(request) -> None:
    """After the case is found (404 otherwise): a change needs case.update (403). Who of
    them may assess or prepare (the profile) is the service's question, after the fields."""
    if not request.actor.can(Capability.CASE_UPDATE):
        raise PermissionDenied


@login_required
def assessment_new(request, case_id: int):
    case, profile = _case(request, case_id)
    _require_update(request)
    may_assess = selectors.may_assess(actor=request.actor, case=case)
    form = AssessmentForm(request.POST or None, profile=profile, case=case)
    if request.method == "GET":
        form.initial["assessed_on"] = clock.today()
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            ok = _call(
                request,
                lambda: services.assessment_record(
                    actor=request.actor,
                    case_id=case.pk,
                    assessed_on=data["assessed_on"],
                    findings=form.findings(),
                    person_participated=data["person_participated"],
                    guardian_participated=data.get("guardian_participated", False),
                    views=data["views"],
                ),
                _("The needs assessment was recorded."),
            )
            if ok:
                return _to_case(case.pk)
        else:
            _form_errors(request, form)
    return render(
        request,
        "plans/assessment_form.html",
        {
            "case": case,
            "form": form,
            "form_code": selectors.assessment_form_for(case),
            "refusal": None
            if may_assess
            else _("The needs assessment is made by the case manager or the case worker."),
        },
    )


@login_required
def assessment_detail(request, assessment_id: int):
    try:
        assessment = selectors.assessment_get(actor=request.actor, id=assessment_id)
    except NotFound:
        raise Http404 from None
    case, profile = _case(request, assessment.case_id)
    domains, levels, _kinds = _names(profile)
    visibility = case_visibility(request.actor, case)
    return render(
        request,
        "plans/assessment_detail.html",
        {
            "case": case,
            "assessment": visibility.redact(assessment),
            "findings": [
                (domains.get(f.domain, f.domain), visibility.redact(f), levels.get(f.level, ""))
                for f in assessment.findings.all()
            ],
            "others": selectors.assessment_list(actor=request.actor, case=case),
        },
    )


@login_required
def assessment_pdf(request, assessment_id: int):
    try:
        assessment = selectors.assessment_get(actor=request.actor, id=assessment_id)
        case_open(actor=request.actor, case_id=assessment.case_id, action=PlanCode.ASSESSMENT_PDF)
    except NotFound:
        raise Http404 from None
    body = pdf.assessment_pdf(
        assessment, visibility=case_visibility(request.actor, assessment.case)
    )
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{assessment.form}-{assessment.case.reference}-{assessment.revision}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# --- plans ----------------------------------------------------------------------------------


@login_required
@require_POST
def plan_start(request, case_id: int):
    case, profile = _case(request, case_id)
    _require_update(request)
    # Every kind for this person: the service refuses one the caller may not prepare (403).
    kinds = [k for k in profile.plans.kinds if selectors.applies(k.applies_to, case)]
    form = PlanStartForm(request.POST, case=case, kinds=kinds)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_case(case.pk)
    made = {}

    def start():
        made["plan"] = services.plan_create(
            actor=request.actor,
            case_id=case.pk,
            kind=form.cleaned_data["kind"],
            template=form.cleaned_data["template"],
        )

    if _call(request, start, _("The plan was started.")):
        return redirect("plan_detail", made["plan"].pk)
    return _to_case(case.pk)


@login_required
def plan_detail(request, plan_id: int):
    plan = _plan(request, plan_id)
    case = plan.case
    profile = profile_of(case)
    actor = request.actor
    domains, _levels, kinds = _names(profile)
    rule = profile.plans.kind(plan.kind)
    visibility = case_visibility(actor, case)
    prepares = selectors.may_prepare(actor=actor, case=case, kind=plan.kind)
    editable = prepares and plan.status != PlanStatus.SUBMITTED
    items = []
    for item in plan.items.select_related("institution").order_by("number"):
        form = None
        if editable:
            form = ItemEditForm(
                profile=profile,
                case=case,
                initial={
                    "domain": item.domain,
                    "action": item.action,
                    "institution_id": item.institution_id,
                    "due_on": item.due_on,
                    "status": item.status,
                    "referral_id": item.referral_id,
                },
                auto_id=f"item-{item.number}-%s",
            )
        items.append((visibility.redact(item), domains.get(item.domain, item.domain), form))
    decides = selectors.may_decide(actor=actor, profile=profile, kind=plan.kind)
    context = {
        "case": case,
        "plan": visibility.redact(plan),
        "kind_name": kinds.get(plan.kind, plan.kind),
        "rule": rule,
        "items": items,
        "editable": editable,
        "may_approve": editable and not rule.decided_by and plan.status != PlanStatus.APPROVED,
        "may_submit": editable and bool(rule.decided_by) and plan.status != PlanStatus.APPROVED,
        "item_form": ItemForm(profile=profile, case=case, auto_id="item-new-%s")
        if editable
        else None,
        "decision_form": DecisionForm(initial={"decided_on": clock.today()}, auto_id="decision-%s")
        if decides and plan.status == PlanStatus.SUBMITTED
        else None,
        "decisions": [visibility.redact(d) for d in plan.decisions.all()],
        "revisions": selectors.revision_list(actor=actor, plan=plan),
        "due": selectors.decision_due(plan),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def item_add(request, plan_id: int):
    plan = _plan(request, plan_id)
    profile = profile_of(plan.case)
    form = ItemForm(request.POST, profile=profile, case=plan.case)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        _call(
            request,
            lambda: services.plan_item_add(
                actor=request.actor, plan_id=plan.pk, **form.cleaned_data
            ),
            _("The action was added."),
        )
    return redirect("plan_detail", plan.pk)


@login_required
@require_POST
def item_edit(request, item_id: int):
    try:
        item = selectors.item_get(actor=request.actor, id=item_id)
    except NotFound:
        raise Http404 from None
    plan = item.plan
    profile = profile_of(plan.case)
    form = ItemEditForm(request.POST, profile=profile, case=plan.case)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        data = form.cleaned_data
        _call(
            request,
            lambda: services.plan_item_update(actor=request.actor, item_id=item.pk, **data),
            _("The action was changed."),
        )
    return redirect(reverse("plan_detail", args=[plan.pk]) + f"#item-{item.number}")


@login_required
@require_POST
def plan_approve(request, plan_id: int):
    plan = _plan(request, plan_id)
    _call(
        request,
        lambda: services.plan_approve(actor=request.actor, plan_id=plan.pk),
        _("The plan is in force: each institution was given its task."),
    )
    return redirect("plan_detail", plan.pk)


@login_required
@require_POST
def plan_submit(request, plan_id: int):
    plan = _plan(request, plan_id)
    _call(
        request,
        lambda: services.plan_submit(actor=request.actor, plan_id=plan.pk),
        _("The plan was sent to the AP and the regional committee."),
    )
    return redirect("plan_detail", plan.pk)


@login_required
@require_POST
def plan_decide(request, plan_id: int):
    plan = _plan(request, plan_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("plan_detail", plan.pk)
    _call(
        request,
        lambda: services.plan_decide(actor=request.actor, plan_id=plan.pk, **form.cleaned_data),
        _("The AP's decision was recorded."),
    )
    return redirect("plan_detail", plan.pk)


@login_required
def plan_revision(request, plan_id: int, number: int):
    plan = _plan(request, plan_id)
    profile = profile_of(plan.case)
    domains, _levels, kinds = _names(profile)
    try:
        found = selectors.revision_get(actor=request.actor, plan=plan, number=number)
    except NotFound:
        raise Http404 from None
    visibility = case_visibility(request.actor, plan.case)
    content = {} if visibility.hides_in(found.revision, "snapshot") else found.content
    for row in content.get("items", []):
        row["domain_name"] = domains.get(row.get("domain"), row.get("domain"))
    return render(
        request,
        "plans/revision.html",
        {
            "case": plan.case,
            "plan": plan,
            "kind_name": kinds.get(plan.kind, plan.kind),
            "revision": found.revision,
            "content": content,
            "restricted": not content,
        },
    )


@login_required
def plan_pdf(request, plan_id: int):
    plan = _plan(request, plan_id, action=PlanCode.PLAN_PDF)
    body = pdf.plan_pdf(plan, visibility=case_visibility(request.actor, plan.case))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{plan.number}.pdf"'
    return response


@login_required
def ap_list(request):
    """The AP secretariat's list: D1s awaiting the AP's decision, the first due at the top."""
    from django.conf import settings

    from nrm.jurisdictions import get_profile

    profile = get_profile(settings.NRM_JURISDICTION)
    if not selectors.decides_any(actor=request.actor, profile=profile):
        raise Http404
    rows = selectors.awaiting_decision(actor=request.actor)
    far = clock.now().replace(year=9999)
    rows.sort(key=lambda r: (r[1] or far, r[0].pk))
    return render(request, "plans/ap_list.html", {"rows": rows, "now": clock.now()})
