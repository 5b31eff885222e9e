"""The sites file: a good one loads with its defaults; a bad one names each line and field."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from auditor.runs.sites_file import SitesFileError, parse_sites
from auditor.runs.targets import read_sites_file

ROOT = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")

GOOD = """\
timezone: Europe/Brussels
defaults:
  schedule: "0 2 * * *"
  tags: [client-a]
  options:
    report_language: en
    fail_on_new: high
    autoconsent: false
sites:
  - url: https://www.boulangerie-martin.fr/
    name: Boulangerie Martin
    tags: [commerce]
  - url: http://www.cabinet-durand.fr:8443/contact
    schedule: "30 3 * * 1"
    options:
      report_language: fr
      internal_pages: 4
      browser_args: ["--lang=fr-FR"]
      page_timeout: 45
"""


def errors(text: str) -> list[str]:
    with pytest.raises(SitesFileError) as caught:
        parse_sites(text, "sites.yaml")
    assert str(caught.value) == "\n".join(caught.value.messages)
    return caught.value.messages


def test_a_good_file_loads_with_its_defaults_applied():
    sites_file = parse_sites(GOOD)
    assert sites_file.timezone == ZoneInfo("Europe/Brussels")
    first, second = sites_file.sites

    assert (first.name, first.key, first.schedule) == (
        "Boulangerie Martin", "www.boulangerie-martin.fr", "0 2 * * *")
    assert first.tags == ("client-a", "commerce")
    assert first.settings() == {"REPORT_LANGUAGE": "en", "FAIL_ON_NEW": "high",
                                "AUDITOR_AUTOCONSENT": "0"}
    assert first.line == 10

    # the site's own values win over the defaults; no name means the host
    assert (second.name, second.key, second.schedule) == (
        "www.cabinet-durand.fr", "www.cabinet-durand.fr-8443", "30 3 * * 1")
    assert second.tags == ("client-a",)
    assert second.settings() == {
        "REPORT_LANGUAGE": "fr", "FAIL_ON_NEW": "high", "AUDITOR_AUTOCONSENT": "0",
        "AUDITOR_INTERNAL_PAGES": "4", "AUDITOR_BROWSER_ARGS": json.dumps(["--lang=fr-FR"]),
        "AUDITOR_PAGE_TIMEOUT": "45.0"}


def test_the_time_zone_defaults_to_paris_and_the_example_file_loads():
    sites_file = read_sites_file(ROOT / "examples" / "sites.yaml")
    assert sites_file.timezone == PARIS
    assert len(sites_file.sites) == 3
    assert all(site.schedule for site in sites_file.sites)


def test_each_bad_entry_is_reported_with_its_line_and_field_all_at_once():
    text = """\
defaults:
  schedule: "0 2 * * *"
sites:
  - url: https://ok.example.fr
  - url: ftp://files.example.fr
  - name: no address
  - url: https://b.example.fr
    schedule: "61 * * * *"
  - url: https://c.example.fr
    options:
      colour: red
      internal_pages: many
  - url: https://OK.example.fr/other-page
"""
    assert errors(text) == [
        'sites.yaml:5: sites[1].url: "ftp://files.example.fr" is not an http(s) URL',
        "sites.yaml:6: sites[2].url: required (each site needs a url)",
        'sites.yaml:8: sites[3].schedule: "61 * * * *" is not a valid cron expression '
        "(minute: the last value (61) is higher than the maximum value (59))",
        "sites.yaml:11: sites[4].options.colour: unknown option 'colour' (known: "
        "report_language, internal_pages, page_timeout, settle_quiet, settle_cap, banner_wait, "
        "autoconsent, trackerdb, browser_args, ignore_https_errors, fail_on, fail_on_new)",
        "sites.yaml:12: sites[4].options.internal_pages: Input should be a valid integer, "
        'unable to parse string as an integer (got "many")',
        "sites.yaml:13: sites[5].url: same site as sites[0] (line 4): ok.example.fr",
    ]


@pytest.mark.parametrize("entry, expected", [
    ('  - url: https://a.fr\n    schedule: "0 2 * *"\n',
     'sites.yaml:4: sites[0].schedule: "0 2 * *" is not a valid cron expression '
     "(5 fields expected: minute hour day month weekday; got 4)"),
    ('  - url: https://a.fr\n    schedule: "0 25 * * *"\n',
     'sites.yaml:4: sites[0].schedule: "0 25 * * *" is not a valid cron expression '
     "(hour: the last value (25) is higher than the maximum value (23))"),
    ('  - url: https://a.fr\n    schedule: "0 2 * * 6-1"\n',
     'sites.yaml:4: sites[0].schedule: "0 2 * * 6-1" is not a valid cron expression '
     "(weekday: range '6-1' goes backwards)"),
    ("  - url: https://a.fr\n    tags: shop\n",
     'sites.yaml:4: sites[0].tags: Input should be a valid list (got "shop")'),
    ("  - url: https://a.fr\n    options: {fail_on: critical}\n",
     "sites.yaml:4: sites[0].options.fail_on: Input should be 'info', 'low', 'medium' or "
     "'high' (got \"critical\")"),
    ("  - url: https://a.fr\n    options: {report_language: de}\n",
     'sites.yaml:4: sites[0].options.report_language: "de" is not a report language (en, fr)'),
    ("  - url: https://a.fr\n    options: {browser_args: --lang=fr}\n",
     'sites.yaml:4: sites[0].options.browser_args: Input should be a valid list '
     '(got "--lang=fr")'),
    ("  - url: https://a.fr\n    colour: red\n",
     "sites.yaml:4: sites[0].colour: unknown field 'colour'"),
    ("  - url: https://a.fr\n    url: https://b.fr\n",
     "sites.yaml:4: sites[0]: 'url' given twice"),
    ("  - url: https:///nohost\n",
     'sites.yaml:3: sites[0].url: "https:///nohost" has no host'),
])
def test_one_bad_value(entry, expected):
    text = 'defaults: {schedule: "0 2 * * *"}\nsites:\n' + entry
    assert errors(text) == [expected]


def test_a_site_without_schedule_needs_a_default_one():
    text = "sites:\n  - url: https://a.fr\n    name: A\n"
    assert errors(text) == [
        "sites.yaml:2: sites[0].schedule: no schedule (give one here or in defaults.schedule)"]
    assert parse_sites("defaults: {schedule: '0 2 * * *'}\n" + text).sites[0].schedule == \
        "0 2 * * *"


def test_top_level_errors():
    assert errors("timezone: Europe/Pari\nsites: []\n") == [
        'sites.yaml:1: timezone: "Europe/Pari" is not a known time zone (e.g. Europe/Paris)']
    assert errors("defaults:\n  schedule: '0 2 * * *'\n") == ["sites.yaml:1: sites: required"]
    assert errors("- https://a.fr\n") == [
        "sites.yaml:1: expected a mapping with a 'sites:' list"]
    assert errors("") == ["sites.yaml:1: expected a mapping with a 'sites:' list"]


def test_yaml_syntax_errors_give_their_line():
    text = 'sites:\n  - url: https://a.fr\n    schedule: "0 2 * * *\n  - url: https://b.fr\n'
    [message] = errors(text)
    assert message.startswith("sites.yaml:5: YAML syntax error: ")
    # an unquoted cron expression starting with '*' reads as a YAML alias: say so
    [message] = errors("sites:\n  - url: https://a.fr\n    schedule: */5 * * * *\n")
    assert message.startswith("sites.yaml:3: YAML syntax error: ")
    assert 'must be quoted, e.g. schedule: "*/15 * * * *"' in message


def test_a_missing_file_is_a_sites_file_error(tmp_path):
    with pytest.raises(SitesFileError, match="cannot read the sites file"):
        read_sites_file(tmp_path / "absent.yaml")


def fires(schedule: str, after: datetime, count: int = 3) -> list[str]:
    site = parse_sites(f"sites:\n  - url: https://a.fr\n    schedule: '{schedule}'\n").sites[0]
    trigger, moment, out = site.trigger(PARIS), after, []
    for _ in range(count):
        moment = trigger.get_next_fire_time(None, moment.replace(microsecond=1))
        out.append(moment.strftime("%a %H:%M"))
    return out


def test_weekdays_count_from_sunday_as_in_crontab():
    # APScheduler 3 alone would read 0 as Monday; crontab's 0 and 7 are Sunday.
    monday = datetime(2026, 3, 9, 12, 0, tzinfo=PARIS)  # a Monday
    assert fires("0 2 * * 0", monday, 2) == ["Sun 02:00", "Sun 02:00"]
    assert fires("0 2 * * 7", monday, 1) == ["Sun 02:00"]
    assert fires("0 2 * * 1-5", monday, 5) == [
        "Tue 02:00", "Wed 02:00", "Thu 02:00", "Fri 02:00", "Mon 02:00"]
    assert fires("0 2 * * */3", monday, 3) == ["Wed 02:00", "Sat 02:00", "Sun 02:00"]
    assert fires("15 8 * * sat,sun", monday, 2) == ["Sat 08:15", "Sun 08:15"]
