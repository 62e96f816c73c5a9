"""Date and time formats per language (settings.FORMAT_MODULE_PATH), overriding Django's:
its Albanian short date is "Y-m-d" and its time 12-hour ("g.i.A"), where Albanian
documents write 03.12.2026 and 14:05; its English short date is American (m/d/Y). Pages and
the human CSV exports format dates with SHORT_DATE_FORMAT / SHORT_DATETIME_FORMAT (docs/home.md)."""
