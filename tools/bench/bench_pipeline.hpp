#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench pipeline`.
struct pipeline_options {
  int symbols = 100;               ///< Default: 100.
  std::uint64_t ticks = 1'000'000; ///< Total trades to generate, about. Default: 1,000,000.
  int threads = 0;                 ///< Scheduler threads; 0 = core count. Default: 0.
  std::uint64_t seed = 42;         ///< Default: 42.
  bool metrics = false;            ///< Actors push metrics and time handlers. Default: false.
};

/// Runs synthetic feed -> scanner -> three detectors -> signal log over actors, then the
/// same state classes in a plain single-threaded loop over the same trades, and returns
/// both throughputs and their ratio as one JSON object.
nlohmann::json run_pipeline(const pipeline_options& opts);

} // namespace tickline::bench
