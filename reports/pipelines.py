"""Item pipelines that write a site's report files into its run folder."""
from __future__ import annotations

import json
import os
from pathlib import Path

from auditor.audit import SiteAuditItem


def write_atomically(path: Path, text: str) -> None:
    """A report is whole or absent, even if the run is killed while writing."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class JsonReportPipeline:
    def process_item(self, item):
        if isinstance(item, SiteAuditItem):
            path = Path(item.folder) / "report.json"
            write_atomically(path, json.dumps(item.report, ensure_ascii=False, indent=2))
        return item
