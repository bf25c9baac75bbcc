#pragma once

#include <caf/actor_system_config.hpp>

#include "config/config.hpp"

namespace tickline {

/// The CAF configuration of a node: tickline's message types registered,
/// `scheduler.max-threads` set to `threads` (0 = the machine's core count).
class node_system_config : public caf::actor_system_config {
public:
  explicit node_system_config(int threads = 0);
  /// Same, with a deterministic test scheduler instead of the work-stealing one.
  static node_system_config testing();

  /// The number of scheduler threads this config asks for.
  int threads() const { return threads_; }

private:
  int threads_;
};

/// Resolves a configured thread count: 0 means std::thread::hardware_concurrency()
/// (at least 1).
int resolve_threads(int configured);

} // namespace tickline
