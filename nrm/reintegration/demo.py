"""The demo's walk through reintegration monitoring: for a case whose monitoring started (the
AP decided on its reintegration plan, nrm.plans' walk), the case worker files a D2 for most
months up to today (a month now and then left missing), requests a few services, and in
some cases the latest report finds every criterion met and the reasoned report is filed.
Real services only."""

from datetime import datetime, time, timedelta

from nrm.accounts.demo import demo_data
from nrm.accounts.models import Institution
from nrm.accounts.policy import system_actor
from nrm.accounts.services import institution_save
from nrm.consent.selectors import consent_allows
from nrm.core import clock
from nrm.deadlines.services import calendar_for
from nrm.registry.services import profile_of
from nrm.reintegration import selectors, services


def providers_ensure() -> dict[str, Institution]:
    """The demo's service providers (the demo file's `partners`; idempotent), by type."""
    system = system_actor()
    demo = demo_data()
    out = {}
    for row in demo.partners if demo is not None else ():
        found = Institution.objects.filter(code=row.code).first()
        if found is None:
            found = institution_save(
                actor=system, code=row.code, name=row.name, type=row.type, county=row.county or ""
            )
        out[row.type] = found
    return out


def demo_walk(*, actor, case, plan, rng, moment):
    if plan.target != "reintegration":
        return moment
    r = profile_of(case).reintegration
    start = selectors.monitoring_start(case)
    if r is None or start is None or selectors.monitoring_over(case):
        return moment
    providers = providers_ensure()
    until = plan.until
    zone = calendar_for(profile_of(case)).time_zone
    today = calendar_for(profile_of(case)).local_date(until)
    for k in r.service_kinds[:3]:  # the profile's first three kinds of service
        kind = k.code
        needs = k.child_consent_purpose if case.is_child else None
        if needs and not consent_allows(case=case, purpose=needs):
            continue  # the child's consent to it is not recorded in the demo
        institution = (
            providers.get(k.institution_type)
            or Institution.objects.filter(type=k.institution_type).first()
        )
        if institution is None:
            continue
        with clock.override(min(moment + timedelta(days=2), until)):
            line = services.service_line_open(
                actor=actor,
                case_id=case.pk,
                kind=kind,
                institution_id=institution.pk,
                requested_on=clock.today(),
            )
        if rng.random() < 0.7:
            with clock.override(min(moment + timedelta(days=rng.randint(5, 30)), until)):
                services.service_line_status_set(
                    actor=actor,
                    line_id=line.pk,
                    status="provided" if rng.random() < 0.7 else "in_progress",
                    on=clock.today(),
                )
    sustainable = rng.random() < 0.35
    months = [m for m in selectors.timeline(case, today=today) if m.state != "upcoming"]
    filed = None
    for i, m in enumerate(months):
        due = m.period.due
        if due > today or (rng.random() < 0.12 and i < len(months) - 1):
            continue  # the current month, or a month left missing now and then
        last = i == len(months) - 1 or months[i + 1].period.due > today
        met = sustainable and last
        when = min(datetime.combine(due, time(10), tzinfo=zone), until)
        with clock.override(when):
            filed = services.monitoring_report_submit(
                actor=actor,
                case_id=case.pk,
                report=services.ReportIn(
                    period=m.period.number,
                    reported_on=clock.today(),
                    criteria={c.code: met or rng.random() < 0.3 for c in r.criteria},
                    situations={
                        "housing": "Jeton me qira të subvencionuar.",
                        "employment": "Ndjek kursin e formimit profesional.",
                    },
                    summary="Ecuria e planit sipas detyrave të AP-së.",
                    risks="" if rng.random() < 0.8 else "Kontakt i pasigurt me familjen.",
                ),
            )
        moment = max(moment, when)
    if filed is not None and filed.criteria_met and sustainable:
        with clock.override(min(moment + timedelta(days=3), until)):
            services.reevaluation_proposal_file(
                actor=actor,
                case_id=case.pk,
                reasoning=(
                    "Personi ka punësim të sigurt prej një viti, strehim të sigurt dhe "
                    "gëzon shëndet të plotë mendor dhe fizik."
                ),
                proposed_on=clock.today(),
            )
            moment = clock.now()
    return moment
