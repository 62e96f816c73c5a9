"""Reading pages as a user does."""

import re

LAZY_PANEL = re.compile(r'hx-get="(/cases/\d+/panels/[^"]+/)"')


def case_page(client, case_id: int) -> str:
    """The case page as a reader who opens every panel: the page, then each panel it loads
    only when opened (registry.doors.case_panels, `lazy`)."""
    html = client.get(f"/cases/{case_id}/").content.decode()
    for url in LAZY_PANEL.findall(html):
        html += client.get(url).content.decode()
    return html
