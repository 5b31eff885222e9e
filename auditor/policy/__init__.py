"""The site's own word: its legal notice, privacy policy and cookie policy, found among the
links of a loaded page, read as structured text, and turned into claims with their quotes.
Pure functions: HTML, PDF or text in; the report's `policy` and `legal_notice` blocks out."""
from auditor.policy.discovery import fallback_paths, find_policy_links
from auditor.policy.document import Block, Document
from auditor.policy.extract import extract_document
from auditor.policy.reader import read_policy, read_site_documents
from auditor.policy.vendors import declared_vendors

__all__ = ["Block", "Document", "declared_vendors", "extract_document", "fallback_paths",
           "find_policy_links", "read_policy", "read_site_documents"]
