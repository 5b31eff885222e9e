"""Two rounds of real `scrapy crawl site` runs on the test world's changing site
(www.epicerie-moreau.fr), history on SQLite and on PostgreSQL side by side, and a webhook
receiver. Round 1 serves the "ga4" variant, round 2 the "hotjar" one.

    sqlite-1: epicerie                  history: default <REPORTS_DIR>/history.sqlite, no FAIL_ON
    pg-1:     epicerie + boulangerie    history: PostgreSQL, FAIL_ON=high
    sqlite-2: epicerie                  history: sqlite-1's file, FAIL_ON_NEW=high
    pg-2:     epicerie                  history: pg-1's database, no threshold
Every run posts to the webhook under its own path (/sqlite-1, ...)."""
from __future__ import annotations

from dataclasses import dataclass, field

from tests.e2e import BOULANGERIE, Run, start_crawl
from tests.world import changing

EPICERIE = changing.URL


@dataclass
class ChangingRuns:
    runs: dict[str, Run] = field(default_factory=dict)
    webhook: object = None

    def report(self, name: str, url: str = EPICERIE) -> tuple:
        return self.runs[name].reports()[url]


def run_changing_site(world, postgres, tmp_path_factory, webhook) -> ChangingRuns:
    args = world.browser_args()
    result = ChangingRuns(webhook=webhook)
    tmp = {name: tmp_path_factory.mktemp(name) for name in ("sqlite-1", "pg-1", "sqlite-2", "pg-2")}
    pg_url = postgres.new_database("e2e") if postgres else None

    def start(name, urls, settings):
        return start_crawl(tmp[name], urls, args, settings={
            "AUDITOR_ALERT_WEBHOOK": webhook.url(f"/{name}"), **settings})

    changing.use("ga4")
    try:
        first = {"sqlite-1": start("sqlite-1", [EPICERIE], {})}
        if pg_url:
            first["pg-1"] = start("pg-1", [EPICERIE, BOULANGERIE],
                                  {"AUDITOR_HISTORY_URL": pg_url, "FAIL_ON": "high"})
        for name, run in first.items():
            result.runs[name] = run.wait()
        changing.use("hotjar")
        sqlite_file = tmp["sqlite-1"] / "reports" / "history.sqlite"
        second = {"sqlite-2": start("sqlite-2", [EPICERIE], {
            "AUDITOR_HISTORY_URL": f"sqlite:///{sqlite_file}", "FAIL_ON_NEW": "high"})}
        if pg_url:
            second["pg-2"] = start("pg-2", [EPICERIE], {"AUDITOR_HISTORY_URL": pg_url})
        for name, run in second.items():
            result.runs[name] = run.wait()
    finally:
        changing.use("ga4")
    return result
