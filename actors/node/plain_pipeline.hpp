#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"

namespace tickline {

/// What a plain run produced.
struct plain_pipeline_result {
  std::uint64_t ticks = 0;
  std::uint64_t bars = 0;     ///< Bars closed by the scanners.
  std::uint64_t signals = 0;
  std::uint64_t events = 0;   ///< Replay: trades and bars read from the files.
};

/// The work of the actor graph (synthetic feed -> scanner -> whale, pattern and volatility
/// detectors -> signal log)
/// for the first feed of `cfg`, done by hand on the same state classes in a plain loop in
/// the calling thread, over `slices` slices of `slice_ns` from `start_ns`: the reference
/// the actors are benchmarked and tested against.
plain_pipeline_result run_plain_pipeline(const engine_config& cfg, std::int64_t start_ns,
                                         std::int64_t slice_ns, std::int64_t slices);

/// The same stages (scanner, detectors, signal log) over a backtest's data files, one
/// event at a time in data order (csv_replay_state), in a plain loop: the reference a
/// backtest through the actors is benchmarked against (it leaves out the trading actors,
/// so it bounds the backtest from above). Throws std::runtime_error on unreadable data.
plain_pipeline_result run_plain_replay(
  const engine_config& cfg,
  const std::vector<std::pair<std::string, std::vector<std::string>>>& files,
  std::int64_t from_ns, std::int64_t to_ns);

} // namespace tickline
