#pragma once

#include <cstdint>

#include "config/config.hpp"

namespace tickline {

/// What a plain run produced.
struct plain_pipeline_result {
  std::uint64_t ticks = 0;
  std::uint64_t bars = 0;
  std::uint64_t signals = 0;
};

/// The work of the actor graph (synthetic feed -> scanner -> whale, pattern and volatility
/// detectors -> signal log)
/// for the first feed of `cfg`, done by hand on the same state classes in a plain loop in
/// the calling thread, over `slices` slices of `slice_ns` from `start_ns`: the reference
/// the actors are benchmarked and tested against.
plain_pipeline_result run_plain_pipeline(const engine_config& cfg, std::int64_t start_ns,
                                         std::int64_t slice_ns, std::int64_t slices);

} // namespace tickline
