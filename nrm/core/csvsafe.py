"""CSV for spreadsheets: a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage
return) would be read as a formula by Excel or LibreOffice; it is written with a leading
apostrophe, so it stays text (the OWASP "CSV injection" advice)."""

import csv

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


class Writer:
    """`csv.writer` whose every text cell goes through `cell`."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


# --- CSV for people (the pages' exports; docs/home.md) ----------------------------------------
# A person opens these in a spreadsheet: headers and values in their language (labels, not
# codes), times in local time (Europe/Tirane) in their language's format, and a UTF-8 byte
# order mark so that Excel reads "ë" and "ç" right. Machine formats (the API, `nrm audit
# export`) stay as the contract fixes them.

BOM = "\ufeff"


def local_datetime(value, *, seconds: bool = False) -> str:
    """An aware moment in local time, in the active language's short format."""
    from django.utils import formats, timezone

    if value is None:
        return ""
    pattern = formats.get_format("SHORT_DATETIME_FORMAT") + (":s" if seconds else "")
    return formats.date_format(timezone.localtime(value), pattern)


def human_response(filename: str, header, rows):
    """An attachment: the BOM, the header, the rows, every text cell formula-safe."""
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = Writer(response)
    writer.writerow([str(h) for h in header])
    writer.writerows(rows)
    return response
