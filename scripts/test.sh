#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs what the tests need and is missing (Debian's
# Chromium and a Chinese font for the browser tests, PostgreSQL for the tests on both engines), starts a
# throw-away PostgreSQL server on 127.0.0.1, checks the formatting, then runs every test project. Extra arguments go to dotnet test.
#     bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/apt-install
. scripts/apt-install

# The browser tests drive Debian's Chromium (never a downloaded browser); pages are Chinese, so a CJK font.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi"; then
  apt_install chromium fonts-wqy-microhei
fi

# A PostgreSQL server on loopback: the integration tests, the access matrix and the browser pages run on both engines.
eval "$(bash scripts/start-postgres)"

# Layout and style first: the build treats analyzer findings as errors, and this catches what the build does not
# (whitespace, usings order, the .editorconfig's formatting rules). Fix with: dotnet format DashboardApp.sln
dotnet restore DashboardApp.sln
dotnet format DashboardApp.sln --verify-no-changes --no-restore

dotnet test DashboardApp.sln --no-restore "$@"
