"""How the evidence was obtained: report.json's provenance (auditor/runs/provenance.py) and the
run folder's SHA256SUMS (reports/files.py), which `sha256sum -c` checks; units first, then the
folders of the real crawl (conftest's `reports`)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from datetime import datetime, timezone

import pytest

from auditor import settings as defaults
from auditor.audit import SiteAudit, SiteAuditItem
from auditor.contract import PHASES, parse_iso
from auditor.knowledge import Knowledge
from auditor.knowledge.datafiles import DATA_DIR
from auditor.rules.__main__ import main as rejudge
from auditor.runs.folders import MANIFEST, run_files, sha256_file
from reports.__main__ import main as rerender
from reports.i18n.provenance import method_sentence
from reports.pipelines import (
    CsvReportPipeline,
    HtmlReportPipeline,
    IndexPipeline,
    JsonReportPipeline,
    ManifestPipeline,
)
from tests.e2e import BOULANGERIE, ROOT
from tests.test_reports import synthetic_report

STARTED = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
KEYS = {"tool_version", "chromium_version", "data_versions", "started_at", "finished_at",
        "timezone", "pages_visited", "files", "method"}


def checked(folder):
    """`sha256sum -c SHA256SUMS` in the folder: (passed, the names it checked)."""
    done = subprocess.run(["sha256sum", "--check", "--strict", MANIFEST], cwd=folder,
                          capture_output=True, text=True)
    names = re.findall(r"^(.+): (?:OK|FAILED)", done.stdout, re.M)
    return done.returncode == 0, names


# --- provenance -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def knowledge():
    return Knowledge.load(use_trackerdb=False)


def audited(tmp_path) -> SiteAudit:
    audit = SiteAudit(url="https://www.exemple.fr/", folder=tmp_path, started_at=STARTED,
                      autoconsent="16.23.0", browser={"version": "156.0.8078.129"})
    home, page = "https://www.exemple.fr/", "https://www.exemple.fr/produits"
    for name in PHASES:
        audit.phases[name] = {"cookies": [], "requests": [], "storage": [],
                              "pages_visited": [home, page]}
        (tmp_path / f"{name}.har").write_text(f'{{"{name}": 1}}', encoding="utf-8")
        (tmp_path / f"screenshot-{name}.png").write_bytes(b"\x89PNG" + name.encode())
    audit.documents = {"pages_loaded": [home, "https://www.exemple.fr/mentions-legales"]}
    audit.pages["cookie_policy"] = "https://www.exemple.fr/cookies.pdf"
    return audit


def test_provenance_says_what_made_the_evidence_and_when(tmp_path, knowledge):
    report = audited(tmp_path).to_report(knowledge)
    made = report["provenance"]
    assert set(made) == KEYS and made["timezone"] == "Europe/Paris"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert made["tool_version"] == pyproject["project"]["version"]
    assert made["chromium_version"] == "156.0.8078.129"
    assert made["started_at"] == "2026-11-22T08:00:00Z" == report["started_at"]
    assert parse_iso(made["finished_at"]) > STARTED and made["finished_at"].endswith("Z")
    # Every page loaded, once, in the order of the audit.
    assert made["pages_visited"] == [
        "https://www.exemple.fr/", "https://www.exemple.fr/produits",
        "https://www.exemple.fr/mentions-legales", "https://www.exemple.fr/cookies.pdf"]
    # The evidence files written before report.json, with their SHA-256.
    assert set(made["files"]) == {f"{n}.har" for n in PHASES} | {f"screenshot-{n}.png" for n in PHASES}
    for name, digest in made["files"].items():
        assert digest == "sha256:" + sha256_file(tmp_path / name)
    # The reference data: outside sources' versions, a hash of each of the project's files.
    versions = made["data_versions"]
    assert versions["autoconsent"] == "16.23.0" and versions["trackerdb"] is None
    assert re.fullmatch(r"[0-9a-f]{40}", versions["open_cookie_database"])
    for path in DATA_DIR.glob("*.yaml"):
        assert versions[path.name] == "sha256:" + sha256_file(path)
    assert {"services.yaml", "cookies.yaml", "rules.yaml", "keywords.yaml"} <= set(versions)


def test_the_method_says_how_values_were_hashed_in_both_languages(tmp_path, knowledge):
    method = audited(tmp_path).to_report(knowledge)["provenance"]["method"]
    assert method["code"] == "keyed_hashes"
    assert method["params"] == {"algorithm": "HMAC-SHA-256", "prefix": "hmac-sha256:", "hex_digits": 32}
    assert method["text"] == method_sentence("keyed_hashes", method["params"])
    assert "HMAC-SHA-256" in method["text"] and "HAR" in method["text"] and "{" not in method["text"]
    french = method_sentence("keyed_hashes", method["params"], "fr")
    assert "clé secrète" in french and "HAR" in french and "{" not in french


def test_a_failed_audit_has_its_provenance_too(tmp_path, knowledge):
    report = SiteAudit(url="https://introuvable.invalid/", folder=tmp_path).to_report(knowledge)
    assert set(report["provenance"]) == KEYS
    assert report["provenance"]["pages_visited"] == [] and report["provenance"]["files"] == {}


# --- SHA256SUMS ---------------------------------------------------------------------------------
def test_the_manifest_is_the_last_file_written_and_sha256sum_checks_it(tmp_path):
    folder = tmp_path / "www.exemple.fr" / "20261122T080000Z"
    folder.mkdir(parents=True)
    (folder / "initial.har").write_text("{}", encoding="utf-8")
    (folder / "screenshot-initial.png").write_bytes(b"\x89PNG")
    (folder / ".report.json.x1.tmp").write_text("half", encoding="utf-8")  # being written
    item = SiteAuditItem(report=synthetic_report(), folder=str(folder))
    for pipeline in (JsonReportPipeline(), HtmlReportPipeline("en"), CsvReportPipeline(),
                     IndexPipeline("en"), ManifestPipeline()):
        assert pipeline.process_item(item) is item
    (folder / ".report.json.x1.tmp").unlink()
    files = {"report.json", "report.html", "cookies.csv", "requests.csv", "findings.csv",
             "initial.har", "screenshot-initial.png"}
    ok, names = checked(folder)
    assert ok and set(names) == files == set(run_files(folder))
    lines = (folder / MANIFEST).read_text(encoding="ascii").splitlines()
    assert all(re.fullmatch(r"[0-9a-f]{64}  [a-z0-9.-]+", line) for line in lines)
    # A file changed after the audit fails the check.
    (folder / "initial.har").write_text('{"changed": true}', encoding="utf-8")
    ok, _ = checked(folder)
    assert not ok
    # Last of the pipelines: the files any other pipeline writes are covered.
    order = defaults.ITEM_PIPELINES
    assert max(order, key=order.get) == "reports.pipelines.ManifestPipeline"


def test_re_rendering_and_re_judging_rewrite_the_manifest(tmp_path, capsys):
    folder = tmp_path / "www.exemple.fr" / "20261122T080000Z"
    folder.mkdir(parents=True)
    item = SiteAuditItem(report=synthetic_report(), folder=str(folder))
    for pipeline in (JsonReportPipeline(), HtmlReportPipeline("fr"), ManifestPipeline()):
        pipeline.process_item(item)
    before = (folder / "report.html").read_bytes()
    assert rerender([str(tmp_path), "--language", "en"]) == 0
    assert (folder / "report.html").read_bytes() != before
    ok, names = checked(folder)
    assert ok and {"report.html", "cookies.csv", "report.json"} <= set(names)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    report["findings"] = []  # judged again: findings and summary are recomputed
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    assert not checked(folder)[0]
    assert rejudge([str(folder / "report.json")]) == 0
    assert checked(folder)[0]
    # A report.json outside a run folder gets no manifest of its own.
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(folder / "report.json", alone / "report.json")
    assert rejudge([str(alone / "report.json")]) == 0
    assert not (alone / MANIFEST).exists()


# --- the real crawl's folders -----------------------------------------------------------------
def test_every_run_folder_of_the_crawl_passes_sha256sum(reports, tmp_path):
    for url, (folder, report) in reports.items():
        ok, names = checked(folder)
        assert ok, url
        assert set(names) == set(run_files(folder)) >= {"report.json", "report.html",
                                                      "cookies.csv", "initial.har"}
        made = report["provenance"]
        # The evidence in report.json is the evidence on disk, unchanged since.
        assert set(made["files"]) >= {f"{n}.har" for n in PHASES} | {
            f"screenshot-{n}.png" for n in PHASES}
        for name, digest in made["files"].items():
            assert digest == "sha256:" + sha256_file(folder / name), (url, name)
        assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", made["chromium_version"])
        assert made["chromium_version"].split(".")[0] in report["browser"]["user_agent"]
        # Every page the phases and the legal pages' browser loaded.
        visited = set(made["pages_visited"])
        for name in PHASES:
            assert set(report["phases"][name]["pages_visited"]) <= visited
        assert set(report["documents"]["pages_loaded"]) <= visited
        assert report["final_url"] in visited
    # A copy of a folder with one byte of a screenshot changed fails the check.
    folder, _ = reports[BOULANGERIE]
    copy = shutil.copytree(folder, tmp_path / "copy")
    shot = copy / "screenshot-initial.png"
    shot.write_bytes(shot.read_bytes()[:-1] + b"\x00")
    done = subprocess.run(["sha256sum", "-c", MANIFEST], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 1 and "screenshot-initial.png: FAILED" in done.stdout
