#!/usr/bin/env bash
# Fuzzes one parser for a bounded time:  scripts/fuzz.sh TARGET SECONDS
#   TARGET: csv, binance_stream, webhook, config, http, records, venue_replies (fuzz/*.cpp)
# Builds the fuzz targets when needed, in build-fuzz (clang-14, ASan + UBSan, libFuzzer),
# or uses the build named by TICKLINE_FUZZ_BUILD. It starts from fuzz/corpus/TARGET; the new
# inputs that add coverage are merged into that corpus afterwards (TICKLINE_FUZZ_KEEP=0, as
# in CTest, leaves the repository alone). A crash, leak, hang or sanitizer report fails the
# run and leaves its input beside the build (fuzz-crashes/TARGET-*): fix the defect, then add
# the input to the corpus so that every later run replays it. TICKLINE_FUZZ_RUNS and
# TICKLINE_FUZZ_SEED (as CTest sets them) make the run a fixed number of inputs from a
# fixed seed: the same inputs on every machine.
set -euo pipefail

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 TARGET SECONDS" >&2
  exit 2
fi
name=$1
seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/fuzz/corpus/$name
if [ ! -d "$corpus" ]; then
  echo "$0: no fuzz target \"$name\" (no folder $corpus)" >&2
  exit 2
fi
build=${TICKLINE_FUZZ_BUILD:-$root/build-fuzz}
bin=$build/bin/fuzz_$name
if [ ! -x "$bin" ]; then
  command -v clang++-14 > /dev/null || { echo "$0: clang++-14 is needed (apt-get install clang-14)" >&2; exit 2; }
  CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DTICKLINE_SANITIZE=ON -DTICKLINE_FUZZ=ON > /dev/null
  ninja -C "$build" -j"${JOBS:-$(nproc)}" "fuzz_$name"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
crashes=$build/fuzz-crashes
mkdir -p "$crashes"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$root/scripts/ubsan.supp}
# New inputs go to the scratch folder (the first one named); the corpus is only read.
fixed=()
[ -n "${TICKLINE_FUZZ_RUNS:-}" ] && fixed+=(-runs="$TICKLINE_FUZZ_RUNS")
[ -n "${TICKLINE_FUZZ_SEED:-}" ] && fixed+=(-seed="$TICKLINE_FUZZ_SEED")
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/$name-" "${fixed[@]}" "$work" "$corpus"
if [ "${TICKLINE_FUZZ_KEEP:-1}" != 0 ] && [ -n "$(ls -A "$work")" ]; then
  "$bin" -merge=1 "$corpus" "$work" 2>&1 | grep -E "MERGE-OUTER: [0-9]+ new files" || true
fi
