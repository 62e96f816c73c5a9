"""Date formats nrm accepts in forms, per language (settings.FORMAT_MODULE_PATH, docs/ui.md).

Django's own English formats read 03/12/2026 as 12 March (American order) and its Albanian
ones have no input formats at all (the American list again): nrm's users write day first.
ISO stays first, so a date widget renders ISO, which a native <input type=date> needs.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"]
