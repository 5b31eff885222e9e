"""Website compliance auditor: cookies, trackers and consent, legal notice and policies."""
