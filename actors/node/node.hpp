#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace tickline {

/// How `tickline run` runs a node.
struct run_options {
  /// Stop gracefully after this long. Default: run until SIGINT/SIGTERM.
  std::optional<std::chrono::nanoseconds> duration;
  /// Write the summary JSON here at exit. Default: none.
  std::string summary_path;
  /// How long a graceful stop may take before actors are killed. Default: 30 s.
  std::chrono::milliseconds stop_timeout{30'000};
  /// Chaos mode: crashes per second of randomly chosen workers; 0 = off. Default: 0.
  double chaos_rate = 0;
  /// Seed of chaos mode's choices. Default: 1.
  std::uint64_t seed = 1;
};

/// Exit statuses of run_node.
enum run_status : int {
  run_ok = 0,               ///< Stopped cleanly.
  run_unclean = 1,          ///< The stop timed out or the summary could not be written.
  run_tree_failed = 3,      ///< The root supervisor gave up (restart intensity exceeded).
};

/// Runs a node from a validated config until SIGINT/SIGTERM, `opts.duration`, or the root
/// supervisor giving up; takes one atomic snapshot of every actor, stops the tree in
/// order, and writes the summary. Returns a run_status. Throws std::runtime_error for
/// start-up failures (data dir, database, log file), naming the place.
int run_node(const engine_config& cfg, const run_options& opts);

} // namespace tickline
