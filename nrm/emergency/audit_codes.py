"""The emergency app's audit codes: change events and reads of a case."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class EmergencyCode(AuditCode):
    # The child's emergency protection measure.
    MEASURE_INITIATED = "emergency.initiated", _("Initiated an emergency protection measure")
    DIRECTOR_INFORMED = (
        "emergency.director_informed",
        _("Recorded that the social-services director was informed"),
    )
    DECIDED = "emergency.decided", _("Recorded the director's decision on the measure")
    PLACED = "emergency.placed", _("Recorded the child's alternative-care placement")
    GTN_REQUESTED = "emergency.gtn_requested", _("Recorded the request for the GTN meeting")
    POLICE_CONTACTED = (
        "emergency.police_contacted",
        _("Recorded the contact with the police investigator"),
    )
    CHANGE_DRAFTED = "emergency.change_drafted", _("Drafted a change of the protection measure")
    CHANGE_APPROVED = (
        "emergency.change_approved",
        _("Recorded the director's approval of the change of measure"),
    )
    CHANGE_SENT = "emergency.change_sent", _("Recorded that the change of measure went to court")
    CHANGE_RULED = "emergency.change_ruled", _("Recorded the court's decision on the change")
    # Institutions not responding.
    NON_RESPONSE_REPORTED = (
        "emergency.non_response_reported",
        _("Reported institutions not responding"),
    )
    NON_RESPONSE_ESCALATED = (
        "emergency.non_response_escalated",
        _("Escalated institutions not responding to the next level"),
    )
    # Foreign persons.
    PERMIT_STARTED = "emergency.permit_started", _("Started a residence permit procedure")
    PERMIT_DECIDED = "emergency.permit_decided", _("Recorded the outcome of a permit procedure")
    MISSION_REQUESTED = (
        "emergency.mission_requested",
        _("Asked a diplomatic mission for an identity document"),
    )
    MISSION_ANSWERED = "emergency.mission_answered", _("Recorded a diplomatic mission's answer")
    DOCUMENTATION_NOTIFIED = (
        "emergency.documentation_notified",
        _("Notified the AP secretariat of a foreign child's documentation"),
    )
    DOCUMENTATION_MEETING = (
        "emergency.documentation_meeting",
        _("Requested the AP meeting on a foreign child's documentation"),
    )
    # The reflection and recovery period.
    REFLECTION_STARTED = "emergency.reflection_started", _("Started the reflection period")
    REFLECTION_EXTENDED = "emergency.reflection_extended", _("Extended the reflection period")
    # Reads of a case (access log).
    API_READ = "emergency.api_read", _("Read the emergency measures through the API")
