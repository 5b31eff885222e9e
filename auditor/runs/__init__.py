"""Batches of sites: which sites are audited, when, and what a run keeps of them.

- `targets.py` — which sites: `-a url=` / `-a urls=FILE`, URL lists, sites files, each site
  with its file and line; `sites_file.py` — the sites file's format (YAML, cron, options).
- `schedule/` — `auditor schedule`: which sites are due, each audit its own process.
- `distributed/` — a Redis work queue shared by workers; `auditor enqueue|status`.
- `resume.py` — a JOBDIR run resumed; `outcomes.py` — when a site counts as done.
- `history/` — every audit stored and compared with the one before.
- `alerts.py` — FAIL_ON thresholds and the webhook; `stats.py` — what a site adds to the
  crawl's stats; `folders.py` — REPORTS_DIR/<site>/<timestamp>/.
- `summary.py` — the summary a crawl ends with; `crawl_progress.py` — a batch's progress on
  a terminal.
"""
