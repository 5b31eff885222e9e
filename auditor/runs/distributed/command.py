"""`auditor enqueue NAME SOURCES...` and `auditor status NAME`: fill a work queue of sites
and see where it stands. The `auditor` command (auditor/cli.py) is their front door."""
from __future__ import annotations

import argparse
import json
import sys

from auditor.browser.failures import check_url
from auditor.runs.targets import TargetsError, read_source, same_site_url

# Redis, Scrapy and the sites file are imported when a command runs: `auditor --help` stays fast.

BAD_INPUT, FAILED = 2, 1


def queue_sources(sources: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(URLs, problems, notes) of the sources given: each URL checked now, since a worker
    cannot tell the one who enqueued it; a problem names its file and line."""
    urls, problems, notes = [], [], []
    for source in sources:
        try:
            found = read_source(source)
        except TargetsError as exc:
            problems.extend(exc.messages)
            continue
        with_options = [target.site.name for target in found
                        if target.site and target.site.options]
        if with_options:
            named = ", ".join(with_options[:3]) + (", ..." if len(with_options) > 3 else "")
            notes.append(f"{source}: the options of {len(with_options)} site(s) ({named}) "
                         "are not used in distributed mode: the workers' settings apply")
        for target in found:
            problem = check_url(target.url)
            if problem:
                problems.append(f"{target.where}: {problem}")
            else:
                urls.append(same_site_url(target.url))
    return urls, problems, notes


def open_queue(args):
    from scrapy.settings import Settings
    from scrapy_redis.connection import get_redis_from_settings

    from auditor.runs.distributed.queue import WorkQueue
    settings = Settings()
    settings.setmodule("auditor.settings", priority="project")
    if args.redis_url:
        settings.set("REDIS_URL", args.redis_url, priority="cmdline")
    return WorkQueue(get_redis_from_settings(settings), args.queue)


def enqueue(args) -> int:
    urls, problems, notes = queue_sources(args.sources)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if problems:
        print("Nothing enqueued; fix these first:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return BAD_INPUT
    if not urls:
        print("Nothing to enqueue: no URL in the sources given", file=sys.stderr)
        return BAD_INPUT
    result = open_queue(args).enqueue(urls, again=args.again)
    print(f"queue {args.queue}: {result.added} added, {result.already_queued} already queued, "
          f"{result.already_done} already done"
          + ("" if args.again or not result.already_done else " (--again audits them again)"))
    return 0


def status(args) -> int:
    state = open_queue(args).status()
    if args.json:
        print(json.dumps(state, indent=2, ensure_ascii=False))
        return 0
    print(f"queue {args.queue}: {state['pending']} pending, {len(state['processing'])} "
          f"processing, {state['done']} done, {len(state['failed'])} failed")
    for url, worker in sorted(state["processing"].items()):
        print(f"  processing {url} (worker {worker})")
    for url, why in sorted(state["failed"].items()):
        print(f"  failed {url}: {why}")
    return 0


def _common(parser) -> None:
    parser.add_argument("queue", metavar="NAME", help="the queue's name")
    parser.add_argument("--redis-url", help="default: the REDIS_URL setting")


def configure_enqueue(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="a URL list (sites.txt), a sites file (sites.yaml) or a URL")
    parser.add_argument("--again", action="store_true",
                        help="audit sites already done once more")


def configure_status(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--json", action="store_true", help="the state as JSON")


def _guarded(command):
    def run(args) -> int:
        from redis.exceptions import RedisError
        try:
            return command(args)
        except ValueError as exc:  # a bad queue name
            print(exc, file=sys.stderr)
            return BAD_INPUT
        except RedisError as exc:
            print(f"Redis: {exc}", file=sys.stderr)
            return FAILED
    return run


run_enqueue, run_status = _guarded(enqueue), _guarded(status)
ENQUEUE_HELP = ("add sites to a work queue of `scrapy crawl site -a queue=NAME` workers "
                "(not those already pending, being audited or done)")
STATUS_HELP = "the pending, processing, done and failed sites of a work queue"
