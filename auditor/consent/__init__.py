"""Consent banners: find them, make the visitor's choice, and prove the choice took effect."""
