"""The `auditor` command (also `python -m auditor`): `auditor schedule SITES_FILE ...`.

A subcommand is a (configure(parser), run(args) -> exit status) pair in COMMANDS; modules are
imported only when their command runs, so `auditor --help` stays fast.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from auditor.runs.distributed import command as queue_command  # light: Redis is imported when run

EXIT_BAD_INPUT = 2
# Given by the schedule command's own options, not by -s.
_RESERVED_SETTINGS = {"REPORTS_DIR": "--reports-dir", "AUDITOR_HISTORY_URL": "--history-url"}


def configure_schedule(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sites_file", metavar="SITES_FILE", help="the sites file (YAML)")
    parser.add_argument("--once", action="store_true",
                        help="audit the sites due now, then exit (for cron or a systemd timer)")
    parser.add_argument("--dry-run", action="store_true",
                        help="list the sites due now and the next run of each; run nothing")
    parser.add_argument("--parallel", type=_positive_int, default=2, metavar="N",
                        help="audits at once (default 2)")
    parser.add_argument("--reports-dir", default="audit-reports", metavar="DIR",
                        help="REPORTS_DIR of the audits (default audit-reports)")
    parser.add_argument("--history-url", default="", metavar="URL",
                        help="AUDITOR_HISTORY_URL: an SQLAlchemy URL; default "
                             "DIR/history.sqlite; 'off' = no history (every site always due)")
    parser.add_argument("--timeout", type=_positive_float, default=900, metavar="SECONDS",
                        help="longest audit of one site before it is killed (default 900)")
    parser.add_argument("-s", "--set", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE",
                        help="a Scrapy setting for every audit (wins over the sites file)")


def run_schedule(args: argparse.Namespace) -> int:
    from auditor.runs.history.last_audits import history_last_audits
    from auditor.runs.schedule import plan, progress, runner, service
    from auditor.runs.sites_file import SitesFileError
    from auditor.runs.targets import read_sites_file

    try:
        sites_file = read_sites_file(args.sites_file)
        extra = _settings(args.settings)
    except (SitesFileError, ValueError) as exc:
        print(f"auditor schedule: {args.sites_file} cannot be used, nothing was run:",
              file=sys.stderr)
        for line in str(exc).splitlines():
            print(f"  {line}", file=sys.stderr)
        return EXIT_BAD_INPUT

    reports_dir = Path(args.reports_dir).resolve()
    last_audits = history_last_audits(args.history_url, reports_dir)
    if args.dry_run:
        from datetime import datetime, timezone
        plans = plan.plan(sites_file.sites, last_audits, datetime.now(timezone.utc),
                          sites_file.timezone)
        print(plan.describe_plans(plans, sites_file.timezone))
        return runner.EXIT_OK

    shown = progress.make_progress(sys.stderr)
    _logging(shown)
    audits = runner.AuditRunner(
        runner.ScrapyCommand(reports_dir, args.history_url or None, extra),
        logs_dir=reports_dir / "_logs", parallel=args.parallel, timeout=args.timeout,
        progress=shown, env=runner.crawl_environment())
    with shown:
        if not args.once:
            return service.run_forever(sites_file, audits, last_audits)
        # systemd stops a unit with SIGTERM: the running audits are ended, their sites stay due
        previous = signal.signal(signal.SIGTERM, lambda *_: audits.stop())
        try:
            results = service.run_once(sites_file, audits, last_audits)
        finally:
            signal.signal(signal.SIGTERM, previous)
    status = runner.exit_status(results)
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "threshold", "failed")}
    logging.getLogger("auditor.runs.schedule").info(
        "done: %d audited, %d over the alert threshold, %d failed; exit %d",
        counts["ok"] + counts["threshold"], counts["threshold"], counts["failed"], status)
    return status


# name -> (configure, run, help)
COMMANDS = {
    "schedule": (configure_schedule, run_schedule,
                 "audit the sites of a sites file on their schedules"),
    # distributed mode (README "Distributed mode")
    "enqueue": (queue_command.configure_enqueue, queue_command.run_enqueue,
                queue_command.ENQUEUE_HELP),
    "status": (queue_command.configure_status, queue_command.run_status,
               queue_command.STATUS_HELP),
}


def _settings(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"-s {pair!r}: expected NAME=VALUE")
        if name in _RESERVED_SETTINGS:
            raise ValueError(f"-s {name}: use {_RESERVED_SETTINGS[name]} instead")
        settings[name] = value
    return settings


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _logging(progress) -> None:
    console = getattr(progress, "console", None)
    if console is not None:  # a terminal: log lines above the live display
        from rich.logging import RichHandler
        handler = RichHandler(console=console, show_path=False)
        fmt = "%(message)s"
    else:
        handler = logging.StreamHandler(sys.stderr)
        fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=logging.INFO, format=fmt, handlers=[handler], force=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="auditor", description="The site auditor's commands.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (configure, run, text) in COMMANDS.items():
        sub = commands.add_parser(name, help=text, description=text)
        configure(sub)
        sub.set_defaults(run=run)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
