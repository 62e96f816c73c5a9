"""`{{ table|table_chart }}` and `{{ table|table_grid }}` for the statistics templates."""

from django import template

from nrm.statistics import charts

register = template.Library()


@register.filter
def table_chart(table_or_published, key=None):
    return charts.table_chart(table_or_published, key=key or None)


@register.filter
def table_grid(table_or_published):
    return charts.table_grid(table_or_published)
