"""The statistics' audit codes: releases and their reproduction, the reconciliation's reads."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class StatisticsCode(AuditCode):
    # Change events.
    RELEASED = "statistics.released", _("Released a statistics table")
    REPRODUCED = "statistics.reproduced", _("Rebuilt a statistics release to compare it")
    # Reads of a case (access log).
    RECONCILIATION_READ = (
        "statistics.reconciliation_read",
        _("Saw the case in the reconciliation of agencies' records"),
    )
