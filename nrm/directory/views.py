"""Pages of the service directory: the search (by need, county, target group and age, for a
phone) and a provider's page. Reference data: every signed-in user reads it."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from nrm.core.language import current_language
from nrm.directory import selectors
from nrm.directory.models import TargetGroup
from nrm.jurisdictions import get_profile


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
def directory(request):
    profile = get_profile(settings.NRM_JURISDICTION)
    language = current_language()
    q = {
        "need": request.GET.get("need", ""),
        "county": request.GET.get("county", ""),
        "target_group": request.GET.get("target_group", ""),
        "age": request.GET.get("age", ""),
        "with_beds": bool(request.GET.get("with_beds")),
    }
    found = selectors.service_search(
        need=q["need"] or None,
        county=q["county"] or None,
        target_group=q["target_group"] if q["target_group"] in TargetGroup.values else None,
        age=_int(q["age"]),
        with_beds=q["with_beds"],
    )
    context = {
        "q": q,
        "services": found,
        "needs": [(n.code, n.name.get(language)) for n in profile.service_needs],
        "need_names": {n.code: n.name.get(language) for n in profile.service_needs},
        "counties": [(c.code, c.name.get(language)) for c in profile.counties],
        "groups": TargetGroup.choices,
    }
    template = "directory/_results.html" if request.htmx else "directory/search.html"
    return render(request, template, context)


@login_required
def provider_detail(request, org_id: int):
    profile = get_profile(settings.NRM_JURISDICTION)
    language = current_language()
    org = selectors.organization_get(id=org_id)
    return render(
        request,
        "directory/provider.html",
        {
            "org": org,
            "services": selectors.services_of(institution_id=org.institution_id),
            "locations": org.locations.all(),
            "need_names": {n.code: n.name.get(language) for n in profile.service_needs},
            "county_names": {c.code: c.name.get(language) for c in profile.counties},
        },
    )
