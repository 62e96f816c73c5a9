"""The printable one-page guides per role (nrm.site.guides, docs/home.md)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from nrm.core.language import current_language
from nrm.core.pdf import render_pdf
from nrm.site import guides


@login_required
def guide_mine(request):
    guide = guides.guide_for(request.actor)
    return _page(request, guide)


@login_required
def guide_page(request, code: str):
    guide = guides.guide_get(code)
    if guide is None:
        raise Http404
    return _page(request, guide)


@login_required
def guide_pdf(request, code: str):
    guide = guides.guide_get(code)
    if guide is None:
        raise Http404
    html = render_to_string(
        "site/guide_pdf.html", guides.guide_context(guide, current_language()), request=request
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nrm-guide-{guide.code}.pdf"'
    return response


def _page(request, guide):
    return render(request, "site/guide.html", guides.guide_context(guide, current_language()))
