"""Numbers, dates and durations as a French or English reader writes them (Babel)."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from auditor.contract import DAYS_PER_MONTH, DAYS_PER_YEAR, REPORT_TIMEZONE, parse_iso
from reports.i18n import Translator

ZONE = ZoneInfo(REPORT_TIMEZONE)


def number(value, language: str, digits: int = 0) -> str:
    """1 234,5 (fr, narrow no-break space for thousands) or 1,234.5 (en)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=language)


def plural(t: Translator, key: str, n, **values) -> str:
    """The label `key.one` or `key.other` by the language's plural rule (French: 0 and 1 are
    singular), {n} the number written as the language writes it."""
    form = Locale.parse(t.language).plural_form(n)
    return t(f"{key}.{'one' if form == 'one' else 'other'}", n=number(n, t.language), **values)


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
    """"22/11/2026 08:00 UTC" (fr) or "2026-11-22 08:00 UTC" (en): the index and history."""
    if not isinstance(iso, str):
        return ""
    moment = parse_iso(iso)
    if moment is None:
        return iso
    pattern = "%d/%m/%Y %H:%M UTC" if language == "fr" else "%Y-%m-%d %H:%M UTC"
    return moment.strftime(pattern)


def paris_time(iso, t: Translator) -> str:
    """« 6 décembre 2026 à 23:15 (heure de Paris) »: a report.json UTC time in the report's
    zone, named; an unreadable time is shown as it was stored."""
    if not isinstance(iso, str):
        return ""
    moment = parse_iso(iso)
    if moment is None:
        return iso
    return t("time.zoned", date=format_date(moment.astimezone(ZONE), "long", locale=t.language),
             time=format_time(moment, "HH:mm", tzinfo=ZONE, locale=t.language))
