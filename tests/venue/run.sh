#!/bin/sh
# An unmodified Binance client (ccxt, from npm) against `tickline venue` on loopback
# (CTest: venue_ccxt, label e2e): installs ccxt from the lock file (npm ci) and runs
# ccxt.test.mjs with node's test runner against the tickline executable $1.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 path/to/tickline" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
TICKLINE_BIN=$bin exec node --test --test-reporter=spec ccxt.test.mjs
