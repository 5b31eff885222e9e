"""`auditor schedule`: the sites of a sites file audited on their cron schedules, each audit
its own `scrapy crawl site` process.

- `plan.py` — which sites are due (pure: sites + last audit times + a clock). The last audit
  times come from the history (auditor.runs.history.last_audits), so a batch interrupted and
  started again skips the sites it had already audited.
- `runner.py` — audits as subprocesses (one process group each, so a timeout kills the
  browser too), at most `parallel` at once, each logged to REPORTS_DIR/_logs/.
- `progress.py` — what a run shows: log lines, or a live display on a terminal.
- `service.py` — the two modes: `run_once()` runs what is due and returns; `run_forever()`
  keeps running with one APScheduler cron job per site.
"""
