"""The report's section on what the pages told the ad industry (report.json `signals`), in
words, per phase: « Avant tout choix : stockage publicitaire accordé ».

Each part (TCF, Consent Mode, GPC, fingerprinting) is a function of its own module that gives
{"id", "title", "intro", "rows": [{"phase", "text", "details": [str]}], "note"} or None when
the report has nothing to show for it; the template renders them alike."""
from __future__ import annotations

from reports.i18n import Translator
from reports.views.signals_consent_mode import consent_mode_part
from reports.views.signals_fingerprinting import fingerprinting_part
from reports.views.signals_gpc import gpc_part
from reports.views.signals_tcf import tcf_part

PARTS = (tcf_part, consent_mode_part, gpc_part, fingerprinting_part)


def signals_view(report: dict, t: Translator) -> list[dict]:
    """The parts the report has something to show for, in order."""
    signals = report.get("signals")
    if not isinstance(signals, dict):
        return []
    return [part for part in (build(report, t) for build in PARTS) if part]
