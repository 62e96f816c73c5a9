"""Date formats per language (settings.FORMAT_MODULE_PATH): what forms accept (docs/ui.md)
and how pages and the human CSV exports show dates (docs/home.md).

Django's Albanian short date is "Y-m-d" and its time 12-hour ("g.i.A"), where Albanian
documents write 03.12.2026 and 14:05; its English short date is American (m/d/Y).

Django's own English formats read 03/12/2026 as 12 March (American order) and its Albanian
ones have no input formats at all (the American list again): nrm's users write day first.
ISO stays first, so a date widget renders ISO, which a native <input type=date> needs.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"]
