#!/usr/bin/env bash
# Create .venv (if needed) and install claimtrace with its test extra; sourced by the other scripts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]" -c constraints.txt
export PATH="$PWD/.venv/bin:$PATH"
