#!/usr/bin/env bash
# Build the CIN census for a freshly generated synthetic authority and run the DfE reference validator on it:
# no error-level findings allowed (queries are listed; docs/returns.md explains each).
#   scripts/reference/check_cin_census.sh [POPULATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/reference/setup.sh cin
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite:///$WORK/authority.sqlite3"
.venv/bin/safeguard migrate --verbosity 0
.venv/bin/safeguard generate --population "${1:-8000}" --years 3 --seed 2026 --as-of 2026-04-01 >/dev/null
.venv/bin/safeguard returns build cin-census --year 2025-26 --out "$WORK/cin-2025-26.xml" 2>/dev/null
.venv-ref/bin/python scripts/reference/run_cin_validator.py "$WORK/cin-2025-26.xml"
