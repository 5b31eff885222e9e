"""How the auditor's browser is set up so that sites see an ordinary French visitor."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# Without the network-related flags Chromium phones home at every start; with
# AutomationControlled disabled, navigator.webdriver is false as for a visitor.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-blink-features=AutomationControlled",
    "--lang=fr-FR",
]
ACCEPT_LANGUAGE = "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"
VIEWPORT = {"width": 1366, "height": 768}
# A default profile keeps third-party cookies; Playwright's incognito contexts do not.
PREFERENCES = {
    "profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False},
    "intl": {"accept_languages": "fr-FR,fr,en-US,en"},
}


class BrowserNotFound(RuntimeError):
    pass


def find_chromium(configured: str | None) -> str:
    candidates = [configured] if configured else [
        shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    where = f"AUDITOR_CHROMIUM={configured}" if configured else "chromium on PATH"
    raise BrowserNotFound(
        f"No Chromium found ({where}). Install Debian's chromium "
        "(apt-get install chromium) or set AUDITOR_CHROMIUM to a Chromium binary."
    )


@lru_cache(maxsize=8)
def chromium_major_version(executable: str) -> str:
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    match = re.search(r"(\d+)\.\d+\.\d+\.\d+", out)
    return match.group(1) if match else "130"


def visitor_user_agent(major: str) -> str:
    """Chrome's reduced desktop user agent, without the 'HeadlessChrome' token."""
    return (f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{major}.0.0.0 Safari/537.36")


def parse_browser_args(value) -> list[str]:
    """AUDITOR_BROWSER_ARGS: a JSON list (or a list already)."""
    if not value:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"AUDITOR_BROWSER_ARGS must be a JSON list of strings: {exc}") from exc
    if not isinstance(value, (list, tuple)) or not all(isinstance(a, str) for a in value):
        raise ValueError("AUDITOR_BROWSER_ARGS must be a JSON list of strings")
    return list(value)


@dataclass
class BrowserProfile:
    executable: str
    extra_args: list[str] = field(default_factory=list)
    ignore_https_errors: bool = False

    @classmethod
    def from_settings(cls, settings) -> "BrowserProfile":
        return cls(
            executable=find_chromium(settings.get("AUDITOR_CHROMIUM")),
            extra_args=parse_browser_args(settings.get("AUDITOR_BROWSER_ARGS")),
            ignore_https_errors=settings.getbool("AUDITOR_IGNORE_HTTPS_ERRORS"),
        )

    @property
    def user_agent(self) -> str:
        return visitor_user_agent(chromium_major_version(self.executable))

    def new_profile_dir(self) -> Path:
        """A fresh, empty Chromium profile that keeps third-party cookies."""
        path = Path(tempfile.mkdtemp(prefix="auditor-profile-"))
        (path / "Default").mkdir()
        (path / "Default" / "Preferences").write_text(json.dumps(PREFERENCES))
        return path

    def context_kwargs(self, user_data_dir: Path, har_path: Path | None) -> dict:
        """Launch and context options of one persistent context (scrapy-playwright opens
        a persistent context when `user_data_dir` is given)."""
        kwargs = {
            "user_data_dir": str(user_data_dir),
            "executable_path": self.executable,
            "headless": True,
            "args": LAUNCH_ARGS + self.extra_args,
            "ignore_default_args": ["--enable-automation"],
            "ignore_https_errors": self.ignore_https_errors,
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "viewport": VIEWPORT,
            "user_agent": self.user_agent,
            "extra_http_headers": {"Accept-Language": ACCEPT_LANGUAGE},
        }
        if har_path is not None:
            kwargs["record_har_path"] = str(har_path)
            kwargs["record_har_content"] = "omit"
        return kwargs
