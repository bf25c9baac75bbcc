#pragma once

// What every fuzz target shares: a check that aborts (so libFuzzer keeps the input) when a
// parser lets through something it promised to refuse.

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tickline::fuzz {

/// Aborts with `what` when `ok` is false.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

/// A price or quantity a parser passed on: finite and positive.
inline bool positive(double v) { return std::isfinite(v) && v > 0; }

} // namespace tickline::fuzz
