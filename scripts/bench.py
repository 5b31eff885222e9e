"""`make bench`: how fast the auditor is on the local test world, and what it costs.

Audits N test-world sites with the real `scrapy crawl site` at concurrency 1, 2 and 4
(CONCURRENT_REQUESTS = PLAYWRIGHT_MAX_CONTEXTS = sites audited at once) and prints for each
run: the median and p95 seconds of one full audit (three phases, the withdrawal and the policy pages:
report.json `duration_s`), sites per hour (the run's wall clock), and the peak memory of the
crawl's whole process tree (the crawl and every Chromium process under it, sampled every
0.2 s; RSS summed as asked, PSS beside it, which counts shared pages once).

In the same run it measures the floor: the same page loads (each phase's pages, the policy
pages the documents browser loaded), each browser a fresh persistent Chromium profile as in
the audit, with no waiting and no analysis; then the ratio of the medians at concurrency 1.
Where the audit's time goes, step by step, comes from report.json `timings_s`.

Not a test: the figures depend on the machine and on whatever else runs on it.

    .venv/bin/python scripts/bench.py [--sites 12] [--concurrency 1,2,4] [--keep DIR]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.browser.launch import PROFILE_PREFIX  # noqa: E402
from auditor.contract import PHASES, WITHDRAW_PHASE  # noqa: E402

# The browsers of an audit: the contract's phases, the withdrawal's, the legal pages'.
BROWSERS = (*PHASES, WITHDRAW_PHASE, "documents")

# The demo sites that comply and those that break the rules, the consent managers, the chat
# widget and the late tracker; more sites cycle through the longer list.
SITES = [
    "https://www.boulangerie-martin.fr/",
    "https://www.cabinet-durand.fr/",
    "https://www.atelier-chat.fr/",
    "https://www.fleuriste-rose.fr/",
    "https://www.opticien-renaud.fr/",
    "https://www.garage-dupuis.fr/",
    "https://www.serrurier-rapide.fr/",
    "https://www.fromagerie-lambert.fr/",
    "https://www.librairie-des-quais.fr/",
    "https://personnaliser.exemple-consentement.fr/",
    "https://egal.exemple-consentement.fr/",
    "https://www.patisserie-lente.fr/",
    "https://www.cave-des-coteaux.fr/",
    "https://www.mediatheque-saint-leu.fr/",
    "https://continuer-sans-accepter.exemple-consentement.fr/",
    "https://iframe.exemple-consentement.fr/",
    "https://ombre.exemple-consentement.fr/",
    "https://ok-non-merci.exemple-consentement.fr/",
    "https://www.imprimerie-paresseuse.fr/",
    "https://www.piege-exemple.fr/",
]
TARGET_SITES_PER_HOUR = 1500
TARGET_RATIO = 3.0
TARGET_PEAK_GIB = 2.0
MEMORY_SAMPLE_S = 0.2


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 12 values is the 12th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def profile_phase(proc) -> str | None:
    """The audit phase a Chromium browser process runs for: its profile folder is named
    auditor-profile-<pid>-<phase>-… (BrowserProfile.new_profile_dir); None for others."""
    try:
        for arg in proc.cmdline():
            if arg.startswith("--user-data-dir="):
                name = Path(arg.split("=", 1)[1]).name
                if name.startswith(PROFILE_PREFIX):
                    parts = name[len(PROFILE_PREFIX):].split("-")
                    return parts[1] if len(parts) > 2 else None
    except psutil.Error:
        pass
    return None


def process_kind(proc) -> str:
    """A process's name; Chromium's with its role (browser, renderer, gpu-process...), to see
    where the browser's CPU goes."""
    name = proc.name()
    if "chrom" not in name:
        return name
    try:
        kinds = [arg.split("=", 1)[1] for arg in proc.cmdline() if arg.startswith("--type=")]
        subs = [arg.split("=", 1)[1].rsplit(".", 1)[-1] for arg in proc.cmdline()
                if arg.startswith("--utility-sub-type=")]
    except psutil.Error:
        return name
    return f"{name}:{'/'.join(kinds + subs) or 'browser'}"


class TreeSampler(threading.Thread):
    """Peak memory and CPU time of a process and all its descendants, sampled."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_rss = self.peak_pss = 0
        self.peak_processes = 0
        self.cpu_seen: dict[tuple, tuple[str, float]] = {}  # (pid, start) -> (name, CPU s)
        self.phase_of: dict[tuple, str | None] = {}  # (pid, start) -> the phase of its browser
        self.done = threading.Event()

    def cpu_by_name(self) -> dict[str, float]:
        """CPU seconds by process name (as last sampled: a lower bound)."""
        found: dict[str, float] = {}
        for name, seconds in self.cpu_seen.values():
            found[name] = found.get(name, 0.0) + seconds
        return found

    def cpu_by_phase(self) -> dict[str, float]:
        """Chromium's CPU seconds by the audit phase its browser ran (as last sampled)."""
        found: dict[str, float] = {}
        for key, (_name, seconds) in self.cpu_seen.items():
            phase = self.phase_of.get(key)
            if phase:
                found[phase] = found.get(phase, 0.0) + seconds
        return found

    def _phase(self, proc, key) -> str | None:
        # a browser's own profile folder, or its nearest parent's (renderers, GPU, zygote)
        if key not in self.phase_of:
            phase = profile_phase(proc)
            if phase is None:
                try:
                    parent = proc.parent()
                    if parent is not None and "chrom" in parent.name():
                        phase = self._phase(parent, (parent.pid, parent.create_time()))
                except psutil.Error:
                    pass
            self.phase_of[key] = phase
        return self.phase_of[key]

    def run(self):
        while not self.done.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            rss = pss = 0
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:  # gone meanwhile
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                try:
                    times = proc.cpu_times()
                    key = (proc.pid, proc.create_time())
                    name = self.cpu_seen[key][0] if key in self.cpu_seen else process_kind(proc)
                    self.cpu_seen[key] = (name, times.user + times.system)
                    if "chrom" in name:
                        self._phase(proc, key)
                except psutil.Error:
                    pass
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(procs))
            self.done.wait(MEMORY_SAMPLE_S)


def reap(process: subprocess.Popen, deadline: float) -> tuple[int, float]:
    """Wait for the crawl (killed with its group at the deadline): its exit status and the
    CPU seconds it and every descendant it waited for used (Chromium's included)."""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.2)


def crawl(sites: list[str], concurrency: int, folder: Path, world: dict,
          settings: list[str], timeout: float) -> dict:
    folder.mkdir(parents=True)
    listing = folder / "sites.txt"
    listing.write_text("\n".join(sites) + "\n", encoding="utf-8")
    command = [str(Path(sys.executable).with_name("scrapy")), "crawl", "site",
               "-a", f"urls={listing}",
               "-s", f"REPORTS_DIR={folder / 'reports'}",
               "-s", f"AUDITOR_BROWSER_ARGS={json.dumps(world['browser_args'])}",
               "-s", "AUDITOR_IGNORE_HTTPS_ERRORS=1",
               "-s", f"CONCURRENT_REQUESTS={concurrency}",
               "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
               "-s", f"PLAYWRIGHT_MAX_CONTEXTS={concurrency}",
               *[part for setting in settings for part in ("-s", setting)]]
    started = time.monotonic()
    with (folder / "crawl.log").open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        memory = TreeSampler(process.pid)
        memory.start()
        try:
            returncode, cpu = reap(process, started + timeout)
        finally:
            memory.done.set()
            memory.join()
    # Chromium's processes are not all waited for up the chain: the sampled sum is the
    # better (lower) bound then.
    cpu = max(cpu, sum(memory.cpu_by_name().values()))
    wall = time.monotonic() - started
    reports = [json.loads(p.read_text(encoding="utf-8"))
               for p in sorted((folder / "reports").glob("*/*/report.json"))]
    return {"concurrency": concurrency, "returncode": returncode, "wall": wall, "cpu": cpu,
            "reports": reports, "peak_rss": memory.peak_rss, "peak_pss": memory.peak_pss,
            "peak_processes": memory.peak_processes, "log": folder / "crawl.log",
            "cpu_by_name": memory.cpu_by_name(), "cpu_by_phase": memory.cpu_by_phase()}


def browsers_of(report: dict) -> list[list[str]]:
    """The pages each of a site's browsers loaded in its audit (the withdrawal's when it ran)."""
    loads = [report["phases"][name].get("pages_visited") or [] for name in PHASES]
    loads.append((report.get("withdrawal") or {}).get("pages_visited") or [])
    documents = report.get("documents") or {}
    loads.append(documents.get("pages_loaded") or [report["final_url"] or report["url"]])
    return [pages for pages in loads if pages]


async def floor(reports: list[dict], world: dict) -> list[float]:
    """Seconds per site to load the audit's pages in fresh profiles, nothing else."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    from auditor.browser.launch import BrowserProfile, find_chromium

    profile = BrowserProfile(find_chromium(os.environ.get("AUDITOR_CHROMIUM")),
                             extra_args=world["browser_args"], ignore_https_errors=True)
    seconds = []
    async with async_playwright() as playwright:
        for report in reports:
            started = time.monotonic()
            for pages in browsers_of(report):
                profile_dir = profile.new_profile_dir()
                kwargs = profile.context_kwargs(profile_dir, None)
                context = await playwright.chromium.launch_persistent_context(
                    kwargs.pop("user_data_dir"), **kwargs)
                page = context.pages[0] if context.pages else await context.new_page()
                for url in pages:
                    try:
                        await page.goto(url, wait_until="load", timeout=30_000)
                    except PlaywrightError:
                        pass  # a download (PDF policy) or a failure: loaded as far as it goes
                await context.close()
                shutil.rmtree(profile_dir, ignore_errors=True)
            seconds.append(time.monotonic() - started)
    return seconds


def step_shares(reports: list[dict]) -> list[tuple[str, float]]:
    """Mean seconds per site of each step over its browsers (timings_s)."""
    totals: dict[str, float] = {}
    for report in reports:
        for timed in [report["phases"][name] for name in PHASES] + [report.get("withdrawal") or {},
                                                                     report.get("documents") or {}]:
            for step, secs in (timed.get("timings_s") or {}).items():
                totals[step] = totals.get(step, 0.0) + secs
    return sorted(((step, total / len(reports)) for step, total in totals.items()),
                  key=lambda item: (item[0].split(".")[0], "." in item[0], item[0]))


def timed_browser(report: dict, name: str) -> dict | None:
    if name == WITHDRAW_PHASE:
        return report.get("withdrawal")
    if name == "documents":
        return report.get("documents")
    return report["phases"].get(name)


def phase_costs(run: dict) -> list[tuple[str, int, float, float]]:
    """Per browser (phase): sites where it ran, and per site where it ran its mean wall seconds
    (timings_s summed) and Chromium CPU seconds (sampled, by the phase in its profile folder's
    name): the withdrawal runs only where there is a consent to withdraw."""
    ok = [r for r in run["reports"] if r["status"] == "ok"]
    rows = []
    for name in BROWSERS:
        ran = [sum((timed_browser(r, name) or {}).get("timings_s", {}).values()) for r in ok
               if (timed_browser(r, name) or {}).get("timings_s")]
        cpu = run.get("cpu_by_phase", {}).get(name, 0.0)
        rows.append((name, len(ran), statistics.mean(ran) if ran else 0.0, cpu / max(1, len(ran))))
    return rows


def print_run(run: dict) -> None:
    ok = [r for r in run["reports"] if r["status"] == "ok"]
    durations = [r["duration_s"] for r in ok]
    run["median"] = statistics.median(durations) if durations else float("nan")
    run["p95"] = percentile(durations, 0.95) if durations else float("nan")
    run["per_hour"] = len(run["reports"]) / run["wall"] * 3600 if run["wall"] else 0.0
    print(f"{run['concurrency']:>11}  {len(run['reports']):>5}  {len(ok):>3}  "
          f"{run['median']:>8.1f}  {run['p95']:>6.1f}  {run['per_hour']:>7.0f}  "
          f"{run['wall']:>6.0f}  {run['cpu'] / max(1, len(run['reports'])):>9.1f}  "
          f"{run['peak_rss'] / 2**30:>8.2f}  {run['peak_pss'] / 2**30:>8.2f}  "
          f"{run['peak_processes']:>5}")


def cpu_shares(by_name: dict[str, float], sites: int) -> str:
    return ", ".join(f"{name} {secs / sites:.1f} s"
                     for name, secs in sorted(by_name.items(), key=lambda kv: -kv[1])
                     if sites and secs / sites >= 0.05)


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=12, help="sites audited per run (12)")
    parser.add_argument("--concurrency", default="1,2,4", help="runs, comma-separated (1,2,4)")
    parser.add_argument("--keep", help="keep the runs' reports and logs in this folder")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor")
    parser.add_argument("-s", dest="settings", action="append", default=[],
                        metavar="NAME=VALUE", help="a Scrapy setting for every run")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",") if c.strip()]
    sites = [SITES[i % len(SITES)] for i in range(args.sites)]
    work = Path(args.keep or tempfile.mkdtemp(prefix="auditor-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    world_process = subprocess.Popen([sys.executable, "-m", "tests.world"], cwd=ROOT,
                                     stdout=subprocess.PIPE, text=True)
    try:
        world = json.loads(world_process.stdout.readline())
        load_before = os.getloadavg()
        print(f"Benchmark: {len(sites)} test-world sites, concurrency {args.concurrency}, "
              f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} at start")
        runs = []
        for level in levels:
            print(f"  auditing at concurrency {level}...", flush=True)
            runs.append(crawl(sites, level, work / f"concurrency-{level}", world, args.settings,
                              timeout=120 + 180 * len(sites) / level))
        base = next((r for r in runs if r["concurrency"] == 1), runs[0])
        floors, floor_cpu, floor_by_name = [], 0.0, {}
        if not args.no_floor:
            print("  loading the same pages with no waiting (the floor)...", flush=True)
            sampler = TreeSampler(os.getpid())
            sampler.start()
            floors = asyncio.run(floor([r for r in base["reports"] if r["status"] == "ok"], world))
            sampler.done.set()
            sampler.join()
            floor_by_name = {name: secs for name, secs in sampler.cpu_by_name().items()
                             if not name.startswith("python")}
            floor_cpu = sum(floor_by_name.values())
        load_after = os.getloadavg()
    finally:
        world_process.terminate()
        world_process.wait(timeout=10)

    print()
    print("concurrency  sites   ok  median_s   p95_s  sites/h  wall_s  CPU_s/site  peak_GiB"
          "  (PSS GiB)  procs")
    for run in runs:
        print_run(run)
        if run["returncode"] != 0 or len(run["reports"]) < len(sites):
            print(f"             (exit {run['returncode']}, {len(run['reports'])} reports: "
                  f"see {run['log']})")
    floor_median = statistics.median(floors) if floors else None
    if floor_median:
        print(f"\nfloor at concurrency 1 (same page loads, fresh profiles, no waiting): "
              f"median {floor_median:.1f} s per site, p95 {percentile(floors, 0.95):.1f} s, "
              f"browser CPU {floor_cpu / len(floors):.1f} s per site")

    ok_base = [r for r in base["reports"] if r["status"] == "ok"]
    if ok_base:
        mean_duration = statistics.mean(r["duration_s"] for r in ok_base)
        print(f"\nwhere an audit's time goes at concurrency {base['concurrency']} "
              f"(mean s per site over its browsers; mean audit {mean_duration:.1f} s):")
        counted = 0.0
        for step, secs in step_shares(ok_base):
            sub = "." in step
            counted += 0 if sub else secs
            print(f"  {'  ' if sub else ''}{step:<24} {secs:6.2f} s"
                  + ("" if sub else f"  {secs / mean_duration:5.1%}"))
        rest = mean_duration - counted
        print(f"  {'other (engine, judging)':<24} {rest:6.2f} s  {rest / mean_duration:5.1%}")
        print("  by browser (phase): sites where it ran; per such site, wall s and Chromium CPU s (sampled):")
        for name, count, wall, cpu in phase_costs(base):
            print(f"    {name:<10} {count:>3} sites  {wall:6.2f} s  {cpu:6.2f} CPU s")
        print(f"  CPU per site by process (sampled): "
              f"{cpu_shares(base['cpu_by_name'], len(base['reports']))}")
        if floor_by_name:
            print(f"  the floor's, for comparison: {cpu_shares(floor_by_name, len(floors))}")

    cpus = os.cpu_count() or 1
    best = max(runs, key=lambda r: r["per_hour"])
    audit_cpu = best["cpu"] / max(1, len(best["reports"]))
    print(f"\nCPU-bound ceiling with all {cpus} CPUs to the crawl: "
          f"{cpus * 3600 / audit_cpu:.0f} sites/h for the audit ({audit_cpu:.1f} CPU s per site)"
          + (f", {cpus * 3600 * len(floors) / floor_cpu:.0f} sites/h for the floor alone"
             if floors and floor_cpu else ""))
    # The lowest concurrency within 10 % of the best throughput, memory permitting.
    fitting = [r for r in runs if r["per_hour"] >= 0.9 * best["per_hour"]
               and r["peak_pss"] < TARGET_PEAK_GIB * 2**30]
    if fitting:
        print(f"suggested concurrency here: {min(r['concurrency'] for r in fitting)} "
              "(the lowest within 10 % of the best sites per hour, PSS peak under budget)")

    print("\ntargets (a 2-core machine):")
    print(f"  sites per hour at the best concurrency ({best['concurrency']}): "
          f"{best['per_hour']:.0f} (target >= {TARGET_SITES_PER_HOUR}): "
          f"{verdict(best['per_hour'] >= TARGET_SITES_PER_HOUR)}")
    if floor_median and base["concurrency"] == 1:
        ratio = base["median"] / floor_median
        print(f"  median audit / median floor at concurrency 1: {ratio:.2f} "
              f"(target <= {TARGET_RATIO:g}): {verdict(ratio <= TARGET_RATIO)}")
    four = next((r for r in runs if r["concurrency"] == 4), None)
    if four:
        # Summed RSS counts the pages Chromium's processes share once per process; PSS
        # shares them out, so it adds up to what the tree really holds.
        for name, key in (("RSS summed", "peak_rss"), ("PSS", "peak_pss")):
            peak = four[key] / 2**30
            print(f"  peak memory of the whole tree at concurrency 4, {name}: {peak:.2f} GiB "
                  f"(target < {TARGET_PEAK_GIB:g} GiB): {verdict(peak < TARGET_PEAK_GIB)}")
    print(f"\nload average {load_before[0]:.1f} at start, {load_after[0]:.1f} at the end: "
          "on a machine shared with other work the figures are noisy.")
    if args.keep:
        print(f"reports and logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
