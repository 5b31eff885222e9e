"""Turns what the browser saw into plain, JSON-serialisable records."""
