#pragma once

#include <cstddef>
#include <string>

#include "runtime/registry.hpp"

namespace tickline {

/// The books of a backtest checked against each other, between two events (while no
/// actor runs: the deterministic scheduler has run dry):
///  - every symbol's position in the order manager equals the paper broker's;
///  - every order the order manager counts as working is working at the broker, with the
///    same quantity left, and every order working at the broker is one it counts on;
///  - no fill is stamped before its order reached the broker;
///  - the portfolio's cash is the broker's cash.
/// Reads the actors' state directly, which is only safe on the test scheduler between
/// events. Not for a live node.
class backtest_invariants {
public:
  backtest_invariants(const actor_registry& registry, std::string broker_name);

  /// The first invariant that does not hold, described ("order manager position of
  /// BTCUSDT is 0.5, the broker's 0.4"); empty when all hold.
  std::string check();

private:
  const actor_registry& registry_;
  std::string broker_name_;
  std::size_t fills_checked_ = 0;
};

} // namespace tickline
