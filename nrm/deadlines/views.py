"""Pages of the deadline engine. Each view translates HTTP to selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nrm.accounts.capabilities import Capability
from nrm.core import clock, csvsafe
from nrm.core.errors import DomainError
from nrm.core.language import current_language
from nrm.deadlines import selectors, services
from nrm.deadlines.display import annotate
from nrm.deadlines.doors import notice_kinds
from nrm.deadlines.models import Channel

PAGE_SIZE = 50


@login_required
def mine(request):
    actor = request.actor
    page = Paginator(selectors.deadline_list_mine(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deadlines/mine.html",
        {"page": page, "deadlines": annotate(actor, page.object_list)},
    )


@login_required
def inbox(request):
    actor = request.actor
    page = Paginator(selectors.notification_list(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    notifications = list(page.object_list)
    with_deadline = [n for n in notifications if n.deadline_id]
    rows = annotate(actor, [n.deadline for n in with_deadline])
    for n, d in zip(with_deadline, rows, strict=True):
        n.deadline = d
    # A notice links to its case when the reader may open it, else to its kind's page.
    visible = selectors.deadline_visible_case_ids(
        actor=actor, case_ids={n.case_id for n in notifications if n.case_id and not n.deadline_id}
    )
    for n in notifications:
        if not n.deadline_id:
            notice = notice_kinds.get(n.kind)
            n.notice_text = str(notice.text) % {"ref": n.case_reference} if notice else ""
            n.link = ""
            if n.case_id in visible:
                n.link = reverse("case_detail", args=[n.case_id])
            elif notice is not None and notice.page:
                n.link = reverse(notice.page)
    return render(
        request,
        "deadlines/inbox.html",
        {
            "page": page,
            "notifications": notifications,
            "channel": selectors.notification_channel(actor=actor),
            "channels": Channel.choices,
        },
    )


@login_required
def inbox_badge(request):
    """The header's inbox link with the unread count; htmx polls it every minute."""
    return render(
        request,
        "deadlines/_badge.html",
        {"unread": selectors.notification_unread_count(actor=request.actor)},
    )


@login_required
@require_POST
def inbox_read(request):
    ids = request.POST.getlist("id")
    try:
        services.notification_mark_read(
            actor=request.actor, ids=[int(i) for i in ids] if ids else None
        )
    except ValueError:
        raise Http404 from None
    if request.htmx:
        return inbox_badge(request)
    return redirect("inbox")


@login_required
@require_POST
def inbox_preference(request):
    try:
        services.notification_preference_set(
            actor=request.actor, channel=request.POST.get("channel", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your notification preference was saved."))
    return redirect("inbox")


def _require_monitor(actor) -> None:
    if not actor.can(Capability.DEADLINES_MONITOR):
        raise Http404


@login_required
def monitor(request):
    actor = request.actor
    _require_monitor(actor)
    figures = selectors.deadline_figures(actor=actor, now=clock.now(), language=current_language())
    return render(request, "deadlines/monitor.html", {"figures": figures})


# The figures' CSV for people: headers and dimensions in the user's language, rates with
# the language's decimal separator (docs/home.md). The API keeps its machine format.
FIGURES_HEADERS = (
    gettext_lazy("Grouped by"),
    gettext_lazy("Code"),
    gettext_lazy("Name"),
    gettext_lazy("Open"),
    gettext_lazy("At risk"),
    gettext_lazy("Met"),
    gettext_lazy("Met on time"),
    gettext_lazy("Missed"),
    gettext_lazy("Cancelled"),
    gettext_lazy("On-time rate"),
)
DIMENSIONS = {
    "total": gettext_lazy("Total"),
    "institution": gettext_lazy("Institution"),
    "county": gettext_lazy("County"),
    "rule": gettext_lazy("Deadline"),
    "month": gettext_lazy("Month"),
}


def _figures_row(row) -> tuple:
    dimension, *middle, rate = row
    shown_rate = formats.number_format(float(rate), 3) if rate else ""
    return (str(DIMENSIONS.get(dimension, dimension)), *middle, shown_rate)


@login_required
def monitor_export(request):
    actor = request.actor
    _require_monitor(actor)
    rows = services.deadline_figures_export(actor=actor, language=current_language())
    return csvsafe.human_response(
        "nrm-deadlines.csv", FIGURES_HEADERS, (_figures_row(r) for r in rows)
    )
