"""report.json `signals`: per phase, the contract's keys, in every ok report (auditor/signals)."""
from __future__ import annotations

from auditor.audit import SiteAudit
from auditor.browser.failures import Failure
from auditor.contract import PHASES
from auditor.knowledge import Knowledge

SIGNAL_KEYS = {"tcf", "consent_mode", "gpc"}


def _report(tmp_path, ok=True):
    audit = SiteAudit(url="https://exemple.fr/", folder=tmp_path, final_url="https://exemple.fr/")
    if not ok:
        audit.fail(Failure("timeout", {"seconds": 30}))
    return audit.to_report(Knowledge.load(use_trackerdb=False))


def test_every_ok_report_has_signals_per_phase(tmp_path):
    signals = _report(tmp_path)["signals"]
    assert set(signals) == set(PHASES)
    for phase in PHASES:
        assert SIGNAL_KEYS <= set(signals[phase])
        assert isinstance(signals[phase]["consent_mode"], list)


def test_a_site_not_audited_has_no_signals(tmp_path):
    assert _report(tmp_path, ok=False)["signals"] is None
