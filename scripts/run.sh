#!/usr/bin/env bash
# Set up the environment (writers pinned by constraints.txt), validate the working corpus twice
# (ours, then frictionless), build the release and its archives, check them, and check the
# working version against the release records in releases/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
claimtrace validate .
frictionless validate --type package datapackage.json
# Build dist/<name>-<version>/ and its .tar.gz archives (deterministic, so rebuilding with --force
# gives the same bytes), then have both validators check the release: hashes, Parquet against
# CSV, every rule. Capture the whole output first: piping into `head` would close the pipe early
# and, under pipefail, fail the job on the broken pipe.
release_out=$(claimtrace release . --force)
release_dir=${release_out%%$'\n'*}
claimtrace validate "$release_dir"
frictionless validate --type package "$release_dir/datapackage.json"
(cd "$release_dir" && sha256sum --check --quiet SHA256SUMS)
# A recorded version must rebuild byte for byte; a new one needs its CHANGELOG entry.
python scripts/check_release.py "$release_dir"
echo "release: $release_dir (and $release_dir.tar.gz); SHA256SUMS and every declared hash hold"
