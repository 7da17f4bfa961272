#!/usr/bin/env bash
# Set up the environment and run the linters and the test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ruff check src tests scripts
ruff format --check src tests scripts
pytest "$@"
