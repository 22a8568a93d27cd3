#!/usr/bin/env bash
# The DfE reference validators' own virtual environment (.venv-ref, Python 3.11: they need numpy<2 and pandas 1.x).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON311=$(command -v python3.11 || ls -d "$HOME"/.pyenv/versions/3.11*/bin/python3.11 2>/dev/null | tail -n 1)
STAMP=.venv-ref/.installed-$(cksum scripts/reference/requirements-cin.txt | cut -d' ' -f1)
if [ ! -e "$STAMP" ]; then
    test -x .venv-ref/bin/python || "$PYTHON311" -m venv .venv-ref
    .venv-ref/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/reference/requirements-cin.txt
    rm -f .venv-ref/.installed-*
    touch "$STAMP"
fi
