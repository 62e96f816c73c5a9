"""Unique persons' audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class LinkageCode(AuditCode):
    # Change events.
    SCAN = "linkage.scan", _("Looked for persons recorded more than once")
    DECIDED = "linkage.decided", _("Decided whether two person records are one person")
    UNDONE = "linkage.undone", _("Undid a decision on two person records")
    # Reads of a case (access log).
    PAIR_VIEW = "linkage.pair_view", _("Compared two person records side by side")
