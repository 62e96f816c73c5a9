"""The appeals' audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class AppealCode(AuditCode):
    # Change events.
    FILED = "appeal.filed", _("Recorded an appeal")
    REEVALUATION_PROPOSED = (
        "appeal.reevaluation_proposed",
        _("Sent a proposal to re-evaluate the status to the Commission"),
    )
    WITHDRAWN = "appeal.withdrawn", _("Recorded the withdrawal of an appeal")
    WAIVED = "appeal.waived", _("Recorded that the person waived the right of appeal")
    NOTICE_OF_DECISION = (
        "appeal.decision_notice",
        _("Recorded that the person received notice of the status decision"),
    )
    CONVENED = "appeal.convened", _("Convened the Commission on an appeal")
    FILE_REVIEWED = "appeal.file_reviewed", _("Recorded the Commission's review of the file")
    INFORMATION_REQUESTED = (
        "appeal.information_requested",
        _("Recorded a request for additional information or an expert"),
    )
    INFORMATION_RECEIVED = (
        "appeal.information_received",
        _("Recorded the answer to a request for information"),
    )
    DECIDED = "appeal.decided", _("Recorded the Commission's decision")
    NOTIFIED = "appeal.notified", _("Recorded the notice of the Commission's decision")
    COURT_CHALLENGED = (
        "appeal.court_challenged",
        _("Recorded a challenge in the administrative court"),
    )
    COURT_RULED = "appeal.court_ruled", _("Recorded the administrative court's ruling")
    MEMBER_APPOINTED = "appeal.member_appointed", _("Recorded a Commission member's appointment")
    MEMBER_ENDED = "appeal.member_ended", _("Ended a Commission member's appointment")
    # Reads of a case (access log).
    APPEAL_PAGE = "appeal.page", _("Opened an appeal")
    DECISION_PDF = "appeal.decision_pdf", _("Printed the Commission's decision")
    API_READ = "appeal.api_read", _("Read an appeal through the API")
