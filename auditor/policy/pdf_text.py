"""A PDF's text (pypdf), read like plain text."""
from __future__ import annotations

import io

from auditor.policy.document import MAX_TEXT, Document

MAX_PAGES = 200


def document_from_pdf(content: bytes, url: str = "", kind_hints=(), detect=True) -> Document:
    """The PDF's text as a document; one that will not parse is a document with an error."""
    try:
        text, truncated = _pdf_text(content)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds; all mean "unreadable"
        return Document(url=url, content_type="application/pdf", kind_hints=set(kind_hints),
                        error=f"the PDF could not be read ({type(exc).__name__}: {exc})"[:300])
    doc = Document.from_text(text, url=url, kind_hints=kind_hints, detect=detect)
    doc.content_type = "application/pdf"
    doc.truncated = doc.truncated or truncated
    if doc.error == "the page has no text":
        doc.error = "the PDF has no text layer (a scan?)"
    return doc


def _pdf_text(content: bytes) -> tuple[str, bool]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        reader.decrypt("")  # most "protected" PDFs open with the empty password
    pages, size, truncated = [], 0, len(reader.pages) > MAX_PAGES
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        pages.append(text)
        size += len(text)
        if size > MAX_TEXT:
            truncated = True
            break
    return "\n\n".join(pages), truncated
