#pragma once

#include <chrono>
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
  /// How long a graceful stop may take before actors are killed. Default: 10 s.
  std::chrono::milliseconds stop_timeout{10'000};
};

/// Runs a node from a validated config until SIGINT/SIGTERM or `opts.duration`, then
/// stops it in order and writes the summary. Returns the process exit status: 0 after a
/// clean stop, 1 when the stop timed out or the summary could not be written. Throws
/// std::runtime_error for start-up failures (data dir, log file), naming the place.
int run_node(const engine_config& cfg, const run_options& opts);

} // namespace tickline
