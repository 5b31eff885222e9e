"""The phases as the reader knows them: « Avant tout choix », « Après « Tout refuser » »."""
from __future__ import annotations

from auditor.contract import PHASES
from reports.i18n import Translator


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def phase_records(report: dict) -> dict[str, dict]:
    phases = _dict(report.get("phases"))
    return {name: _dict(phases.get(name)) for name in PHASES}


def without_click(name: str, phase: dict) -> bool:
    """An accept or reject visit whose click was not made: nothing in it is "after" it."""
    return name != "initial" and _dict(phase.get("consent_action")).get("performed") is not True


def phase_labels(report: dict, t: Translator) -> dict[str, str]:
    """Each phase's name for the reader: « Avant tout choix », « Après « Tout refuser » », and
    « Refus non effectué » where the reject click did not happen."""
    return {name: t(f"phase.not_performed.{name}") if without_click(name, phase) else t(f"phase.{name}")
            for name, phase in phase_records(report).items()}
