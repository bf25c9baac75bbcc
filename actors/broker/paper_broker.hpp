#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/broker/paper_broker_state.hpp"
#include "actors/broker/paper_broker_store.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the paper broker.
struct paper_broker_actor {
  paper_broker_state broker;
  routes clients;                ///< Get acks, rejects, fills and statuses (the order manager).
  std::vector<std::string> symbols;  ///< The symbols it takes orders for (a clean start).
  clock_ptr clk;
  snapshotter snap;                ///< Reads a full snapshot written before books existed.
  std::unique_ptr<paper_broker_store> books;  ///< Null without a store: nothing is saved.
  std::vector<broker_event> pending;  ///< Held back until the next save (one per drain).
  bool flush_queued = false;       ///< A flush_atom is in the mailbox.
  std::uint64_t saves = 0;         ///< Batches written.
  std::string save_error;          ///< Why the last save failed; "" = saved.
  routes auditor;                  ///< Gets the broker's heartbeats; empty = none.
  std::uint64_t heartbeats = 0;    ///< Heartbeats sent, the last one's seq.
  const paper_broker_state& persistent() const { return broker; }
  static inline const char* name = "broker";
};

/// Spawn arguments of the paper broker.
struct paper_broker_args {
  std::string name = "broker:paper";
  broker_config cfg;
  std::vector<std::string> symbols;     ///< The only symbols it takes orders for.
  std::vector<std::string> clients;     ///< e.g. {"order_manager"}.
  snapshot_env env;
  /// Gets a heartbeat every `heartbeat` while the broker's mailbox is served, so that a
  /// broker that died or hangs shows as a lost connection; empty = none (a backtest).
  std::string auditor;
  std::chrono::milliseconds heartbeat{0};
};

/// A simulated venue (paper_broker_state) as an actor. Takes `order_request`,
/// `order_cancel` and `order_query` (answered with an `order_status`), and market data
/// (`std::vector<trade_tick>`, `std::vector<book_top>`, `std::vector<bar>`) that fills
/// the working orders. Its books are its venue, kept incrementally (paper_broker_store):
/// what the messages already queued changed is written in one batch when the mailbox is
/// drained (a `flush_atom` sent to itself), and only then do the resulting acks and fills
/// go out, in order; a request (a query, `ledger_atom`) and a graceful stop
/// write first. So a node killed at any moment restarts with a broker that remembers
/// every order it accepted and every fill it made, and refuses an order id it has seen.
/// Books saved before as one full snapshot are read once and written in pieces.
caf::behavior paper_broker(caf::stateful_actor<paper_broker_actor>* self, paper_broker_args args);

} // namespace tickline
