"""The sites file (YAML): which sites to audit, when (cron) and with which options. It is
read by auditor.runs.targets.read_sites_file; this module parses its text.

    timezone: Europe/Paris              # of the cron expressions (default Europe/Paris)
    defaults:                           # optional; a site's own values win
      schedule: "0 2 * * *"
      tags: [client-a]
      options: {report_language: fr}
    sites:
      - url: https://www.example.fr
        name: Example                   # default: the host
        tags: [shop]
        schedule: "30 3 * * 1"          # minute hour day month weekday (0 or 7 = Sunday)
        options: {fail_on: high, internal_pages: 4}

Every error of the file is reported at once, each with its line and field path.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from auditor.contract import LANGUAGES, SEVERITIES
from auditor.domains import web_url_fault
from auditor.runs.folders import site_folder_name
from auditor.runs.problems import SitesFileError

DEFAULT_TIMEZONE = "Europe/Paris"

Severity = Literal[tuple(reversed(SEVERITIES))]  # the error message lists them least first

# option of the sites file -> Scrapy setting of the crawl (the whitelist; see README "Schedules")
OPTION_SETTINGS = {
    "report_language": "REPORT_LANGUAGE",
    "internal_pages": "AUDITOR_INTERNAL_PAGES",
    "page_timeout": "AUDITOR_PAGE_TIMEOUT",
    "settle_quiet": "AUDITOR_SETTLE_QUIET",
    "settle_cap": "AUDITOR_SETTLE_CAP",
    "banner_wait": "AUDITOR_BANNER_WAIT",
    "autoconsent": "AUDITOR_AUTOCONSENT",
    "trackerdb": "AUDITOR_TRACKERDB",
    "browser_args": "AUDITOR_BROWSER_ARGS",
    "ignore_https_errors": "AUDITOR_IGNORE_HTTPS_ERRORS",
    "fail_on": "FAIL_ON",
    "fail_on_new": "FAIL_ON_NEW",
}

CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
_CRONTAB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _q(value) -> str:
    """A value quoted as the messages show it."""
    return json.dumps(value, ensure_ascii=False, default=str)


# --- cron ---------------------------------------------------------------------------------

def _crontab_day(text: str) -> int:
    text = text.strip().lower()
    if text in _CRONTAB_DAYS:
        return _CRONTAB_DAYS.index(text)
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    raise ValueError(f"{text!r} is not a weekday (0-7 or sun-sat)")


def _crontab_weekdays(expr: str) -> str:
    """A crontab weekday field as APScheduler 3 names: its numbers start at Monday = 0 while
    crontab's Sunday is 0 (and 7), so numbers are translated, steps included."""
    if expr == "*":
        return "*"
    days: set[int] = set()
    for part in expr.split(","):
        span, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise ValueError(f"bad step {step_text!r}")
            step = int(step_text)
        if span == "*":
            low, high = 0, 6
        elif "-" in span:
            first, _, last = span.partition("-")
            low, high = _crontab_day(first), _crontab_day(last)
            if low > high:
                raise ValueError(f"range {span!r} goes backwards")
        else:
            low = _crontab_day(span)
            high = 7 if slash else low
        days.update(day % 7 for day in range(low, high + 1, step))
    return ",".join(_CRONTAB_DAYS[day] for day in sorted(days))


def cron_fields(expr: str) -> dict[str, str]:
    """The CronTrigger arguments of a 5-field crontab expression; ValueError says which field
    is wrong and why."""
    values = expr.split()
    if len(values) != 5:
        raise ValueError(f"{_q(expr)} is not a valid cron expression (5 fields expected: "
                         f"minute hour day month weekday; got {len(values)})")
    fields = dict(zip(CRON_FIELDS, values))
    try:
        fields["day_of_week"] = _crontab_weekdays(fields["day_of_week"])
    except ValueError as exc:
        raise ValueError(f"{_q(expr)} is not a valid cron expression (weekday: {exc})") from None
    for name, value in fields.items():
        try:
            CronTrigger(timezone="UTC", **{name: value})
        except ValueError as exc:
            reason = str(exc).split("': ", 1)[-1]
            label = "weekday" if name == "day_of_week" else name
            raise ValueError(f"{_q(expr)} is not a valid cron expression ({label}: {reason})") from None
    return fields


def cron_trigger(expr: str, timezone) -> CronTrigger:
    return CronTrigger(timezone=timezone, **cron_fields(expr))


# --- the file's shape (pydantic) ------------------------------------------------------------

class Options(BaseModel):
    """Audit options; each is one Scrapy setting of the crawl (OPTION_SETTINGS)."""

    model_config = ConfigDict(extra="forbid")

    report_language: str | None = None
    internal_pages: int | None = Field(None, ge=0, le=50)
    page_timeout: float | None = Field(None, gt=0)
    settle_quiet: float | None = Field(None, gt=0)
    settle_cap: float | None = Field(None, gt=0)
    banner_wait: float | None = Field(None, ge=0)
    autoconsent: bool | None = None
    trackerdb: bool | None = None
    browser_args: list[str] | None = None
    ignore_https_errors: bool | None = None
    fail_on: Severity | None = None
    fail_on_new: Severity | None = None

    @field_validator("report_language")
    @classmethod
    def _known_language(cls, value):
        if value is not None and value not in LANGUAGES:
            raise ValueError(f"{_q(value)} is not a report language ({', '.join(sorted(LANGUAGES))})")
        return value

    def given(self) -> dict[str, Any]:
        return {name: value for name, value in self.model_dump(exclude_unset=True).items()
                if value is not None}


class _Scheduled(BaseModel):
    """What a site and the defaults share."""

    model_config = ConfigDict(extra="forbid")

    schedule: str | None = None
    tags: list[str] = []
    options: Options = Options()

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        tags = [tag.strip() for tag in value]
        if any(not tag for tag in tags):
            raise ValueError("a tag is empty")
        return tags

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None:
            value = " ".join(value.split())
            cron_fields(value)
        return value


class Defaults(_Scheduled):
    pass


_URL_FAULTS = {"invalid": "is not a valid URL", "scheme": "is not an http(s) URL", "no_host": "has no host"}


class SiteEntry(_Scheduled):
    url: str
    name: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        fault = web_url_fault(value)
        if fault:
            raise ValueError(f"{_q(value)} {_URL_FAULTS[fault]}")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip()
            if not value:
                raise ValueError("the name is empty")
        return value


class FileShape(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timezone: str = DEFAULT_TIMEZONE
    defaults: Defaults = Defaults()
    sites: list[Any]

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{_q(value)} is not a known time zone (e.g. Europe/Paris)") from None
        return value

    @field_validator("defaults", mode="before")
    @classmethod
    def _empty_defaults(cls, value):
        return {} if value is None else value


# --- what the rest of the auditor uses ------------------------------------------------------

@dataclass(frozen=True)
class Site:
    url: str
    name: str
    key: str                       # auditor.runs.folders.site_folder_name(url): the history's site
    schedule: str                  # 5-field crontab expression
    tags: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    line: int = 0

    def settings(self) -> dict[str, str]:
        """The options as Scrapy settings (`-s NAME=VALUE` of the crawl)."""
        out = {}
        for option, value in self.options.items():
            if isinstance(value, bool):
                text = "1" if value else "0"
            elif isinstance(value, list):
                text = json.dumps(value)
            else:
                text = str(value)
            out[OPTION_SETTINGS[option]] = text
        return out

    def trigger(self, timezone) -> CronTrigger:
        return cron_trigger(self.schedule, timezone)


@dataclass(frozen=True)
class SitesFile:
    path: str
    timezone: ZoneInfo
    sites: tuple[Site, ...]


def parse_sites(text: str, filename: str = "sites.yaml") -> SitesFile:
    """The sites of a sites file, defaults applied; SitesFileError lists every problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise SitesFileError([_yaml_error(filename, exc)]) from None
    except yaml.YAMLError as exc:
        raise SitesFileError([f"{filename}: YAML error: {exc}"]) from None
    if not isinstance(data, dict) or root is None:
        line = root.start_mark.line + 1 if root is not None else 1
        raise SitesFileError([f"{filename}:{line}: expected a mapping with a 'sites:' list"])

    problems: list[tuple[int, str]] = list(_duplicate_keys(root, ()))
    shape = None
    try:
        shape = FileShape.model_validate(data)
    except ValidationError as exc:
        problems += _pydantic_problems(exc, (), root)

    defaults = shape.defaults if shape else _partial(Defaults, data.get("defaults"))
    raw_sites = data.get("sites") if isinstance(data.get("sites"), list) else []
    sites: list[Site] = []
    seen: dict[str, tuple[int, int]] = {}
    for index, raw in enumerate(raw_sites):
        loc = ("sites", index)
        try:
            entry = SiteEntry.model_validate(raw)
        except ValidationError as exc:
            problems += _pydantic_problems(exc, loc, root)
            continue
        line = _line(root, loc)
        schedule = entry.schedule or (defaults.schedule if defaults else None)
        if not schedule:
            if defaults is not None:  # a broken defaults.schedule is reported already
                problems.append((line, f"{_path(loc + ('schedule',))}: no schedule "
                                       f"(give one here or in defaults.schedule)"))
            continue
        key = site_folder_name(entry.url)
        if key in seen:
            first_index, first_line = seen[key]
            problems.append((_line(root, loc + ("url",)),
                             f"{_path(loc + ('url',))}: same site as sites[{first_index}] "
                             f"(line {first_line}): {key}"))
            continue
        seen[key] = (index, line)
        options = {**(defaults.options.given() if defaults else {}), **entry.options.given()}
        tags = tuple(dict.fromkeys([*(defaults.tags if defaults else []), *entry.tags]))
        sites.append(Site(url=entry.url, name=entry.name or urlsplit(entry.url).hostname,
                          key=key, schedule=schedule, tags=tags, options=options, line=line))

    if problems:
        problems.sort(key=lambda p: p[0])
        raise SitesFileError([f"{filename}:{line}: {message}" for line, message in problems])
    return SitesFile(path=filename, timezone=ZoneInfo(shape.timezone), sites=tuple(sites))


def _partial(model, raw):
    """The defaults when they validate on their own (so the sites can still be checked)."""
    try:
        return model.model_validate(raw or {})
    except ValidationError:
        return None


# --- errors with lines ----------------------------------------------------------------------

def _yaml_error(filename: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    message = f"{filename}:{line}: YAML syntax error: {what}"
    if "alias" in (exc.problem or "") or "alias" in (exc.context or ""):
        message += ' (a value starting with "*" must be quoted, e.g. schedule: "*/15 * * * *")'
    return message


def _path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _node(root: yaml.Node, loc: tuple) -> yaml.Node:
    """The deepest YAML node on the path `loc` (pydantic's error location)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = [value for key, value in node.value if key.value == part]
            if not match:
                break
            node = match[-1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
    return node


def _line(root: yaml.Node, loc: tuple) -> int:
    return _node(root, loc).start_mark.line + 1


def _pydantic_problems(exc: ValidationError, prefix: tuple, root) -> list[tuple[int, str]]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = prefix + tuple(error["loc"])
        kind, message = error["type"], error["msg"]
        if kind == "missing":
            message = "required"
            if loc[-1] == "url":
                message = "required (each site needs a url)"
        elif kind == "extra_forbidden":
            parent = loc[:-1]
            if parent and parent[-1] == "options":
                message = (f"unknown option {loc[-1]!r} (known: "
                           f"{', '.join(OPTION_SETTINGS)})")
            else:
                message = f"unknown field {loc[-1]!r}"
        elif kind == "value_error":
            message = message.removeprefix("Value error, ")
        else:
            message = f"{message} (got {_q(error['input'])})"
        problems.append((_line(root, loc), f"{_path(loc)}: {message}"))
    return problems


def _duplicate_keys(node: yaml.Node, loc: tuple):
    """PyYAML keeps the last of two equal keys silently; a sites file says it twice by mistake."""
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if key.value in seen:
                yield key.start_mark.line + 1, f"{_path(loc) or 'top level'}: {key.value!r} given twice"
            seen.add(key.value)
            yield from _duplicate_keys(value, loc + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, loc + (index,))
