#!/usr/bin/env bash
# Build the SSDA903 return (2025-26, with last year's tables) for a freshly generated synthetic authority and run
# the DfE reference validator on it: no error-level findings allowed (docs/returns/ssda903.md explains each rule).
#   scripts/reference/check_ssda903.sh [POPULATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/reference/setup.sh 903
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite:///$WORK/authority.sqlite3"
# Real postcodes for the validator's distance and placing-authority look-ups: a gazetteer extracted now from the
# validator's own postcode list into $WORK (deleted on exit, never committed); SAFEGUARD_LA_CODE is the authority's
# ONS code for this run (docs/decisions/0006-postcodes-for-reference-checks.md).
SAFEGUARD_LA_CODE=$(.venv-ref-903/bin/python scripts/reference/postcode_gazetteer.py "$WORK/postcodes.csv" \
    --la "${SAFEGUARD_LA_CODE:-E08000035}")
export SAFEGUARD_LA_CODE
.venv/bin/safeguard migrate --verbosity 0
.venv/bin/safeguard generate --population "${1:-8000}" --years 3 --seed 2026 --as-of 2026-04-01 \
    --postcodes "$WORK/postcodes.csv" >/dev/null
.venv/bin/safeguard returns build ssda903 --year 2025-26 --with-previous --out "$WORK/ssda903-2025-26" 2>/dev/null
.venv-ref-903/bin/python scripts/reference/run_903_validator.py "$WORK/ssda903-2025-26" --ruleset lac2025_26 \
    --la "$SAFEGUARD_LA_CODE"
