"""Printable documents: HTML rendered to PDF by WeasyPrint (fonts: DejaVu Sans)."""


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a document is printed

    return HTML(string=html).write_pdf()
