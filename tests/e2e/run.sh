#!/bin/sh
# The dashboard's end-to-end test (CTest: dashboard_e2e, label e2e): installs playwright-core
# from the lock file (npm ci; never a browser download) and runs dashboard.test.mjs with
# node's test runner against the tickline executable $1, in Debian's /usr/bin/chromium.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 path/to/tickline" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error
TICKLINE_BIN=$bin exec node --test --test-reporter=spec dashboard.test.mjs
