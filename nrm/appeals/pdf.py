"""The Commission's decision as a printable document (the SOP's appeal format), in the
profile's default language (Albanian), rendered by WeasyPrint. It carries what the form
needs: the appeal, the appellant, the dates of the review, the requests for information,
the vote, the decision, its reasoning, the remedy in court and the recipients."""

from django.template.loader import render_to_string
from django.utils import translation

from nrm.appeals.models import Appeal, Kind, Recipient
from nrm.core import clock
from nrm.core.pdf import render_pdf
from nrm.registry.services import profile_of

TITLE = (
    "Vendim i Komisionit të Posaçëm Ndërinstitucional për Shqyrtimin e Ankimeve për Statusin "
    "e Viktimës/Viktimës së Mundshme të Trafikimit"
)


def decision_html(appeal: Appeal, *, visibility=None) -> str:
    case = appeal.case
    profile = profile_of(case)
    rules = profile.appeals
    appellants = {a.code: a.name.sq for a in rules.appellants}
    statuses = {s.code: s.name.sq for s in profile.identification_statuses}
    redact = visibility.redact if visibility is not None else (lambda x: x)
    context = {
        "doc": {"number": "", "title": {"sq": TITLE}},
        "profile": profile,
        "case": case,
        "appeal": redact(appeal),
        "person": redact(case.person),
        "reevaluation": appeal.kind == Kind.REEVALUATION,
        "appellant": appellants.get(appeal.appellant, appeal.appellant),
        "appealed_status": statuses.get(appeal.appealed_status, appeal.appealed_status),
        "status_after": statuses.get(appeal.status_after, appeal.status_after),
        "upheld": appeal.outcome == "uphold",
        "requests": [redact(r) for r in appeal.requests.all()],
        "recipients": [label for _code, label in Recipient.choices],
        "today": clock.today(),
    }
    with translation.override(profile.default_language):
        return render_to_string("appeals/pdf/decision.html", context)


def decision_pdf(appeal: Appeal, *, visibility=None) -> bytes:
    return render_pdf(decision_html(appeal, visibility=visibility))
