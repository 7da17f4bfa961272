#!/usr/bin/env bash
# Install claimtrace alone (plain `pip install .`, no extras, no constraints) into a fresh virtual
# environment and run the commands and the loader there: proof that every runtime import is
# declared. Usage: bash scripts/standalone.sh RELEASE   (a release folder or .tar.gz to load)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
release=$(realpath "$1")
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check .
"$venv/bin/claimtrace" --version
"$venv/bin/claimtrace" validate .
"$venv/bin/claimtrace" validate "$release"
"$venv/bin/python" -c "import claimtrace, sys; t = claimtrace.load(sys.argv[1]); print({k: v.height for k, v in t.items()})" "$release"
site=$("$venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "standalone install: $(du -sm "$site" | cut -f1) MB in site-packages"
