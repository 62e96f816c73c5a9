"""What an imported HTCDS document said that nrm keeps as information only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HtcdsImport(models.Model):
    """A case opened from an HTCDS v2.0 document. `source` holds the document's coded values
    outside the person's fields (`htcds.source_values`): the source's trafficking status and
    who decided it are kept here, never set as the case's status, which changes only by a
    decision of the profile's `status_authorities`. No text, no dates: nothing that may name
    or locate the person."""

    case = models.OneToOneField(
        "registry.Case", on_delete=models.CASCADE, related_name="htcds_import"
    )
    source = models.JSONField(_("what the source said"), default=dict)
    imported_at = models.DateTimeField(_("imported"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("HTCDS import")
        verbose_name_plural = _("HTCDS imports")

    def __str__(self) -> str:
        return f"htcds import #{self.pk}"
