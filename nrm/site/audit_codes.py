"""The site's audit codes: operations on the whole installation (backups, key rotation)."""

from django.utils.translation import gettext_lazy as _

from nrm.audit.codes import AuditCode


class SiteCode(AuditCode):
    BACKUP_CREATED = "backup.created", _("Made a backup")
    BACKUP_RESTORED = "backup.restored", _("Restored a backup")
    KEYS_ROTATED = "keys.rotated", _("Re-encrypted the data under the newest key")
    KEYS_REINDEXED = "keys.reindexed", _("Rebuilt the name index under the newest key")
