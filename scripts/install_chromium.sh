#!/usr/bin/env bash
# Install Debian's chromium for the viewer's browser test (tests/test_viewer_browser.py) when it is
# missing: idempotent and quiet. Playwright drives this system browser; it never downloads one.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install_chromium: /usr/bin/chromium is missing and this is not root; run: apt-get install chromium" >&2
  exit 1
fi
started=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install_chromium: chromium installed in $((SECONDS - started)) s"
