#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright; Playwright's own browser download cannot work
# offline, so the distribution package is the browser. Needs root (or sudo).
set -euo pipefail
if command -v chromium >/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
