"""The two modes of `auditor schedule`: the sites due now, once (cron, a systemd timer), or
every site on its own cron schedule until stopped (APScheduler)."""
from __future__ import annotations

import logging
import signal
from datetime import datetime, timezone

from auditor.runs.schedule.plan import LastAudits, plan
from auditor.runs.schedule.runner import EXIT_OK, AuditResult, AuditRunner
from auditor.runs.sites_file import Site, SitesFile

log = logging.getLogger(__name__)

MISFIRE_GRACE = 3600  # a fire missed by less (machine asleep, scheduler busy) still runs


def run_once(sites_file: SitesFile, runner: AuditRunner, last_audits: LastAudits,
             now: datetime | None = None) -> list[AuditResult]:
    """Audit the sites that are due now, and return."""
    plans = plan(sites_file.sites, last_audits, now or datetime.now(timezone.utc),
                 sites_file.timezone)
    due = [p.site for p in plans if p.due]
    log.info("%d sites, %d due", len(plans), len(due))
    runner.progress.expect(len(due))
    return runner.run_all(due)


def build_scheduler(sites_file: SitesFile, runner: AuditRunner, last_audits: LastAudits, *,
                    now: datetime | None = None, scheduler_class=None, trigger_for=None):
    """An APScheduler scheduler with one cron job per site; the sites already due (never
    audited, or a fire missed while nothing ran) start at once."""
    from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
    from apscheduler.schedulers.blocking import BlockingScheduler

    tz = sites_file.timezone
    now = now or datetime.now(tz)
    scheduler = (scheduler_class or BlockingScheduler)(
        timezone=tz,
        executors={"default": JobPool(runner.parallel)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": MISFIRE_GRACE})

    def audit(site: Site) -> None:
        runner.progress.expect(1)
        runner.run(site)

    for item in plan(sites_file.sites, last_audits, now, tz):
        trigger = trigger_for(item.site) if trigger_for else item.site.trigger(tz)
        extra = {"next_run_time": now} if item.due else {}
        scheduler.add_job(audit, trigger, args=[item.site], id=item.site.key,
                          name=f"audit {item.site.name}", **extra)
    return scheduler


def run_forever(sites_file: SitesFile, runner: AuditRunner, last_audits: LastAudits) -> int:
    """Audit each site on its schedule until SIGTERM or Ctrl-C."""
    scheduler = build_scheduler(sites_file, runner, last_audits)

    def stop(*_):
        log.info("stopping: running audits are terminated and stay due")
        runner.stop()
        scheduler.shutdown(wait=False)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        jobs = scheduler.get_jobs()
        log.info("scheduler started: %d sites (time zone %s)", len(jobs), sites_file.timezone)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK
