"""Numbers, dates and durations as a French or English reader writes them."""
from __future__ import annotations

from auditor.contract import DAYS_PER_MONTH, DAYS_PER_YEAR, parse_iso
from reports.i18n import Translator


def number(value, language: str, digits: int = 0) -> str:
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if language == "fr":  # 1 234,5 (narrow no-break space for thousands)
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _count(t: Translator, unit: str, value: float, digits: int = 0) -> str:
    text = number(value, t.language, digits)
    return t(f"duration.{unit}_{'one' if text == '1' else 'other'}", n=text)


def lifetime(days, t: Translator) -> str:
    """"2 ans", "13 mois", "90 jours", "session": the unit a policy would use."""
    if days is None:
        return t("duration.session")
    if days < 1:
        return _count(t, "hours", max(days * 24, 0))
    years = days / DAYS_PER_YEAR
    # Whole years read as a policy writes them (730 days: "2 years", not "24 months").
    if years >= 0.98 and abs(years - round(years)) <= 0.02 * years:
        return _count(t, "years", round(years))
    if days < 60:
        return _count(t, "days", days)
    months = days / DAYS_PER_MONTH
    if months < 24:
        return _count(t, "months", months)
    return _count(t, "years", years, 0 if abs(years - round(years)) < 0.05 else 1)


def timestamp(iso, language: str) -> str:
    """"22/11/2026 08:00 UTC" (fr) or "2026-11-22 08:00 UTC" (en)."""
    if not isinstance(iso, str):
        return ""
    moment = parse_iso(iso)
    if moment is None:
        return iso
    pattern = "%d/%m/%Y %H:%M UTC" if language == "fr" else "%Y-%m-%d %H:%M UTC"
    return moment.strftime(pattern)
