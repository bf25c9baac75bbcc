#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (as root, or with sudo):
#   scripts/quickstart.sh demo   install what is missing, build, run the demo node
#   scripts/quickstart.sh test   install what is missing, build, run every test
#                                (plus the sanitizer build of the concurrency tests)
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
test_packages=(catch2 r-base-core r-cran-ttr prometheus)

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

configure_and_build() { # build dir, ninja target ("" = all), extra cmake args...
  local dir=$1 target=$2; shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > /dev/null
  ninja -C "$dir" -j"$jobs" $target
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

# Address and undefined-behaviour sanitizers over the tests that run actors, threads,
# signals and child processes: only those are built (target sanitize_tests).
configure_and_build build-sanitize sanitize_tests -DTICKLINE_SANITIZE=ON
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/scripts/ubsan.supp" \
  ctest --output-on-failure -j"$jobs" -L sanitize)
