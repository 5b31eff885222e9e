"""Numbers, dates and durations as a French or English reader writes them."""
from __future__ import annotations

from datetime import datetime

from reports.i18n import Translator

DAYS_PER_MONTH = 30.44  # contract "durations"
DAYS_PER_YEAR = 365.25


def number(value, language: str, digits: int = 0) -> str:
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if language == "fr":  # 1 234,5 (narrow no-break space for thousands)
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def lifetime(days, t: Translator) -> str:
    """"2 ans", "13 mois", "90 jours", "session": the unit a policy would use."""
    if days is None:
        return t("duration.session")
    if days < 1:
        return t("duration.hours", n=number(max(days * 24, 0), t.language))
    if days < 60:
        return t("duration.days", n=number(days, t.language))
    months = days / DAYS_PER_MONTH
    if months < 24:
        return t("duration.months", n=number(months, t.language))
    years = days / DAYS_PER_YEAR
    digits = 0 if abs(years - round(years)) < 0.05 else 1
    return t("duration.years", n=number(years, t.language, digits))


def timestamp(iso, language: str) -> str:
    """"22/11/2026 08:00 UTC" (fr) or "2026-11-22 08:00 UTC" (en)."""
    if not isinstance(iso, str):
        return ""
    try:
        moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return iso
    pattern = "%d/%m/%Y %H:%M UTC" if language == "fr" else "%Y-%m-%d %H:%M UTC"
    return moment.strftime(pattern)
