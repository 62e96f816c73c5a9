"""The instance's own record: which jurisdiction its database was made for.

One running instance serves one jurisdiction (docs/demo.md). The jurisdiction is written
when the database is first migrated (migration 0001: the profile its cases carry, or else
NRM_JURISDICTION) and checked at every start (nrm.E160: `nrm check`, `serve`, `worker`,
`demo`), so a data directory made for Albania never serves Kosovo's profile."""

from django.db import models


class InstanceJurisdiction(models.Model):
    """One row (pk 1): the jurisdiction code (ISO 3166-1 alpha-2, `XK` included)."""

    jurisdiction = models.CharField(max_length=2)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="instance_one_row")]

    def __str__(self) -> str:
        return self.jurisdiction
