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
