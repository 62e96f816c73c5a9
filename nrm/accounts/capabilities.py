"""The small vocabulary of things a role may do. Which cases they reach is the selectors' job.

Profiles map their roles to these; a profile naming anything else is refused (nrm.E003).
"""

from enum import StrEnum


class Capability(StrEnum):
    CASE_CREATE = "case.create"
    CASE_READ = "case.read"
    CASE_UPDATE = "case.update"
    # Reach every case in the jurisdiction (the AP secretariat).
    CASE_READ_ALL = "case.read_all"
    # See who read and changed a case.
    AUDIT_READ = "audit.read"
    # Manage institutions, memberships and users.
    REFERENCE_MANAGE = "reference.manage"
    # See every deadline's figures: the AP's monitoring dashboard and its export.
    DEADLINES_MONITOR = "deadlines.monitor"
    # Answer a person's request for their data (export) or its correction, and anonymise a
    # case past its retention period (docs/person-rights.md).
    PERSON_RIGHTS = "person.rights"
    # Publish statistics tables (a release: tier, suppression, provenance), rebuild a release
    # to compare it, and read the reconciliation of agencies' records (docs/disclosure.md).
    STATISTICS_PUBLISH = "statistics.publish"
    # Read the statistics by unique person: tables, reports, their files (docs/statistics.md).
    STATISTICS_READ = "statistics.read"
    # Action plans (issue 16, docs/action-plan.md): import and edit plans, open reporting
    # cycles, review the institutions' reports (the Secretariat).
    ACTIONPLAN_MANAGE = "actionplan.manage"
    # Report on the activities one's institution leads (the institutions' focal points).
    ACTIONPLAN_REPORT = "actionplan.report"
    # Read every plan's progress, the dashboard and the annual report (the Coordinator).
    ACTIONPLAN_READ = "actionplan.read"
