#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/indicators/indicators.hpp"
#include "actors/trading/orders/order_manager_state.hpp"
#include "actors/trading/portfolio/portfolio_state.hpp"
#include "messages/risk.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "storage/journal.hpp"

namespace tickline {

/// What the order manager does once the records decided before it are journaled: an
/// action's effect, a booked fill or a settled entry for the portfolio, or a refusal for
/// the strategy.
using om_effect = std::variant<om_action, booked_fill, entry_settled, risk_decision>;

/// Actor state of the order manager.
struct order_manager_actor {
  order_manager_state om;
  std::shared_ptr<journal> orders;       ///< The order journal: the truth of every order.
  routes broker;
  routes portfolio;                      ///< The portfolio and the trade logger: booked fills.
  routes strategy;                       ///< Told when an intent is refused here.
  routes watchers;                       ///< Orders sent, rejects and booked fills (stream).
  routes risk;                           ///< Told when the books disagree after a restart.
  bool books_checked = false;            ///< The start-up comparison with the broker is done.
  bool exits_breached = false;           ///< Exits broke an invariant: entries were paused.
  std::map<std::string, atr> atrs;       ///< Per symbol, on bars of the trailing timeframe.
  std::int64_t timeframe_s = 60;
  int atr_period = 14;
  std::int64_t figures_ns = INT64_MIN / 2;  ///< When the node figures were last set.
  std::int64_t retired_ns = INT64_MIN / 2;  ///< Without a journal: the last retire_done.
  std::shared_ptr<node_counters> counters;
  clock_ptr clk;
  snapshotter snap;
  // -- group commit ----------------------------------------------------------------------
  std::vector<std::string> pending_records;  ///< Decided, applied, not yet journaled.
  std::vector<om_effect> pending_effects;    ///< Held back until their records are durable.
  bool flush_queued = false;                 ///< A flush_atom is in the mailbox.
  bool flushing = false;                     ///< Carrying out effects after a write.
  std::uint64_t commits = 0;                 ///< Synced journal writes (group commits).
  // -- a journal that cannot be written: fail closed -----------------------------------
  std::string journal_error;                 ///< Why the last write failed; "" = writable.
  std::int64_t journal_down_ns = 0;          ///< When writes started failing.
  bool retry_queued = false;                 ///< A retry of the held write is scheduled.
  // -- checkpoints -----------------------------------------------------------------------
  portfolio_state ledger;                    ///< Booked fills up to the last checkpoint.
  std::vector<booked_fill> booked_since;     ///< Booked (decided) after it, in order.
  std::uint64_t checkpoint_every = 0;        ///< Records between checkpoints; 0 = never.
  std::uint64_t since_checkpoint = 0;        ///< Records appended since the last one.
  const order_manager_state& persistent() const { return om; }
  static inline const char* name = "order_manager";
};

/// Spawn arguments of the order manager.
struct order_manager_args {
  std::string name = "order_manager";
  orders_config cfg;
  std::shared_ptr<journal> orders;      ///< Null: nothing survives a restart (tests only).
  /// The cash the ledger of booked fills starts from: the portfolio's starting balance.
  double starting_balance = 0;
  std::string broker = "broker:paper";
  std::string portfolio = "portfolio";
  std::string trade_log;                ///< Gets what the portfolio gets; empty = none.
  std::string strategy = "strategy";
  std::string risk = "risk_supervisor";
  /// Get each order_request sent, each broker order_reject and each booked_fill (the
  /// operator's stream). Default: none.
  std::vector<std::string> watchers;
  std::int64_t timeframe_s = 60;        ///< Bars that move the trailing stops.
  int atr_period = 14;
  std::chrono::milliseconds tick{1000}; ///< Time stops and reconciliation retries.
  bool self_timed = true;               ///< False (replays): closed bars tell the time.
  snapshot_env env;
};

/// The order lifecycle (order_manager_state) as an actor, with the order journal as its
/// truth: no effect (an order or cancel sent, a query, a fill published, a refusal) leaves
/// before the records behind it are durable. Records are group-committed: those of every
/// message already queued are appended in one synced write when the manager's mailbox is
/// drained (a `flush_atom` sent to itself), and only then are the effects carried out, in
/// the order they were decided; a graceful stop writes first.
/// The `sent` record an effect itself produces is optional and rides with the next write.
/// Every `orders.checkpoint_every` records the journal is checkpointed: the manager's
/// state and the ledger of every fill it booked replace the entries they cover, in one
/// synced write. On start the latest checkpoint is loaded and the journal after it
/// replayed; the portfolio is rebuilt from the ledger and the fills booked after it
/// (`replay_atom` with the ledger's encoding, empty without a checkpoint, and
/// `std::vector<booked_fill>`; the trade logger gets the same), a new
/// session begins, and every order a crash left open is queried at the broker before any
/// new order is accepted. Takes approved `order_intent`s (from the risk supervisor only),
/// broker events (`order_ack`, `order_reject`, `fill`, `order_status`), closed bars
/// (trailing stops), `(cancel_all_atom, reason)` and `(flatten_atom, symbols[, reason])`.
/// Each fill, once journaled, goes on as a `booked_fill` saying what its order was for.
/// Once a restart's reconciliation is over, the manager asks the broker what it holds;
/// a symbol where that differs from its own net position is logged, and the risk
/// supervisor is told to pause (`[orders] on_mismatch = "reduce_only"`) or halt.
caf::behavior order_manager(caf::stateful_actor<order_manager_actor>* self,
                            order_manager_args args);

} // namespace tickline
