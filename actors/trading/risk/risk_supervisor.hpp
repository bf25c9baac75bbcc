#pragma once

#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/trading/risk/risk_state.hpp"
#include "messages/portfolio.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the risk supervisor.
struct risk_supervisor_actor {
  risk_state risk;
  account_update account;             ///< The latest from the portfolio.
  routes order_manager;
  routes decisions_to;                ///< Every decision goes here (strategy, trade log).
  routes auditor;
  std::shared_ptr<node_counters> counters;
  clock_ptr clk;
  snapshotter snap;
  snapshotter control;             ///< risk_control_record, under "<name>/control".
  const risk_state& persistent() const { return risk; }
  static inline const char* name = "risk_supervisor";
};

/// Spawn arguments of the risk supervisor.
struct risk_supervisor_args {
  std::string name = "risk_supervisor";
  risk_setup setup;
  std::string order_manager = "order_manager";
  std::vector<std::string> decisions_to;   ///< e.g. {"strategy"}.
  std::string auditor = "auditor";
  snapshot_env env;
};

/// The single risk authority (risk_state) as an actor. Every `order_intent` from the
/// strategy is decided here; approved (or reduced) intents go on to the order manager and
/// every `risk_decision` to its listeners. Account updates, closed trades, closed bars,
/// `control_command`s and `connection_status` move its limits and trading state; when
/// they ask for it, the order manager is told `(cancel_all_atom, reason)` and
/// `(flatten_atom, symbols, reason)` (empty = every position). On start it asks the auditor for
/// every connection's current status. Sets the node's `risk_state` label.
caf::behavior risk_supervisor(caf::stateful_actor<risk_supervisor_actor>* self,
                              risk_supervisor_args args);

} // namespace tickline
