#!/usr/bin/env bash
# Set up the environment, validate the working corpus twice (ours, then frictionless) and build the release.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
claimtrace validate .
frictionless validate --type package datapackage.json
