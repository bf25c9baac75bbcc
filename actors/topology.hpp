#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "config/config.hpp"
#include "runtime/clock.hpp"
#include "runtime/counters.hpp"

namespace tickline {

/// The running actor graph of a node. This is the one place that knows which actor talks
/// to which: feed -> scanner:<SYM> -> detector:whale:<SYM> -> signal_log.
class topology {
public:
  /// Spawns the graph described by `cfg` (sinks first, feeds last so that nothing sends
  /// to an actor that does not exist yet). Throws std::invalid_argument on a config the
  /// loader should have rejected.
  static topology start(caf::actor_system& sys, const engine_config& cfg, clock_ptr clk,
                        std::shared_ptr<node_counters> counters, bool self_timed_feeds = true);

  /// Stops the graph in data-path order: feeds stop producing and send end_atom; each
  /// stage drains its mailbox, passes end_atom on and quits. Waits up to `timeout` for
  /// every actor; returns false when some had to be killed.
  bool stop(caf::actor_system& sys, std::chrono::milliseconds timeout);

  /// Every actor, in start order.
  std::vector<caf::actor> all() const;

  std::vector<caf::actor> feeds;
  std::vector<caf::actor> scanners;
  std::vector<caf::actor> detectors;
  caf::actor sink;
  /// Actors with no upstream actor to send them end_atom (a symbol no feed serves, the
  /// signal log when no detector runs); stop() ends them directly.
  std::vector<caf::actor> unfed;
};

} // namespace tickline
