#!/usr/bin/env bash
# Prepares a fresh Debian machine for the auditor: Chromium, a venv with the
# project, and the pinned npm browser assets. Safe to run again: each step is
# skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*" >&2; }

# 1. Debian's Chromium (Playwright's own browser downloads are not used).
if [ -n "${AUDITOR_CHROMIUM:-}" ] && [ -x "${AUDITOR_CHROMIUM}" ]; then
  :
elif ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    say "Chromium is missing. Install it (Debian: sudo apt-get install chromium)"
    say "or point AUDITOR_CHROMIUM at a Chromium binary, then run this again."
    exit 1
  fi
fi

# 1b. For the tests only (`bootstrap.sh test`): PostgreSQL and Redis servers from Debian, which
# the history and distributed-mode tests start on their own ports.
if [ "${1:-}" = test ] && ! { [ -d /usr/lib/postgresql ] && command -v redis-server >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's postgresql and redis-server for the tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq postgresql redis-server >/dev/null 2>&1 || {
      apt-get update -qq && apt-get install -y -qq postgresql redis-server >/dev/null; }
  else
    say "postgresql and redis-server are missing: their tests will be skipped"
    say "(Debian: sudo apt-get install postgresql redis-server)"
  fi
fi

# 2. A venv with the project and its test dependencies, rebuilt when pyproject changes.
PY=${PYTHON:-python3}
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  say "installing the project into .venv"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# 3. Pinned npm packages the browser side needs, unpacked into a git-ignored cache.
mkdir -p .cache/npm
while read -r spec; do
  case "$spec" in ''|'#'*) continue ;; esac
  dir=.cache/npm/$(printf '%s' "$spec" | tr '/@' '__')
  [ -d "$dir/package" ] && continue
  if ! command -v npm >/dev/null 2>&1; then
    say "npm is missing: needed to fetch $spec (Debian: apt-get install npm)"
    exit 1
  fi
  say "fetching $spec"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1)
  mkdir -p "$dir"
  tar -xzf "$tmp"/*.tgz -C "$dir"
  rm -rf "$tmp"
done < assets/npm-assets.txt
