#!/usr/bin/env bash
# The DfE reference validators' own virtual environments (Python 3.11: they need old numpy and pandas 1.x).
#   scripts/reference/setup.sh cin   → .venv-ref      (csc-validator-be-cin, requirements-cin.txt)
#   scripts/reference/setup.sh 903   → .venv-ref-903  (csc-validator-be-903, requirements-903.txt; it pins
#                                       numpy<1.25, which conflicts with the CIN validator's numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON311=$(command -v python3.11 || ls -d "$HOME"/.pyenv/versions/3.11*/bin/python3.11 2>/dev/null | tail -n 1)

environment() {  # environment VENV REQUIREMENTS
    local stamp="$1/.installed-$(cksum "$2" | cut -d' ' -f1)"
    if [ ! -e "$stamp" ]; then
        test -x "$1/bin/python" || "$PYTHON311" -m venv "$1"
        "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2"
        rm -f "$1"/.installed-*
        touch "$stamp"
    fi
}

case "${1:-cin}" in
    cin) environment .venv-ref scripts/reference/requirements-cin.txt ;;
    903) environment .venv-ref-903 scripts/reference/requirements-903.txt ;;
    *) echo "usage: $0 cin|903" >&2; exit 2 ;;
esac
