"""API of the service directory: the search (HSDS-shaped services with their organisation,
locations and capacity) and the read-only HSDS 3.1 export (docs/directory.md)."""

from ninja import Query, Router, Schema

from nrm.core.api_input import ErrorOut
from nrm.core.errors import ValidationFailed
from nrm.directory import selectors
from nrm.directory.models import TargetGroup

router = Router(tags=["directory"])

_READ = {400: ErrorOut, 401: ErrorOut}


class ServiceQuery(Schema):
    need: str = ""
    county: str = ""
    target_group: str = ""
    age: int | None = None
    sex: str = ""
    language: str = ""
    with_beds: bool = False


@router.get("/services", response={200: list[dict], **_READ})
def service_search(request, filters: Query[ServiceQuery]):
    if filters.target_group and filters.target_group not in TargetGroup.values:
        raise ValidationFailed({"target_group": ["child | adult | any"]})
    found = selectors.service_search(
        need=filters.need or None,
        county=filters.county or None,
        target_group=filters.target_group or None,
        age=filters.age,
        sex=filters.sex or None,
        language=filters.language or None,
        with_beds=filters.with_beds,
    )
    return [selectors.hsds_service(s) for s in found]


@router.get("/directory/hsds", response={200: list[dict], 401: ErrorOut})
def hsds_export(request):
    return selectors.hsds_export()
