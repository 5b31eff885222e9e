"""Pure renderers: report dict in, HTML text out. The re-render command is reports/__main__.py
(`python -m reports`, also `python -m reports.render` as the contract names it)."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2

from auditor.contract import DEFAULT_LANGUAGE, SEVERITIES
from reports.i18n import Translator, translations
from reports.views.history import finding_notes, history_page_view, index_cells, since_view
from reports.views.index import IndexEntry, index_rows
from reports.views.site import site_view

TEMPLATES = Path(__file__).parent / "templates"
# No script runs in a site's report: whatever a site managed to put in it stays text.
SITE_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=None)
def environment(language: str = DEFAULT_LANGUAGE) -> jinja2.Environment:
    """The templates of one language: `{% trans %}` and `_()` through its gettext catalogue."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every {{ }} is escaped, .j2 templates included
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)
    return env


@lru_cache(maxsize=1)
def sort_script() -> tuple[str, str]:
    """The index's sorting script and the CSP source that allows it, and nothing else."""
    script = (TEMPLATES / "sort.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, f"'sha256-{digest}'"


def render_site(report: dict, language: str = DEFAULT_LANGUAGE,
                images: dict[str, bytes] | None = None) -> str:
    """report.html of one audit; `images` (file name -> PNG bytes) are embedded."""
    t = Translator(language)
    return environment(language).get_template("report.html.j2").render(
        v=site_view(report, t, images), t=t, csp=SITE_CSP,
        since=since_view(report, t), notes=finding_notes(report, t))


def render_index(entries: list[IndexEntry], language: str = DEFAULT_LANGUAGE) -> str:
    """index.html of REPORTS_DIR from its sites' latest reports."""
    t = Translator(language)
    script, source = sort_script()
    csp = SITE_CSP + f"; script-src {source}"
    return environment(language).get_template("index.html.j2").render(
        rows=index_rows(entries, t), t=t, lang=language, csp=csp, script=script,
        severities=[t(f"severity.{s}") for s in SEVERITIES], changes=index_cells(entries, t))


def render_history(report: dict, language: str = DEFAULT_LANGUAGE,
                   links: list[str | None] | None = None, latest_href: str | None = None) -> str:
    """REPORTS_DIR/<site>/history.html from the site's latest report's history.trend; `links`:
    relative links to each trend item's report (None when its folder is unknown). No script:
    the chart is inline SVG markup, escaped like the rest."""
    t = Translator(language)
    return environment(language).get_template("history.html.j2").render(
        h=history_page_view(report, t, links, latest_href), t=t, lang=language, csp=SITE_CSP)


if __name__ == "__main__":  # the contract's `python -m reports.render`
    from reports.__main__ import main
    raise SystemExit(main())
