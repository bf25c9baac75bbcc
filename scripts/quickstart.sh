#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (as root, or with sudo):
#   scripts/quickstart.sh demo   install what is missing, build, run the demo node
#   scripts/quickstart.sh test   install what is missing, build, run every test; then
#                                the clang-14 builds: ASan + UBSan (the concurrency and
#                                process tests, the fuzz corpora and short fuzzing) and
#                                TSan (the in-process tests of actors and threads)
set -euo pipefail

mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc)}

build_packages=(
  g++ cmake ninja-build pkg-config
  libcaf-dev libboost-dev librocksdb-dev libcereal-dev prometheus-cpp-dev
  libtomlplusplus-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libssl-dev
)
test_packages=(catch2 r-base-core r-cran-ttr prometheus clang-14 libclang-rt-14-dev)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The dashboard's end-to-end test runs node (Debian's nodejs, or one already present: a
# nodejs from elsewhere brings its own npm) and Debian's Chromium.
install_e2e_tools() {
  local pkgs=()
  command -v node > /dev/null || pkgs+=(nodejs)
  command -v npm > /dev/null || pkgs+=(npm)
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  [ ${#pkgs[@]} -eq 0 ] || install_missing "${pkgs[@]}"
}

configure_and_build() { # build dir, ninja targets ("" = all), extra cmake args...
  local dir=$1 targets=$2; shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > /dev/null
  ninja -C "$dir" -j"$jobs" $targets
}

if [ "$mode" = demo ]; then
  install_missing "${build_packages[@]}"
  configure_and_build build "" -DBUILD_TESTING=OFF
  echo "== starting the demo node (Ctrl-C stops it gracefully)"
  exec build/bin/tickline run
fi

install_missing "${build_packages[@]}" "${test_packages[@]}"
install_e2e_tools
configure_and_build build ""
(cd build && ctest --output-on-failure -j"$jobs")

# The sanitizer builds use clang-14: it compiles them about three times faster than g++
# here, and it brings libFuzzer. Only the tests that need them are built.
export CC=clang-14 CXX=clang++-14

# Address and undefined-behaviour sanitizers over the tests that run actors, threads,
# signals and child processes (target sanitize_tests), and the fuzz targets: their seed
# corpora replayed, then each fuzzed for a short bounded time (label fuzz).
configure_and_build build-sanitize "sanitize_tests fuzz_targets" -DTICKLINE_SANITIZE=ON -DTICKLINE_FUZZ=ON
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/scripts/ubsan.supp"
(cd build-sanitize && ctest --output-on-failure -j"$jobs" -L sanitize)
# Apart: fuzzing takes whole cores, and the crash tests above are timed.
(cd build-sanitize && ctest --output-on-failure -j"$jobs" -L fuzz)

# Thread sanitizer over the in-process tests of actors, servers and threads (label tsan).
configure_and_build build-tsan tsan_tests -DTICKLINE_SANITIZE=thread
(cd build-tsan && TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/tsan.supp" \
  ctest --output-on-failure -j"$jobs" -L tsan)
