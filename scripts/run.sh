#!/usr/bin/env bash
# Set up the environment, validate the working corpus twice (ours, then frictionless) and build the release.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
claimtrace validate .
frictionless validate --type package datapackage.json
# Build dist/<name>-<version>/ (deterministic, so rebuilding with --force gives the same bytes),
# then have frictionless check the release too: CSV, Parquet and texts, with sizes and hashes.
# Capture the whole output first: piping into `head` would close the pipe early and, under pipefail,
# fail the job on the broken pipe.
release_out=$(claimtrace release . --force)
release_dir=${release_out%%$'\n'*}
claimtrace validate "$release_dir"
frictionless validate --type package "$release_dir/datapackage.json"
(cd "$release_dir" && sha256sum --check --quiet SHA256SUMS)
