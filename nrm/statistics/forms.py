"""The choice of what to see on /statistics/: a report or a table, and a period, by name."""

from django import forms
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from nrm.core import clock
from nrm.statistics import catalogue, periods
from nrm.statistics.table import Period

# The tables' names for the choice (the tables' own titles carry the period).
TABLE_NAMES = {
    "T01": gettext_lazy("Registered victims by status, sex and age"),
    "T02": gettext_lazy("Registered victims by citizenship"),
    "T03A": gettext_lazy("Registered victims by form of exploitation (one form per person)"),
    "T03B": gettext_lazy("Registered victims by form of exploitation (every form)"),
    "T04": gettext_lazy("Internal and transnational trafficking"),
    "T05": gettext_lazy("Registered victims by identifying body"),
    "T06": gettext_lazy("Identification bulletin"),
    "T07": gettext_lazy("Victims assisted, by service"),
    "T08": gettext_lazy("Reflection and recovery periods"),
    "T09": gettext_lazy("Residence permits"),
    "T15": gettext_lazy("Days from registration to the formal decision"),
    "TDL": gettext_lazy("Deadlines met, by rule"),
}
FIRST_YEAR = 2015


class ChoiceForm(forms.Form):
    show = forms.ChoiceField(label=gettext_lazy("Report or table"))
    kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=list(periods.KINDS.items()))
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month (for a month)"), coerce=int, required=False
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter (for a quarter)"),
        coerce=int,
        required=False,
    )
    months = forms.TypedChoiceField(
        label=gettext_lazy("Months from January (for a cumulative period)"),
        coerce=int,
        required=False,
    )
    first_year = forms.TypedChoiceField(
        label=gettext_lazy("From the year (for several years)"), coerce=int, required=False
    )

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or "sq")[:2]
        self.reports = {r.code: r for r in reports}
        self.fields["show"].choices = [
            (
                _("Reports"),
                [(f"report:{r.code}", r.name.get(language)) for r in reports],
            ),
            (
                _("Tables"),
                [(f"table:{c}", str(TABLE_NAMES.get(c, c))) for c in catalogue.codes()],
            ),
        ]
        this_year = clock.today().year
        years = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].choices = years
        self.fields["first_year"].choices = [("", "—"), *years]
        self.fields["month"].choices = [
            ("", "—"),
            *((m, formats.date_format(periods.month(2000, m).start, "F")) for m in range(1, 13)),
        ]
        self.fields["quarter"].choices = [
            ("", "—"),
            *((q, _("Quarter %(number)s") % {"number": q}) for q in range(1, 5)),
        ]
        self.fields["months"].choices = [
            ("", "—"),
            *((n, _("%(months)s months") % {"months": n}) for n in periods.CUMULATIVE_MONTHS),
        ]

    def clean(self):
        data = super().clean()
        show, kind = data.get("show", ""), data.get("kind")
        if not show or not kind or data.get("year") is None:
            return data
        what, _sep, code = show.partition(":")
        if what == "report":
            report = self.reports[code]
            self.codes, self.report = list(report.tables), code
            if kind not in report.periods:
                allowed = ", ".join(str(periods.KINDS[k]) for k in report.periods)
                self.add_error(
                    "kind", _("This report is made for: %(kinds)s.") % {"kinds": allowed}
                )
                return data
        else:
            self.codes, self.report = [code], ""
        part = {"month": "month", "quarter": "quarter", "cumulative": "months"}.get(kind)
        try:
            self.period: Period = periods.choose(
                kind,
                data["year"],
                data.get(part) if part else None,
                data.get("first_year") or None,
            )
        except periods.BadPeriod:
            field = part or "first_year"
            self.add_error(field, _("Choose this part of the period."))
        return data


# --- the publish form of a release (docs/disclosure.md): which table, period and tier ---

PUBLISH_KINDS = [
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("cumulative", gettext_lazy("Cumulative (quarters from January)")),
    ("year", gettext_lazy("Year")),
]
TIERS = [
    ("2", gettext_lazy("Public (suppressed)")),
    ("1", gettext_lazy("Restricted (exact, flagged)")),
]


class PublishForm(forms.Form):
    code = forms.ChoiceField(label=gettext_lazy("Table"))
    kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=PUBLISH_KINDS)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=gettext_lazy("Month or quarter"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=gettext_lazy("The month (1–12), the quarter (1–4) or the number of quarters."),
    )
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), choices=TIERS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(c, str(TABLE_NAMES.get(c, c))) for c in catalogue.codes()]
