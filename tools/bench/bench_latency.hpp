#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench latency`.
struct latency_options {
  int symbols = 100;            ///< Default: 100.
  double rate = 100'000;        ///< Ticks per second offered, all symbols together. Default: 100,000.
  double seconds = 10;          ///< Measured run time. Default: 10.
  double warmup_seconds = 2;    ///< Run first, not measured (detector warm-up). Default: 2.
  std::int64_t slice_us = 1000; ///< Feed batch period in wall time. Default: 1 ms.
  int threads = 0;              ///< Scheduler threads; 0 = core count. Default: 0.
  std::uint64_t seed = 42;      ///< Default: 42.
};

/// Offers synthetic trades at a fixed rate in real time (one feed batch per slice) to
/// feed -> scanner -> three detectors -> signal log, and measures for every signal a
/// trade triggered (whale detector) the wall time from the feed batch that carried the
/// trade being sent to the signal being logged. Returns percentiles in microseconds.
nlohmann::json run_latency(const latency_options& opts);

} // namespace tickline::bench
