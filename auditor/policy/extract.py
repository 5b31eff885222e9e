"""One entry point from a fetched response to a Document, whatever it holds."""
from __future__ import annotations

from auditor.policy.document import Document
from auditor.policy.html_text import document_from_html
from auditor.policy.pdf_text import document_from_pdf


def extract_document(content: str | bytes | None, url: str = "", content_type: str = "",
                     kind_hints=()) -> Document:
    """HTML, PDF or plain text in, a Document out; never raises: a page that cannot be read
    is a Document whose `error` says why."""
    content_type = (content_type or "").lower()
    try:
        if not content:
            return Document(url=url, content_type=content_type or "text/html",
                            kind_hints=set(kind_hints), error="the page is empty")
        head = content[:8] if isinstance(content, bytes) else content[:8].encode("utf-8", "ignore")
        if "pdf" in content_type or head.startswith(b"%PDF"):
            if isinstance(content, str):
                content = content.encode("latin-1", "ignore")
            return document_from_pdf(content, url, kind_hints)
        if content_type.startswith("text/plain"):
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
            return Document.from_text(text, url, kind_hints)
        return document_from_html(content, url, kind_hints)
    except Exception as exc:  # noqa: BLE001 - a reader must not take the audit down
        return Document(url=url, content_type=content_type, kind_hints=set(kind_hints),
                        error=f"the page could not be read ({type(exc).__name__}: {exc})"[:300])
