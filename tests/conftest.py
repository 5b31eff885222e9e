import os
import shutil
import tempfile

import pytest

from tests.e2e import BAD_INPUT, BOULANGERIE, CABINET, SITES, SMALL_HEAP, start_crawl
from tests.world import BANNER_SITES, World


@pytest.fixture(scope="session")
def world():
    """One local HTTPS test world for the whole test session."""
    with World() as running:
        yield running


@pytest.fixture(scope="session")
def banner_crawl(world, tmp_path_factory):
    """The consent-banner sites' crawl, started once: `runs` waits for it beside the others;
    a test that needs only it waits for it alone (banner_crawl.wait())."""
    return start_crawl(tmp_path_factory.mktemp("banners"), [site.url for site in BANNER_SITES],
                       world.browser_args())


@pytest.fixture(scope="session")
def runs(world, banner_crawl, tmp_path_factory):
    """The real `scrapy crawl site` command, four runs side by side: the test-world sites,
    the bad inputs, a TLS failure and the consent banners. Tests read their reports."""
    args = world.browser_args()
    sites = start_crawl(tmp_path_factory.mktemp("sites"), SITES, args)
    bad = start_crawl(tmp_path_factory.mktemp("bad"), [*BAD_INPUT, BOULANGERIE],
                      args + [SMALL_HEAP], settings={"AUDITOR_PAGE_TIMEOUT": 15})
    # Without --ignore-certificate-errors the world's self-signed certificate is refused.
    tls = start_crawl(tmp_path_factory.mktemp("tls"), [CABINET],
                      [a for a in args if a != "--ignore-certificate-errors"],
                      ignore_https_errors=False)
    return {"sites": sites.wait(), "bad": bad.wait(), "tls": tls.wait(),
            "banners": banner_crawl.wait()}


@pytest.fixture(scope="session")
def reports(runs):
    """report.json of each test-world site, by URL: (run folder, report)."""
    return runs["sites"].reports()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (tests/postgres.py); new_database() per test."""
    from tests.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed "
                    "(Debian: apt-get install postgresql)")
    server = PostgresServer(bindir).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def changing_runs(world, request, tmp_path_factory):
    """Two audits of the test world's changing site, history on SQLite and on PostgreSQL
    (tests/history_e2e.py); the PostgreSQL half is left out when the server is missing."""
    from tests.history_e2e import run_changing_site
    from tests.webhook import WebhookReceiver

    try:
        postgres = request.getfixturevalue("postgres")
    except pytest.skip.Exception:
        postgres = None
    with WebhookReceiver() as webhook:
        yield run_changing_site(world, postgres, tmp_path_factory, webhook)


@pytest.fixture(scope="session")
def hostile_run(world, tmp_path_factory):
    """One crawl of every hostile site beside a normal one, in an empty working directory
    (tests/hostile_e2e.py); test_hostile.py and test_security.py read it."""
    from tests.hostile_e2e import run_hostile_crawl

    return run_hostile_crawl(world, tmp_path_factory)


# Test areas, for `pytest -m consent`, `-m world`...: by file. A test that needs the test
# world's Chromium (the `world` fixture, directly or through another) is also `browser`;
# `make check` runs the others.
AREAS = {
    "consent": ("test_consent_banner", "test_consent_e2e", "test_world_banners"),
    "world": ("test_world", "test_audit_e2e", "test_rules_e2e", "test_settle", "test_cookies",
              "test_capture_helpers", "test_snapshot"),
    "hostile": ("test_hostile", "test_security", "test_faults"),
    "runs": ("test_scheduler", "test_sites_file", "test_distributed", "test_resume",
             "test_history", "test_alerts", "test_run_summary"),
    "judge": ("test_rules", "test_knowledge", "test_policy", "test_wording"),
    "reports": ("test_reports", "test_report_history", "test_provenance", "test_report_print"),
}
_AREA_OF = {module: area for area, modules in AREAS.items() for module in modules}


def pytest_configure(config):
    # The value hash key (auditor/capture/hash_key.py) of every test and every crawl they
    # start is made in a folder of the session's own, never in the user's ~/.config.
    os.environ.pop("AUDITOR_HASH_KEY", None)
    config.auditor_config_home = tempfile.mkdtemp(prefix="auditor-tests-config-")
    os.environ["XDG_CONFIG_HOME"] = config.auditor_config_home
    config.addinivalue_line("markers", "browser: needs Chromium and the local test world")
    for area in AREAS:
        config.addinivalue_line("markers", f"{area}: the {area} tests")


def pytest_collection_modifyitems(config, items):
    for item in items:
        area = _AREA_OF.get(item.module.__name__.rsplit(".", 1)[-1])
        if area:
            item.add_marker(area)
        if "world" in getattr(item, "fixturenames", ()):
            item.add_marker("browser")


def pytest_unconfigure(config):
    shutil.rmtree(config.auditor_config_home, ignore_errors=True)
