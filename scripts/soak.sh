#!/usr/bin/env bash
# Soak:  scripts/soak.sh MINUTES [OUT_DIR]
# Runs the demo node with chaos (workers crashed at random, restarted by their
# supervisors) while the HTTP API is under load (every read endpoint, /metrics, the actor
# tree, pause/resume controls), and samples the node's RSS, open files, threads and
# mailbox sizes every 5 s. Writes OUT_DIR/report.html (plots) and OUT_DIR/samples.json,
# prints a summary, and fails when a figure grows over the run (see scripts/soak.mjs).
# Builds build/ (release) when build/bin/tickline is missing. Needs node (>= 18).
set -euo pipefail
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "usage: $0 MINUTES [OUT_DIR]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TICKLINE_BIN:-$root/build/bin/tickline}
if [ ! -x "$bin" ]; then
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
  ninja -C "$root/build" -j"${JOBS:-$(nproc)}" tickline
fi
command -v node > /dev/null || { echo "$0: node is needed (apt-get install nodejs)" >&2; exit 2; }
exec node "$root/scripts/soak.mjs" "$bin" "$root/examples/demo.toml" "$1" "${2:-$root/soak-report}"
