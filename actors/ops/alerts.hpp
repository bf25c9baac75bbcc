#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/ops/alerts_state.hpp"
#include "config/config.hpp"
#include "runtime/snapshotter.hpp"
#include "runtime/net/webhook_sender.hpp"

namespace tickline {

/// Actor state of the alerts actor.
struct alerts_actor {
  alerts_state alerts;
  std::shared_ptr<webhook_sender> sender;  ///< Null: no webhooks configured.
  bool log = true;                         ///< Also write each alert to the log.
  std::shared_ptr<node_counters> counters;
  clock_ptr clk;
  std::chrono::milliseconds poll{250};
  std::uint64_t escalations_seen = 0;      ///< The node's escalation count already reported.
  std::uint64_t emitted = 0;               ///< Alerts handed to the sinks.
  snapshotter snap;
  const alerts_state& persistent() const { return alerts; }
  static inline const char* name = "alerts";
};

/// Spawn arguments of the alerts actor.
struct alerts_args {
  std::string name = "alerts";
  alerts_config cfg;
  /// How often the node's trading state, equity and escalation count are read and held
  /// repeats flushed. Default: 250 ms.
  std::chrono::milliseconds poll{250};
  snapshot_env env;   ///< Its counters and clock are required.
};

/// The alert rules (alerts_state) as an actor. Takes signal batches (`std::vector<signal>`,
/// from the signal log) and `connection_status` (from the auditor); every `poll` it reads
/// the node's `risk_state` label, `equity` figure and escalation count from the counters
/// and sends held repeats whose interval has passed. Each alert goes to the log (warn) and
/// is queued for the webhooks, whose sender runs on its own thread: the actor never waits
/// on the network.
caf::behavior alerts(caf::stateful_actor<alerts_actor>* self, alerts_args args);

} // namespace tickline
